/**
 * A flash sale in the browser: the sale is busy (the admission limit pinned to one, and buyers
 * ahead who were let in before), so Buy takes the buyer to the waiting page, which shows their
 * place and an estimated wait, live; when it is their turn they are back on the ticket page,
 * and Buy then reserves the ticket.
 */
import { randomUUID } from 'node:crypto';
import { startStack, type Stack } from '@ticketing/runner';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newVisitor, snap } from './support/browser';
import {
  buyOpenTicket,
  listThroughApi,
  signUpInBrowser,
  uniqueEmail,
  uniqueTitle,
} from './support/journeys';

jest.setTimeout(240_000);

describe('the waiting room in the browser', () => {
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
    stack = await startStack({
      ports: 'free',
      only: ['auth', 'tickets', 'orders', 'payments', 'expiration', 'comments', 'web'],
      env: {
        WAITING_ROOM_INITIAL_LIMIT: '1',
        WAITING_ROOM_MIN_LIMIT: '1',
        WAITING_ROOM_MAX_LIMIT: '1',
        // Buyers let in ahead keep their place this long without using it.
        WAITING_ROOM_CLAIM_MS: '8000',
      },
    });
    browser = await launchBrowser();
    web = stack.appUrl('web');
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await stack?.stop();
  });

  it('when the sale is busy, then Buy shows the waiting page with a live place, then the ticket page, and the purchase goes through', async () => {
    const seller = await visitor();
    await signUpInBrowser(seller, uniqueEmail('seller'));
    const title = uniqueTitle('Stadium On-Sale');
    const ids = await listThroughApi(seller, { title, quantity: 6 });

    const buyer = await visitor();
    await signUpInBrowser(buyer, uniqueEmail('buyer'));
    await buyer.goto(`/tickets/${ids[0]}`);
    await buyer.getByRole('heading', { level: 1, name: title }).waitFor();

    // Five buyers from the API arrive at once: one goes through, the others queue and, once let
    // in, sit on their slot until it lapses (they never buy), which keeps the room busy.
    const crowd = await Promise.all(
      ids.slice(1).map(async () => {
        const ctx = await browser.newContext({ baseURL: web });
        contexts.push(ctx);
        const email = `crowd-${randomUUID().slice(0, 8)}@example.com`;
        await ctx.request.post('/api/users/signup', {
          data: { email, password: 'correct horse battery' },
        });
        return ctx;
      }),
    );
    await Promise.all(
      crowd.map((ctx, i) => ctx.request.post('/api/orders', { data: { ticketId: ids[i + 1] } })),
    );

    await buyer.getByRole('button', { name: 'Buy ticket' }).click();

    await buyer.waitForURL(/\/waiting-room\?next=/);
    await buyer.getByTestId('waiting-position').waitFor();
    const first = Number(await buyer.getByTestId('waiting-position').textContent());
    expect(first).toBeGreaterThan(0);
    expect(await buyer.getByTestId('waiting-estimate').textContent()).toMatch(
      /^about \d+ (s|min)$/,
    );
    await snap(buyer, 'waiting-room', '01-waiting-page');
    if (first > 1) {
      // Live: the place moves up without a reload as those ahead are let in.
      await buyer
        .getByTestId('waiting-position')
        .filter({ hasText: String(first - 1) })
        .waitFor({ timeout: 30_000 });
    }

    // Admitted: back on the ticket page, with a pass; Buy now reserves it.
    await buyer.waitForURL(new RegExp(`/tickets/${ids[0]}$`), { timeout: 90_000 });
    await buyer.getByRole('heading', { level: 1, name: title }).waitFor();
    await snap(buyer, 'waiting-room', '02-back-on-the-ticket-page');
    const orderId = await buyOpenTicket(buyer);
    expect(orderId).toMatch(/^[0-9a-f]{24}$/);
    await buyer.getByTestId('countdown').waitFor();
    await snap(buyer, 'waiting-room', '03-order-page');
  });
});
