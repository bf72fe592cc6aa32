/**
 * The buying journey in a real browser against the real stack (every service beside its daprd,
 * the web app as the public origin): a seller lists, a buyer finds, buys and pays, and holds the
 * ticket; a declined card shows Stripe's message and leaves the order open.
 */
import { startStack, type Stack } from '@ticketing/runner';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newVisitor, snap } from './support/browser';
import {
  buyOpenTicket,
  daysAhead,
  findAndOpen,
  listInBrowser,
  listThroughApi,
  payWith,
  signUpInBrowser,
  uniqueEmail,
  uniqueTitle,
} from './support/journeys';

jest.setTimeout(180_000);

describe('buying a ticket in the browser', () => {
  let stack: Stack;
  let browser: Browser;
  let web: string;
  const contexts: BrowserContext[] = [];

  const visitor = async (device: 'desktop' | 'phone' = 'desktop'): Promise<Page> => {
    const v = await newVisitor(browser, web, device);
    contexts.push(v.context);
    return v.page;
  };

  beforeAll(async () => {
    // One after the other: if the stack fails, no browser is left open to hold jest.
    stack = await startStack({ ports: 'free' });
    browser = await launchBrowser();
    web = stack.appUrl('web');
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await stack?.stop();
  });

  const title = uniqueTitle('Northern Lights Live');
  let seller: Page;

  it('when a seller signs up and lists two tickets, then they are on sale on the browse page', async () => {
    seller = await visitor();
    await signUpInBrowser(seller, uniqueEmail('seller'));
    await snap(seller, 'purchase', '01-signed-up');

    await listInBrowser(seller, {
      title,
      category: 'concert',
      venue: 'Royal Albert Hall',
      startsAt: daysAhead(30),
      price: '42.50',
      quantity: 2,
    });
    await expectText(seller, 'Listed 2 tickets');
    await expectText(seller, '$42.50');
    // The seller sees their own controls, not a Buy button.
    await seller.getByRole('link', { name: 'Edit', exact: true }).waitFor();
    await seller.getByRole('button', { name: 'Delete', exact: true }).waitFor();
    expect(await seller.getByRole('button', { name: 'Buy ticket' }).count()).toBe(0);
    await snap(seller, 'purchase', '02-listed-ticket-page');

    await seller.goto(`/tickets?q=${encodeURIComponent(title)}`);
    await seller.getByTestId('ticket-card').first().waitFor();
    expect(await seller.getByTestId('ticket-card').count()).toBe(2);
    await snap(seller, 'purchase', '03-browse-search');
  });

  it('when a second user finds it, buys and pays, then it is theirs under my tickets and sold', async () => {
    const buyer = await visitor();
    const email = uniqueEmail('buyer');
    await signUpInBrowser(buyer, email);
    await findAndOpen(buyer, title);
    await snap(buyer, 'purchase', '04-ticket-page-buyer');

    const orderId = await buyOpenTicket(buyer);
    await buyer.getByTestId('countdown').waitFor();
    expect(await buyer.getByTestId('countdown').textContent()).toMatch(/^1[45]:\d\d$/);
    await snap(buyer, 'purchase', '05-order-page');

    await payWith(buyer, /Visa ending 4242/);
    await buyer.getByText('Paid. The ticket is yours.').waitFor({ timeout: 30_000 });
    await snap(buyer, 'purchase', '06-paid');

    await buyer.getByRole('link', { name: 'My tickets' }).first().click();
    await buyer.waitForURL('**/my-tickets');
    await buyer.getByTestId('held-ticket').filter({ hasText: title }).waitFor();
    await snap(buyer, 'purchase', '07-my-tickets');

    await buyer.goto('/orders');
    await buyer.getByTestId('order-row').filter({ hasText: title }).getByText('Paid').waitFor();

    // The ticket page now shows it sold (tickets follows order.completed).
    await buyer.goto(`/orders/${orderId}`);
    const ticketLink = buyer.getByRole('link', { name: title }).first();
    await ticketLink.click();
    await buyer.getByTestId('holder-note').waitFor();
    await expectText(buyer, 'Sold');
  });

  // Against stripe-mock, payments declines Stripe's test-mode decline cards with test mode's
  // messages (services/payments/src/stripe/test-mode-declines.ts).
  it('when the card is declined, then the order page shows the message and another card can pay', async () => {
    const declinedTitle = uniqueTitle('Decline Derby');
    await listThroughApi(seller, { title: declinedTitle });
    const buyer = await visitor();
    await signUpInBrowser(buyer, uniqueEmail('declined'));
    await findAndOpen(buyer, declinedTitle);
    await buyOpenTicket(buyer);

    await payWith(buyer, /Visa ending 0002/);
    const alert = buyer.getByRole('alert').filter({ hasText: /declined/i });
    await alert.waitFor();
    await snap(buyer, 'purchase', '08-declined');
    // Still open: the countdown and the pay button are there for another try.
    await buyer.getByTestId('countdown').waitFor();

    await payWith(buyer, /Visa ending 4242/);
    await buyer.getByText('Paid. The ticket is yours.').waitFor({ timeout: 30_000 });
  });

  it('when a developer opens /api/docs, then the OpenAPI document and its page are served', async () => {
    const json = await fetch(`${web}/api/docs/openapi.json`);
    expect(json.status).toBe(200);
    const doc = (await json.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/tickets', '/api/orders', '/api/payments']),
    );
    const page = await visitor();
    await page.goto('/api/docs');
    await page.getByRole('heading', { name: 'Ticketing API' }).waitFor();
    await snap(page, 'purchase', '10-api-docs');
  });

  it('when a visitor browses on a phone, then the listing and the header fit the screen', async () => {
    const phone = await visitor('phone');
    await phone.goto(`/tickets?q=${encodeURIComponent('Northern Lights')}`);
    await phone.getByRole('heading', { name: 'Tickets on sale' }).waitFor();
    // Evaluated in the page, as a string: the tests' own types know no DOM.
    const overflow = await phone.evaluate<number>(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await snap(phone, 'purchase', '09-browse-phone');
  });
});

async function expectText(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: false }).first().waitFor();
}
