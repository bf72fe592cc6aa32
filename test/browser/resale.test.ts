/**
 * Resale in a real browser against the real stack: a holder puts a ticket up for resale from
 * "My tickets" (a price above the cap is refused beside the field), another buyer finds it on
 * the event page, buys and pays, and the reseller sees the sale and the payout owed.
 */
import { startStack, type Stack } from '@ticketing/runner';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newVisitor, snap } from './support/browser';
import {
  buyOpenTicket,
  findAndOpen,
  listThroughApi,
  payWith,
  signUpInBrowser,
  uniqueEmail,
  uniqueTitle,
} from './support/journeys';

jest.setTimeout(240_000);

describe('reselling a ticket in the browser', () => {
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
    stack = await startStack({ ports: 'free' });
    browser = await launchBrowser();
    web = stack.appUrl('web');
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await stack?.stop();
  });

  /** Buys the open ticket page's ticket with the Visa test card; resolves once paid. */
  async function buyAndPay(page: Page): Promise<void> {
    await buyOpenTicket(page);
    await payWith(page, /Visa ending 4242/);
    await page.getByText('Paid. The ticket is yours.').waitFor({ timeout: 30_000 });
  }

  it('when A resells above face value, then the cap is shown beside the price; at face value B buys it and A sees the sale and payout owed', async () => {
    const title = uniqueTitle('Resale Rhapsody');
    const organiser = await visitor();
    await signUpInBrowser(organiser, uniqueEmail('organiser'));
    await listThroughApi(organiser, { title }); // $25.00

    const a = await visitor();
    await signUpInBrowser(a, uniqueEmail('a'));
    await findAndOpen(a, title);
    await buyAndPay(a);

    await a.goto('/my-tickets');
    const held = a.getByTestId('held-ticket').filter({ hasText: title });
    // The sale reaches tickets through the broker; My tickets lists it once it has.
    for (let i = 0; i < 30 && (await held.count()) === 0; i++) {
      await a.waitForTimeout(500);
      await a.reload();
    }
    await held.getByRole('button', { name: 'Resell' }).click();
    const price = held.getByLabel(/Resale price/);
    await price.fill('30');
    await held.getByRole('button', { name: 'Put on sale' }).click();
    const error = held.locator('[data-field-error]');
    await error.waitFor();
    expect(await error.textContent()).toBe('price must be at most 25.00 USD, its face value');
    expect(await price.getAttribute('aria-invalid')).toBe('true');
    await snap(a, 'resale', '01-cap-refused');

    await price.fill('25');
    await held.getByRole('button', { name: 'Put on sale' }).click();
    await held.getByTestId('resale-state').filter({ hasText: 'On resale at $25.00' }).waitFor();
    await snap(a, 'resale', '02-on-resale');

    // B finds it from the events view, on the event's page, marked as a resale.
    const b = await visitor();
    await signUpInBrowser(b, uniqueEmail('b'));
    await b.goto(`/?q=${encodeURIComponent(title)}`);
    const card = b.getByTestId('event-card').filter({ hasText: title });
    await card.getByText('from $25.00 · 1 left').waitFor();
    await snap(b, 'resale', '03-event-card');
    await card.getByRole('link', { name: title }).click();
    await b.waitForURL(/\/events\/[0-9a-f]{24}$/);
    const listing = b.getByTestId('listing').filter({ hasText: 'Resale' });
    await listing.waitFor();
    await snap(b, 'resale', '04-event-page');
    await listing.getByRole('link', { name: 'View ticket' }).click();
    await b.waitForURL(/\/tickets\/[0-9a-f]{24}$/);
    // Orders learns of the relisting through the broker (until then it still has it sold): it
    // knows once it refuses the reseller their own listing.
    const ticketId = new URL(b.url()).pathname.split('/')[2]!;
    for (let i = 0; i < 60; i++) {
      const own = await a.request.post('/api/orders', { data: { ticketId } });
      if (own.status() === 400) break;
      await a.waitForTimeout(500);
    }
    await buyAndPay(b);

    // A sees the sale and what they are owed; the ticket is no longer theirs.
    await a.goto('/my-tickets');
    const payout = a.getByTestId('payout').filter({ hasText: title });
    for (let i = 0; i < 30 && (await payout.count()) === 0; i++) {
      await a.waitForTimeout(500);
      await a.reload();
    }
    await payout.getByText('$25.00 owed to you').waitFor();
    expect(await a.getByTestId('held-ticket').filter({ hasText: title }).count()).toBe(0);
    await snap(a, 'resale', '05-payout-owed');

    // The event is sold out again, with two sales behind it.
    await b.goto(`/?q=${encodeURIComponent(title)}`);
    await b.getByTestId('event-card').filter({ hasText: title }).getByText('Sold out').waitFor();
  });
});
