/**
 * The seller's dashboard in a real browser against the real stack: a seller lists, a buyer buys
 * and pays, and the seller's My sales page (figures from the Go insights service) shows the sale
 * on its event card, its sell-through chart and the revenue-by-day chart.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startStack, type Stack } from '@ticketing/runner';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newVisitor, snap } from './support/browser';
import {
  buyOpenTicket,
  daysAhead,
  listThroughApi,
  payWith,
  signUpInBrowser,
  uniqueEmail,
  uniqueTitle,
} from './support/journeys';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '..', '..');

/** Reloads My sales until the event's card shows `value` for `label` (figures are eventual). */
async function reloadUntil(page: Page, title: string, label: string, value: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await page.goto('/sales');
    await page.getByRole('heading', { level: 1, name: 'My sales' }).waitFor();
    const card = page.getByTestId('event-card').filter({ hasText: title });
    if ((await card.count()) === 1) {
      const shown = await card.locator(`dt:text-is("${label}") + dd`).textContent();
      if (shown === value) return;
    }
    if (Date.now() > deadline) throw new Error(`My sales did not show ${label} ${value} in 20 s`);
    await page.waitForTimeout(500);
  }
}

describe('a seller reads their sales in the browser', () => {
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
    // The Go service is built before the stack starts: a cold build outlasts a health wait.
    const build = spawnSync('bash', ['services/insights/run.sh', '--build-only'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`insights build failed: ${build.stderr}`);
    stack = await startStack({ ports: 'free', timeoutMs: 120_000 });
    browser = await launchBrowser();
    web = stack.appUrl('web');
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await stack?.stop();
  });

  it('when a signed-out visitor opens My sales, then they are sent to sign in', async () => {
    const page = await visitor();
    await page.goto('/sales');
    await page.waitForURL(/\/signin\?next=%2Fsales/);
  });

  it('when a new seller opens My sales, then it says there is nothing yet and offers to sell', async () => {
    const page = await visitor();
    await signUpInBrowser(page, uniqueEmail('new-seller'));
    await page.getByRole('link', { name: 'My sales' }).click();
    await page.getByText('You have not listed any tickets yet').waitFor();
    await page.getByRole('link', { name: 'Sell tickets' }).waitFor();
  });

  it('when a buyer pays for one of three tickets, then the seller sees the sale, the sell-through chart and revenue by day', async () => {
    const title = uniqueTitle('Harbour Lights');
    const seller = await visitor();
    await signUpInBrowser(seller, uniqueEmail('seller'));
    const ids = await listThroughApi(seller, {
      title,
      venue: 'Pier Hall',
      startsAt: daysAhead(20),
      quantity: 3,
    });

    // Figures follow the events: the seller's card appears once ticket.created reached insights.
    await reloadUntil(seller, title, 'Listed', '3');

    const buyer = await visitor();
    await signUpInBrowser(buyer, uniqueEmail('buyer'));
    await buyer.goto(`/tickets/${ids[0]}`);
    await buyOpenTicket(buyer);
    await payWith(buyer, /Visa ending 4242/);
    await buyer.getByText('Paid. The ticket is yours.').waitFor({ timeout: 30_000 });

    await reloadUntil(seller, title, 'Sold', '1');
    const card = seller.getByTestId('event-card').filter({ hasText: title });
    const figure = (label: string) => card.locator(`dt:text-is("${label}") + dd`).textContent();
    expect(await figure('Listed')).toBe('3');
    expect(await figure('On sale')).toBe('2');
    expect(await figure('Revenue')).toBe('$25.00');
    await card.getByText('Sell-through: 33% of 3 sold').waitFor();

    // The charts are drawn (SVG from recharts) and carry the data the page was given.
    const sellThrough = card.getByTestId('sell-through-chart');
    await sellThrough.locator('svg .recharts-line-curve').first().waitFor();
    const points = sellThrough.getByTestId('sell-through-point');
    expect(await points.count()).toBe(2);
    expect(await points.last().locator('td').last().textContent()).toBe('1');
    const revenue = seller.getByTestId('revenue-chart');
    await revenue.locator('svg .recharts-bar-rectangle').first().waitFor();
    expect(await revenue.locator('svg .recharts-bar-rectangle').count()).toBe(1);
    const today = new Date().toISOString().slice(0, 10);
    expect(await revenue.getByTestId('revenue-day').allTextContents()).toEqual([`${today}$25.00`]);
    // The x axis names the day.
    await revenue.locator('svg .recharts-cartesian-axis-tick-value', { hasText: today }).waitFor();

    // The line has a drawn path through both points, and the chart takes real room on the page.
    const curve = await sellThrough.locator('svg .recharts-line-curve').first().getAttribute('d');
    expect(curve?.match(/[ML]/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    const box = await sellThrough.boundingBox();
    expect(box?.width).toBeGreaterThan(150);
    expect(box?.height).toBeGreaterThan(80);

    // Screenshots for the record. A PNG's byte size depends on compression, so only its
    // header is checked: the chart's image has the chart's size.
    const shot = await snap(seller, 'sales', '01-my-sales');
    expect(pngSize(shot).width).toBeGreaterThan(0);
    const chartShot = path.join(path.dirname(shot), '02-sell-through-chart.png');
    await sellThrough.screenshot({ path: chartShot });
    const chart = pngSize(chartShot);
    expect(Math.abs(chart.width - Math.round(box?.width ?? 0))).toBeLessThanOrEqual(1);
    expect(Math.abs(chart.height - Math.round(box?.height ?? 0))).toBeLessThanOrEqual(1);
  });

  it('when a developer fetches /api/docs/asyncapi.json, then every topic is a channel', async () => {
    const res = await fetch(`${web}/api/docs/asyncapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      asyncapi: string;
      channels: Record<string, { address: string }>;
    };
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.values(doc.channels).map((c) => c.address)).toEqual(
      expect.arrayContaining(['ticket.created', 'order.created', 'payment.created']),
    );
    const page = await visitor();
    await page.goto('/api/docs');
    await page.getByRole('link', { name: '/api/docs/asyncapi.json' }).waitFor();
  });
});

/** Width and height from a PNG's IHDR chunk (bytes 16 to 23). */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
