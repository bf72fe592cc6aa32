/**
 * Journeys that need a short reservation window (3 s) or no purchase at all: an unpaid order
 * expires and its ticket goes back on sale; forms show the API's errors next to their fields;
 * a signed-out visitor is sent to sign in and brought back; the API answers on the same origin.
 */
import { startStack, type Stack } from '@ticketing/runner';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newVisitor, snap } from './support/browser';
import {
  buyOpenTicket,
  findAndOpen,
  listThroughApi,
  PASSWORD,
  signUpInBrowser,
  uniqueEmail,
  uniqueTitle,
} from './support/journeys';

jest.setTimeout(180_000);

describe('expiry, forms and sign-in in the browser', () => {
  let stack: Stack;
  let browser: Browser;
  let web: string;
  const contexts: BrowserContext[] = [];

  const visitor = async (): Promise<Page> => {
    const v = await newVisitor(browser, web);
    contexts.push(v.context);
    return v.page;
  };

  beforeAll(async () => {
    stack = await startStack({ ports: 'free', env: { EXPIRATION_WINDOW_SECONDS: '3' } });
    browser = await launchBrowser();
    web = stack.appUrl('web');
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await stack?.stop();
  });

  it('when an order is left unpaid, then the order page shows it expired and the ticket is back on sale', async () => {
    const seller = await visitor();
    await signUpInBrowser(seller, uniqueEmail('seller'));
    const title = uniqueTitle('Midnight Opera');
    const [ticketId] = await listThroughApi(seller, { title, category: 'opera' });

    const buyer = await visitor();
    await signUpInBrowser(buyer, uniqueEmail('buyer'));
    await findAndOpen(buyer, title);
    await buyOpenTicket(buyer);
    await buyer.getByText('This reservation expired.').waitFor({ timeout: 30_000 });
    await buyer.getByText('The ticket is back on sale.').waitFor();
    await snap(buyer, 'expiry', '01-order-expired');

    // The ticket's own page and the listing show it on sale again.
    await buyer.getByRole('link', { name: 'See the ticket' }).click();
    await buyer.waitForURL(`**/tickets/${ticketId}`);
    await buyer.getByTestId('status').filter({ hasText: 'On sale' }).waitFor();
    await buyer.getByRole('button', { name: 'Buy ticket' }).waitFor();
    await buyer.goto(`/tickets?q=${encodeURIComponent(title)}`);
    await buyer.getByTestId('ticket-card').filter({ hasText: title }).waitFor();

    await buyer.goto('/orders');
    await buyer.getByTestId('order-row').filter({ hasText: title }).getByText('Expired').waitFor();
    await snap(buyer, 'expiry', '02-orders-expired');
  });

  it('when the sell form is sent with bad values, then each error shows next to its field', async () => {
    const page = await visitor();
    await signUpInBrowser(page, uniqueEmail('forms'));
    await page.goto('/sell');
    await page.getByLabel('Venue').fill('   ');
    await page.getByLabel('Price per ticket').fill('twelve');
    await page.getByLabel('How many tickets').fill('500');
    await page.getByRole('button', { name: 'List tickets' }).click();

    await expectFieldError(page, 'title', /title is required/i);
    await expectFieldError(page, 'venue', /venue is required/i);
    await expectFieldError(page, 'startsAt', /starts/i);
    await expectFieldError(page, 'price', /price like 25/i);
    await expectFieldError(page, 'quantity', /at most 100/i);
    expect(await page.getByLabel('Event').getAttribute('aria-invalid')).toBe('true');
    await snap(page, 'forms', '01-sell-field-errors');

    // A start in the past is the API's call, shown under the date.
    await page.getByLabel('Event').fill('Yesterday Once More');
    await page.getByLabel('Venue').fill('Bandstand');
    await page.getByLabel('Starts at (UTC)').fill('2020-01-01T20:00');
    await page.getByLabel('Price per ticket').fill('10');
    await page.getByLabel('How many tickets').fill('1');
    await page.getByRole('button', { name: 'List tickets' }).click();
    await expectFieldError(page, 'startsAt', /must be in the future/i);
    expect(await page.locator('[data-field-error="title"]').count()).toBe(0);
  });

  it('when the seller edits a listing and deletes another, then the changes show at once', async () => {
    const seller = await visitor();
    await signUpInBrowser(seller, uniqueEmail('editor'));
    const title = uniqueTitle('Jazz Brunch');
    const [keep, drop] = await listThroughApi(seller, { title, quantity: 2 });

    await seller.goto(`/tickets/${keep}`);
    await seller.getByRole('link', { name: 'Edit', exact: true }).click();
    await seller.waitForURL(`**/tickets/${keep}/edit`);
    await seller.getByLabel('Price per ticket').fill('31.75');
    await seller.getByRole('button', { name: 'Save changes' }).click();
    await seller.waitForURL(`**/tickets/${keep}?saved=1`);
    await seller.getByText('Changes saved.').waitFor();
    expect(await seller.getByTestId('price').textContent()).toBe('$31.75');
    await snap(seller, 'sell', '01-edited');

    await seller.goto(`/tickets/${drop}`);
    await seller.getByRole('button', { name: 'Delete', exact: true }).click();
    await seller.getByRole('button', { name: 'Yes, delete this listing' }).click();
    await seller.waitForURL((url) => url.pathname === '/');
    await seller.goto(`/tickets?q=${encodeURIComponent(title)}`);
    await seller.getByTestId('ticket-card').first().waitFor();
    expect(await seller.getByTestId('ticket-card').count()).toBe(1);
  });

  it('when sign-up gets a bad email and a short password, then both fields say why', async () => {
    const page = await visitor();
    await page.goto('/signup');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectFieldError(page, 'email', /valid email/i);
    await expectFieldError(page, 'password', /at least 8/i);
    await snap(page, 'forms', '02-signup-field-errors');
  });

  it('when a signed-out visitor opens a page for members, then sign-in comes first and leads back', async () => {
    const page = await visitor();
    const email = uniqueEmail('returning');
    const res = await page.request.post('/api/users/signup', {
      data: { email, password: PASSWORD },
    });
    expect(res.status()).toBe(201);
    await page.context().clearCookies();

    for (const path of ['/sell', '/orders', '/my-tickets', '/account']) {
      await page.goto(path);
      await page.waitForURL(`**/signin?next=${encodeURIComponent(path)}`);
    }
    await snap(page, 'signin', '01-sent-to-signin');

    await page.getByLabel('Password').fill('wrong password!');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Filtered: Next's route announcer is an alert too.
    await page.getByRole('alert').filter({ hasText: 'Invalid email or password' }).waitFor();
    await snap(page, 'signin', '02-wrong-password');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/account');
    await page.getByTestId('account-email').filter({ hasText: email }).waitFor();

    // Change the password: the wrong current one is refused next to its field.
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password').fill('a brand new phrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('[data-field-error="currentPassword"]').waitFor();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password has been changed.').waitFor();
    await snap(page, 'signin', '03-account');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
  });

  it('when the page is used with the keyboard only, then search works and focus is visible', async () => {
    const page = await visitor();
    await page.goto('/');
    await page.keyboard.press('Tab');
    // Strings, evaluated in the page: the test's own types know no DOM.
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe(
      'Skip to content',
    );
    await page.getByRole('searchbox', { name: 'Search' }).focus();
    const outline = await page.evaluate<string>(
      'getComputedStyle(document.activeElement).outlineStyle',
    );
    expect(outline).not.toBe('none');
    await page.keyboard.type('nothing-matches-this');
    await page.keyboard.press('Enter');
    await page.getByTestId('empty-state').waitFor();
    await snap(page, 'browse', '01-empty-state');
  });

  it('when an API client calls the public origin, then it gets the services answers and cookies', async () => {
    const page = await visitor();
    const signup = await fetch(`${web}/api/users/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: uniqueEmail('api'), password: PASSWORD }),
    });
    expect(signup.status).toBe(201);
    expect(signup.headers.getSetCookie().join('\n')).toMatch(/session=.*HttpOnly/i);
    const { token } = (await signup.json()) as { token: string };

    const me = await fetch(`${web}/api/users/currentuser`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await me.json()) as { currentUser: unknown }).currentUser).not.toBeNull();

    const unknown = await fetch(`${web}/api/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ errors: [{ message: expect.any(String) }] });

    const invalid = await page.request.get('/api/tickets?sort=sideways');
    expect(invalid.status()).toBe(400);
    expect(await invalid.json()).toEqual({ errors: [expect.objectContaining({ field: 'sort' })] });
  });
});

async function expectFieldError(page: Page, field: string, text: RegExp): Promise<void> {
  const error = page.locator(`[data-field-error="${field}"]`);
  await error.waitFor();
  expect(await error.textContent()).toMatch(text);
  // Tied to its input, so a screen reader reads it with the field.
  const describedBy = await page.locator(`#${field}`).getAttribute('aria-describedby');
  expect(describedBy ?? '').toContain(`${field}-error`);
}
