/**
 * An organiser cancels their event from its page in a real browser (decision 017): only they
 * see the button, it asks first, and afterwards the page says "Cancelled" with nothing on sale.
 */
import { startStack, type Stack } from '@ticketing/runner';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newVisitor, snap } from './support/browser';
import { listThroughApi, signUpInBrowser, uniqueEmail, uniqueTitle } from './support/journeys';

jest.setTimeout(180_000);

describe('cancelling an event from its page', () => {
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
  }, 240_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await stack?.stop();
  });

  it('when the organiser cancels and confirms, then the page shows Cancelled and nothing on sale; nobody else sees the button', async () => {
    const organiser = await visitor();
    await signUpInBrowser(organiser, uniqueEmail('organiser'));
    const title = uniqueTitle('Cancelled Cabaret');
    const [id] = await listThroughApi(organiser, { title, quantity: 2 });
    const ticket = await (await organiser.request.get(`/api/tickets/${id}`)).json();
    const eventPath = `/events/${ticket.eventId}`;

    const fan = await visitor();
    await signUpInBrowser(fan, uniqueEmail('fan'));
    await fan.goto(eventPath);
    await fan.getByTestId('listing').first().waitFor();
    expect(await fan.getByRole('button', { name: 'Cancel event' }).count()).toBe(0);

    await organiser.goto(eventPath);
    await organiser.getByRole('button', { name: 'Cancel event' }).click();
    await organiser.getByRole('button', { name: 'Keep it' }).waitFor();
    await snap(organiser, 'event-cancel', '01-confirm');
    await organiser.getByRole('button', { name: 'Yes, cancel this event' }).click();

    await organiser.getByTestId('event-cancelled').waitFor();
    expect(await organiser.getByTestId('listing').count()).toBe(0);
    expect(await organiser.getByRole('button', { name: 'Cancel event' }).count()).toBe(0);
    await snap(organiser, 'event-cancel', '02-cancelled');
    await fan.reload();
    await fan.getByTestId('event-cancelled').waitFor();
    expect(await fan.getByRole('link', { name: 'Sell tickets for this event' }).count()).toBe(0);
  });
});
