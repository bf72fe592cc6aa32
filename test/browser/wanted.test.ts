/**
 * The wanted-list journey in a real browser against the real stack: on a sold-out event, B joins
 * the wanted list; holder A resells at face value; B is notified (the bell), opens the held order,
 * pays and holds the ticket.
 */
import { startStack, type Stack } from '@ticketing/runner';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newVisitor, snap } from './support/browser';
import {
  buyOpenTicket,
  listThroughApi,
  payWith,
  signUpInBrowser,
  uniqueEmail,
  uniqueTitle,
} from './support/journeys';

jest.setTimeout(240_000);

describe('the wanted list in the browser', () => {
  let stack: Stack;
  let browser: Browser;
  let web: string;
  const contexts: BrowserContext[] = [];

  const visitor = async (): Promise<Page> => {
    const v = await newVisitor(browser, web, 'desktop');
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

  it('when B joins a sold-out event and holder A resells, then B is notified, opens the held order, pays and holds the ticket', async () => {
    const title = uniqueTitle('Last Waltz');
    const seller = await visitor();
    await signUpInBrowser(seller, uniqueEmail('seller'));
    const [ticketId] = await listThroughApi(seller, { title });

    // A buys the only ticket: the event is sold out.
    const a = await visitor();
    await signUpInBrowser(a, uniqueEmail('holder'));
    await a.goto(`/tickets/${ticketId}`);
    await buyOpenTicket(a);
    await payWith(a, /Visa ending 4242/);
    await a.getByText('Paid. The ticket is yours.').waitFor({ timeout: 30_000 });
    const ticket = (await (await a.request.get(`/api/tickets/${ticketId}`)).json()) as {
      eventId: string;
      price: number;
    };

    // B joins the wanted list on the event page.
    const b = await visitor();
    await signUpInBrowser(b, uniqueEmail('fan'));
    await joinWhenSoldOut(b, ticket.eventId);
    await b.getByTestId('wanted-mine').getByText('#1').waitFor();
    await snap(b, 'wanted', '01-joined');
    await b.getByTestId('wanted-length').getByText('1 person wants this').waitFor();

    // A sees the demand on My tickets and resells at face value.
    await a.goto('/my-tickets');
    await a
      .getByTestId('wanted-demand')
      .getByText(/1 person wants/)
      .waitFor();
    await snap(a, 'wanted', '02-holder-prompt');
    const resale = await a.request.post(`/api/tickets/${ticketId}/resale`, {
      data: { price: ticket.price },
    });
    expect(resale.status()).toBe(200);

    // B's bell shows the notification; it leads to the held order.
    await b.goto('/');
    await eventuallyUnread(b);
    await snap(b, 'wanted', '03-bell');
    await b.getByTestId('notification-bell').click();
    await b.waitForURL('**/notifications');
    const note = b.getByTestId('notification').filter({ hasText: 'A ticket is held for you' });
    await note.waitFor();
    await snap(b, 'wanted', '04-notifications');
    await note.getByRole('link', { name: 'Open' }).click();
    await b.waitForURL(/\/orders\/[0-9a-f]{24}$/);
    const notice = b.getByTestId('priority-hold');
    await notice.getByText('You were first on the wanted list').waitFor();
    expect(await notice.textContent()).toMatch(/held for you for (10:00|9:[0-5]\d)/);
    await snap(b, 'wanted', '05-held-order');

    await payWith(b, /Visa ending 4242/);
    await b.getByText('Paid. The ticket is yours.').waitFor({ timeout: 30_000 });
    await b.goto('/my-tickets');
    await b.getByTestId('held-ticket').filter({ hasText: title }).waitFor({ timeout: 30_000 });
    await snap(b, 'wanted', '06-b-holds-it');
  });
});

/** Opens the event page until it shows the join form (orders learns of the sale within moments). */
async function joinWhenSoldOut(page: Page, eventId: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.goto(`/events/${eventId}`);
    const section = page.getByTestId('wanted');
    await section.waitFor();
    await page.getByLabel(/Most you would pay/).fill('25');
    await page.getByRole('button', { name: 'Join the wanted list' }).click();
    const joined = await page
      .getByTestId('wanted-mine')
      .waitFor({ timeout: 3000 })
      .then(() => true)
      .catch(() => false);
    if (joined) return;
    if (Date.now() > deadline) throw new Error('could not join the wanted list');
  }
}

/** Reloads until the header's bell shows one unread notification. */
async function eventuallyUnread(page: Page) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const count = page.getByTestId('unread-count');
    if ((await count.count()) > 0 && (await count.textContent()) === '1') return;
    if (Date.now() > deadline) throw new Error('no unread notification in the header');
    await page.waitForTimeout(500);
    await page.reload();
  }
}
