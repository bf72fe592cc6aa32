/**
 * Comments on a ticket page in a real browser against the real stack: a fan adds, edits and
 * deletes a comment; the seller removes someone else's; a `<script>` in a comment stays text,
 * both as the server renders it and as the browser adds it.
 */
import { startStack, type Stack } from '@ticketing/runner';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newVisitor, snap } from './support/browser';
import { listThroughApi, signUpInBrowser, uniqueEmail, uniqueTitle } from './support/journeys';

jest.setTimeout(180_000);

const SCRIPT = '<script>window.__pwned = true</script><img src=x onerror="window.__pwned = true">';

describe('comments on a ticket page', () => {
  let stack: Stack;
  let browser: Browser;
  let web: string;
  const contexts: BrowserContext[] = [];
  let ticketPath: string;
  let seller: Page;
  let fan: Page;
  let fanName: string;

  const visitor = async (): Promise<Page> => {
    const v = await newVisitor(browser, web);
    contexts.push(v.context);
    return v.page;
  };
  const comments = (page: Page) => page.getByTestId('comment');
  /** The comment whose text is exactly this (the text paragraph, not the author line). */
  const commentWith = (page: Page, text: string) =>
    comments(page).filter({ has: page.getByText(text, { exact: true }) });
  const post = async (page: Page, text: string) => {
    await page.getByLabel('Add a comment').fill(text);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await commentWith(page, text).waitFor();
  };

  beforeAll(async () => {
    // One after the other: if the stack fails, no browser is left open to hold jest.
    stack = await startStack({ ports: 'free' });
    browser = await launchBrowser();
    web = stack.appUrl('web');
  }, 240_000);

  it('when a seller lists a ticket, then its page has an empty comments section', async () => {
    seller = await visitor();
    await signUpInBrowser(seller, uniqueEmail('seller'));
    const [id] = await listThroughApi(seller, { title: uniqueTitle('Comment Cabaret') });
    ticketPath = `/tickets/${id}`;
    fan = await visitor();
    const email = uniqueEmail('fan');
    fanName = email.split('@')[0]!;
    await signUpInBrowser(fan, email);
    await fan.goto(ticketPath);
    await fan.getByTestId('no-comments').waitFor();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await stack?.stop();
  });

  it('when a signed-out visitor opens the page, then they are asked to sign in to comment', async () => {
    const anonymous = await visitor();
    await anonymous.goto(ticketPath);
    await anonymous.getByTestId('comments').getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await anonymous.getByLabel('Add a comment').count()).toBe(0);
  });

  it('when a fan adds a comment, then it shows with their name, also after a reload', async () => {
    await post(fan, 'Is row 5 close to the stage?\nAsking for a friend.');

    const shown = commentWith(fan, 'Is row 5 close to the stage?\nAsking for a friend.');
    expect(await shown.getByTestId('comment-author').textContent()).toBe(fanName);
    await fan.reload();
    await commentWith(fan, 'Is row 5 close to the stage?\nAsking for a friend.').waitFor();
    await fan.getByRole('heading', { name: 'Comments (1)' }).waitFor();
    await snap(fan, 'comments', '01-added');
  });

  it("when the event page is opened, then it shows the listing's comment count and the event's own thread", async () => {
    const ticket = await (await fan.request.get(`/api${ticketPath}`)).json();
    await fan.goto(`/events/${ticket.eventId}`);
    await fan.getByTestId('listing-comments').filter({ hasText: '1 comment' }).waitFor();

    await post(fan, 'Meeting at the bar before the show?');

    await fan.reload();
    await commentWith(fan, 'Meeting at the bar before the show?').waitFor();
    await snap(fan, 'comments', '01b-event-page');
    await fan.goto(ticketPath);
  });

  it('when the fan edits it, then the new text shows marked edited', async () => {
    const mine = commentWith(fan, 'Is row 5 close to the stage?\nAsking for a friend.');
    await mine.getByRole('button', { name: 'Edit' }).click();
    await fan.getByLabel('Edit your comment').fill('Is row 5 close to the stage?');
    await fan.getByRole('button', { name: 'Save' }).click();

    const edited = commentWith(fan, 'Is row 5 close to the stage?');
    await edited.getByTestId('comment-edited').waitFor();
    await fan.reload();
    await commentWith(fan, 'Is row 5 close to the stage?').getByTestId('comment-edited').waitFor();
    await snap(fan, 'comments', '02-edited');
  });

  it('when a comment holds <script> and HTML, then it shows as text and nothing runs', async () => {
    await post(fan, SCRIPT);

    // As the browser added it, then as the server renders it.
    for (const step of ['added', 'reloaded']) {
      if (step === 'reloaded') await fan.reload();
      const text = commentWith(fan, SCRIPT).getByTestId('comment-text');
      expect(await text.textContent()).toBe(SCRIPT);
      expect(await text.locator('script, img').count()).toBe(0);
      expect(await fan.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
    }
    await snap(fan, 'comments', '03-script-as-text');
  });

  it('when the fan deletes their comment, then it is gone', async () => {
    const mine = commentWith(fan, SCRIPT);
    await mine.getByRole('button', { name: 'Delete' }).click();
    await mine.getByRole('button', { name: 'Yes, delete' }).click();
    await commentWith(fan, SCRIPT).waitFor({ state: 'detached' });

    await fan.reload();
    await commentWith(fan, 'Is row 5 close to the stage?').waitFor();
    expect(await commentWith(fan, SCRIPT).count()).toBe(0);
  });

  it("when another user reads it, then they can neither edit nor remove the fan's comment", async () => {
    const other = await visitor();
    await signUpInBrowser(other, uniqueEmail('other'));
    await other.goto(ticketPath);
    const theirs = commentWith(other, 'Is row 5 close to the stage?');
    await theirs.waitFor();
    expect(await theirs.getByRole('button').count()).toBe(0);
  });

  it("when the seller removes the fan's comment, then it is gone for everyone", async () => {
    await seller.goto(ticketPath);
    const fans = commentWith(seller, 'Is row 5 close to the stage?');
    expect(await fans.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    await fans.getByRole('button', { name: 'Remove' }).click();
    await fans.getByRole('button', { name: 'Yes, delete' }).click();
    await commentWith(seller, 'Is row 5 close to the stage?').waitFor({ state: 'detached' });
    await snap(seller, 'comments', '04-seller-removed');

    await fan.reload();
    await fan.getByTestId('no-comments').waitFor();
  });
});
