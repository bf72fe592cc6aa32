/**
 * The runner's dashboard in a real browser: every process of a running stack with its state,
 * pid, ports, restarts, uptime, RSS and last log lines, links for the services in the run, and
 * live updates when a process crashes and the supervisor brings it back.
 */
import http from 'node:http';
import { startDashboard, startStack, type Dashboard, type Stack } from '@ticketing/runner';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newVisitor, snap } from './support/browser';

jest.setTimeout(180_000);

describe('the dashboard', () => {
  let stack: Stack;
  let dashboard: Dashboard;
  let browser: Browser;
  let page: Page;

  const row = (name: string) => page.locator(`tr[data-process="${name}"]`);
  const cell = (name: string, column: number) => row(name).locator('td').nth(column);
  const COLUMNS = { state: 1, pid: 2, ports: 3, restarts: 4, uptime: 5, rss: 6, logs: 7 };

  beforeAll(async () => {
    // One app beside its sidecar, and everything that needs: no web origin in this run.
    // The apps log at info here (tests run them silent), so the log tail has lines to show.
    stack = await startStack({ ports: 'free', only: ['auth'], env: { LOG_LEVEL: 'info' } });
    dashboard = await startDashboard(stack, 0);
    browser = await launchBrowser();
    page = (await newVisitor(browser, dashboard.url)).page;
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await stack?.stop();
  });

  it('when it is opened, then it lists every process with its state, pid, ports, restarts, uptime and RSS', async () => {
    await page.goto('/');
    await row('auth-dapr').waitFor();
    const names = await page
      .locator('tbody tr[data-process]')
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.process));
    expect(names).toEqual(
      [...stack.services.keys()].flatMap((n) => (n === 'auth' ? [n, 'auth-dapr'] : [n])),
    );

    const auth = stack.service('auth');
    expect(await cell('auth', COLUMNS.state).innerText()).toBe('healthy');
    expect(await cell('auth', COLUMNS.pid).innerText()).toBe(String(auth.process!.pid));
    expect(await cell('auth', COLUMNS.ports).innerText()).toBe(String(auth.port));
    expect(await cell('auth-dapr', COLUMNS.pid).innerText()).toBe(String(auth.sidecar!.pid));
    expect(await cell('auth-dapr', COLUMNS.ports).innerText()).toBe(
      `http ${auth.dapr!.httpPort}, grpc ${auth.dapr!.grpcPort}`,
    );
    expect(await cell('nats', COLUMNS.ports).innerText()).toContain(
      `monitor ${stack.service('nats').ports.monitor}`,
    );
    expect(await cell('auth', COLUMNS.restarts).innerText()).toBe('0');
    expect(await cell('auth', COLUMNS.uptime).innerText()).toMatch(/^\d+ (s|min \d+ s)$/);
    // Postgres runs as a group of processes; its RSS is theirs together.
    for (const name of ['auth', 'auth-dapr', 'postgres']) {
      const rss = Number.parseFloat(await cell(name, COLUMNS.rss).innerText());
      expect(rss).toBeGreaterThan(1);
    }
    await snap(page, 'dashboard', '01-healthy');
  });

  it("when a process's logs are opened, then its last lines show, readable", async () => {
    await cell('auth', COLUMNS.logs)
      .getByRole('button', { name: /^show \d+ lines$/ })
      .click();
    const logs = page.locator('tr[data-logs-of="auth"] pre');
    await expect(logs.innerText()).resolves.toMatch(/\d\d:\d\d:\d\d\.\d{3} INFO {2}auth listening/);
    // Still open after the next live update.
    await page.waitForTimeout(1500);
    expect(await logs.isVisible()).toBe(true);
  });

  it('then it links to the viewers of the services in this run, and only those', async () => {
    const links = await page
      .locator('nav a')
      .evaluateAll((as) =>
        as.map((a) => ({ label: a.textContent, href: (a as HTMLAnchorElement).href })),
      );
    expect(links).toEqual([
      { label: 'NATS monitor', href: `http://127.0.0.1:${stack.service('nats').ports.monitor}/` },
      {
        label: 'Traces (Jaeger API)',
        href: `http://127.0.0.1:${stack.service('jaeger').ports.ui}/api/services`,
      },
      {
        label: 'Mail viewer (Mailpit)',
        href: `http://127.0.0.1:${stack.service('mailpit').ports.ui}/`,
      },
    ]);
    // Jaeger built here has no UI bundle: the page says so rather than link to a placeholder.
    await expect(page.locator('nav .link-note').innerText()).resolves.toMatch(
      /no trace viewer UI here/,
    );
  });

  it("when the mail viewer's link is followed, then Mailpit's own UI runs there", async () => {
    const href = await page
      .getByRole('link', { name: 'Mail viewer (Mailpit)' })
      .getAttribute('href');
    const viewer = await page.context().newPage();
    try {
      const script = viewer.waitForResponse((r) => /\/dist\/app\.js/.test(r.url()));
      await viewer.goto(href!);
      expect((await script).status()).toBe(200);
      // Rendered by its script (the served HTML holds only an empty #app).
      await viewer.getByText('No messages in your mailbox').waitFor({ timeout: 30_000 });
      await snap(viewer, 'dashboard', '04-mail-viewer');
    } finally {
      await viewer.close();
    }
  });

  it('when the trace API link is followed, then Jaeger answers with the services it has traces of', async () => {
    const href = await page.getByRole('link', { name: 'Traces (Jaeger API)' }).getAttribute('href');
    const res = await fetch(href!);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown }).data).toEqual(expect.any(Array));
  });

  it('when a process crashes, then the page shows it restarting and back, without a reload', async () => {
    const before = stack.service('auth').process!.pid!;
    process.kill(before, 'SIGKILL');
    await page.waitForSelector('tr[data-process="auth"]:not([data-state="healthy"])');
    await snap(page, 'dashboard', '02-restarting');
    await page.waitForSelector('tr[data-process="auth"][data-state="healthy"]', {
      timeout: 90_000,
    });
    expect(await cell('auth', COLUMNS.restarts).innerText()).toBe('1');
    expect(await cell('auth-dapr', COLUMNS.restarts).innerText()).toBe('1');
    expect(await cell('auth', COLUMNS.pid).innerText()).toBe(
      String(stack.service('auth').process!.pid),
    );
    expect(await cell('auth', COLUMNS.pid).innerText()).not.toBe(String(before));
    expect(await cell('auth', COLUMNS.state).innerText()).toMatch(
      /last exit: auth exited \(SIGKILL\)/,
    );
    await snap(page, 'dashboard', '03-restarted');
  });

  it('when a page from another host name asks, then it is refused', async () => {
    const port = new URL(dashboard.url).port;
    const res = await new Promise<number>((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port, path: '/api/status', headers: { host: `evil.example:${port}` } },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.on('error', reject);
    });
    expect(res).toBe(403);
    const ok = await fetch(new URL('/api/status', dashboard.url));
    expect(ok.status).toBe(200);
    const view = (await ok.json()) as { processes: { name: string; state: string }[] };
    expect(view.processes.find((p) => p.name === 'auth')?.state).toBe('healthy');
  });
});
