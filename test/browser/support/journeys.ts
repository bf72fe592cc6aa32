import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';

export const PASSWORD = 'correct horse battery';

export const uniqueEmail = (who: string) => `${who}-${randomUUID().slice(0, 8)}@example.com`;

/** A title nobody else in the run has, so a search finds exactly this event. */
export const uniqueTitle = (what: string) => `${what} ${randomUUID().slice(0, 6)}`;

/** Signs up through the page, as a person would, and waits until the header says so. */
export async function signUpInBrowser(
  page: Page,
  email: string,
  password = PASSWORD,
): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('signed-in-as').filter({ hasText: email }).waitFor();
}

export interface Listing {
  title: string;
  venue: string;
  category: string;
  /** `YYYY-MM-DDTHH:mm`, read as UTC. */
  startsAt: string;
  price: string;
  quantity?: number;
}

/** A start some days ahead, in the datetime-local input's format. */
export function daysAhead(days: number, hour = 20): string {
  const d = new Date(Date.now() + days * 24 * 3600_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().slice(0, 16);
}

/** Fills and sends the sell form; resolves on the first listed ticket's page. */
export async function listInBrowser(page: Page, l: Listing): Promise<string> {
  await page.goto('/sell');
  await page.getByLabel('Event').fill(l.title);
  await page.getByLabel('Category').selectOption(l.category);
  await page.getByLabel('Venue').fill(l.venue);
  await page.getByLabel('Starts at (UTC)').fill(l.startsAt);
  await page.getByLabel('Price per ticket').fill(l.price);
  await page.getByLabel('How many tickets').fill(String(l.quantity ?? 1));
  await page.getByRole('button', { name: 'List tickets' }).click();
  await page.waitForURL(/\/tickets\/[0-9a-f]{24}\?listed=/);
  return new URL(page.url()).pathname.split('/')[2]!;
}

/** Lists through the public API with the page's session (for journeys that only need a ticket). */
export async function listThroughApi(
  page: Page,
  l: Partial<Listing> & { title: string },
): Promise<string[]> {
  const res = await page.request.post('/api/tickets', {
    data: {
      title: l.title,
      category: l.category ?? 'concert',
      venue: l.venue ?? 'Arena',
      startsAt: `${l.startsAt ?? daysAhead(10)}:00.000Z`,
      price: 2500,
      quantity: l.quantity ?? 1,
    },
  });
  if (res.status() !== 201) throw new Error(`listing failed: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { tickets: { id: string }[] }).tickets.map((t) => t.id);
}

/** Searches the ticket-by-ticket view (a GET form) and opens the first result with this title. */
export async function findAndOpen(page: Page, title: string): Promise<void> {
  await page.goto('/tickets');
  await page.getByRole('searchbox', { name: 'Search' }).fill(title);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForURL(/[?&]q=/);
  await page.getByRole('link', { name: title }).first().click();
  await page.waitForURL(/\/tickets\/[0-9a-f]{24}$/);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

/** Buys the ticket on its page; resolves on the order page. */
export async function buyOpenTicket(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Buy ticket' }).click();
  await page.waitForURL(/\/orders\/[0-9a-f]{24}$/, { timeout: 20_000 });
  return new URL(page.url()).pathname.split('/')[2]!;
}

/** Picks a test card and pays on the order page. */
export async function payWith(page: Page, cardLabel: RegExp): Promise<void> {
  await page.getByRole('radio', { name: cardLabel }).check();
  await page.getByRole('button', { name: /^Pay / }).click();
}
