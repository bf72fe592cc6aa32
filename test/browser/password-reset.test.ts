/**
 * "Forgot password" end to end: the link goes out through auth's sidecar (the `email` SMTP
 * binding) to the stack's Mailpit; the test reads it from Mailpit's API, follows it, sets a new
 * password and signs in with it, while the session that was open before is ended.
 */
import { startStack, type Stack } from '@ticketing/runner';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newVisitor, snap } from './support/browser';
import { signUpInBrowser, uniqueEmail } from './support/journeys';

jest.setTimeout(180_000);

interface MailpitSummary {
  ID: string;
  Created: string;
  Subject: string;
  To: { Address: string }[];
}

describe('password reset in the browser', () => {
  let stack: Stack;
  let browser: Browser;
  let web: string;
  let mailpit: string;
  const contexts: BrowserContext[] = [];

  const visitor = async (): Promise<Page> => {
    const v = await newVisitor(browser, web);
    contexts.push(v.context);
    return v.page;
  };

  beforeAll(async () => {
    stack = await startStack({ ports: 'free', only: ['web'] });
    browser = await launchBrowser();
    web = stack.appUrl('web');
    mailpit = `http://127.0.0.1:${stack.service('mailpit').ports.ui}`;
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await stack?.stop();
  });

  /** The newest mail to `email`, polled from Mailpit's API. */
  async function mailTo(email: string, timeoutMs = 30_000): Promise<{ html: string; at: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const query = encodeURIComponent(`to:"${email}"`);
      const res = await fetch(`${mailpit}/api/v1/search?query=${query}`);
      const { messages } = (await res.json()) as { messages: MailpitSummary[] };
      const found = messages.find((m) => m.To.some((t) => t.Address === email));
      if (found) {
        const at = Date.now();
        const message = (await (await fetch(`${mailpit}/api/v1/message/${found.ID}`)).json()) as {
          HTML: string;
          Subject: string;
        };
        expect(message.Subject).toBe('Reset your Ticketing password');
        return { html: message.HTML, at };
      }
      if (Date.now() > deadline) throw new Error(`no mail to ${email} in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('when a user forgets their password, then the mailed link sets a new one, which signs in, and the old session ends', async () => {
    const email = uniqueEmail('forgetful');
    const before = await visitor();
    await signUpInBrowser(before, email);

    const page = await visitor();
    await page.goto('/signin');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL('**/forgot-password');
    await page.getByLabel('Email').fill(email);
    await snap(page, 'password-reset', '01-forgot-password');
    const askedAt = Date.now();
    await page.getByRole('button', { name: 'Send me a reset link' }).click();
    await page.getByText('If an account exists for that email').waitFor();

    const mail = await mailTo(email);
    process.stdout.write(`forgot password -> mail in Mailpit: ${mail.at - askedAt} ms\n`);
    const link = /href="([^"]+\/reset-password\?token=[^"]+)"/.exec(mail.html)?.[1];
    expect(link).toBeDefined();

    await page.goto(link!.replace(/&amp;/g, '&'));
    await page.getByLabel('New password').fill('a whole new phrase');
    await snap(page, 'password-reset', '02-reset-password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('Your password has been set').waitFor();
    await page.getByRole('link', { name: 'Sign in with it' }).click();

    await page.waitForURL('**/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a whole new phrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in-as').filter({ hasText: email }).waitFor();
    await snap(page, 'password-reset', '03-signed-in');

    // The browser that was signed in before the reset is signed out now.
    await before.reload();
    await before.getByRole('link', { name: 'Sign in' }).first().waitFor();
    expect(await before.getByTestId('signed-in-as').count()).toBe(0);

    // The link works once.
    await page.goto(link!.replace(/&amp;/g, '&'));
    await page.getByLabel('New password').fill('one more new phrase');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('This reset link is invalid').waitFor();
  });
});
