/**
 * The origin's page headers, read from the real web server (the production build, behind a
 * trusted proxy as in a deployment that ends TLS in an ingress): a Content-Security-Policy whose
 * nonce is new on every response and sits on every script tag, HSTS only when the browser came
 * over https, and a page that still hydrates in Chromium under that policy. No services run: the
 * pages read here render without them (the API's absence shows as the pages' own error states).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '@ticketing/testkit';
import type { Browser } from 'playwright-core';
import { launchBrowser, newVisitor } from './support/browser';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');
const PAGES = ['/', '/signin', '/signup?next=%2Fsell', '/forgot-password', '/tickets', '/no-such'];

/** The nonce the policy names for scripts, and the script-src directive itself. */
function scriptPolicy(csp: string): { nonce: string; directive: string } {
  const directive = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
  return { nonce: /'nonce-([^']+)'/.exec(directive)?.[1] ?? '', directive };
}

describe('page security headers from the origin', () => {
  let web: ChildProcess;
  let base: string;
  let browser: Browser | undefined;
  let output = '';

  beforeAll(async () => {
    const port = await freePort();
    // Nothing listens there: server components' API calls fail fast instead of reaching a stack.
    const noSidecar = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      APP_PORT: String(port),
      WEB_HOST: '127.0.0.1',
      DAPR_HTTP_PORT: String(noSidecar),
      TRUST_PROXY: 'true',
      WAITING_ROOM: 'false',
    };
    delete env.NODE_ENV; // jest's `test`; production would ask for a sidecar token
    web = spawn(process.execPath, ['--import', 'tsx', 'web/server/main.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    web.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    web.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (web.exitCode !== null) throw new Error(`web exited:\n${output}`);
      const up = await fetch(`${base}/api/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error(`web did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  afterAll(async () => {
    await browser?.close();
    if (web && web.exitCode === null) {
      const exited = new Promise((r) => web.once('exit', r));
      web.kill('SIGTERM');
      await exited;
    }
  });

  it('when pages are served, then each has a CSP whose nonce is new per response and on every script tag', async () => {
    const nonces = new Set<string>();
    let responses = 0;
    for (const page of PAGES) {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(base + page, { redirect: 'manual' });
        const html = await res.text();
        const csp = res.headers.get('content-security-policy') ?? '';
        const { nonce, directive } = scriptPolicy(csp);

        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
        expect(directive).toContain("'strict-dynamic'");
        expect(directive).not.toContain('unsafe-inline');
        expect(directive).not.toContain('unsafe-eval');
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('upgrade-insecure-requests');
        const scripts = html.match(/<script\b[^>]*>/g) ?? [];
        expect(scripts.length).toBeGreaterThan(0);
        for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
        nonces.add(nonce);
        responses++;
      }
    }
    expect(nonces.size).toBe(responses);
  });

  it('when the trusted proxy says https, then pages and API answers carry HSTS and the CSP upgrades requests', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const page = await fetch(`${base}/signin`, { headers: https });
    const api = await fetch(`${base}/api/tickets`, { headers: https });
    const docs = await fetch(`${base}/api/docs`, { headers: https });

    for (const res of [page, api, docs]) {
      expect(res.headers.get('strict-transport-security')).toBe('max-age=63072000');
    }
    expect(page.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(docs.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('when served over plain http, then no HSTS', async () => {
    for (const url of ['/signin', '/api/tickets', '/api/docs']) {
      const res = await fetch(base + url);
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('when a page loads in Chromium under the policy, then it hydrates and injected inline script does not run', async () => {
    browser = await launchBrowser();
    const { context, page } = await newVisitor(browser, base);
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    try {
      await page.goto('/signin?next=%2Forders');
      // The submit button is disabled until React has hydrated the form.
      await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(refused).toEqual([]);

      // A stored injection: the same page, policy and all, with markup the origin never wrote in
      // it, an inline script and an event-handler attribute. Neither carries the nonce.
      await page.route('**/signin', async (route) => {
        const real = await route.fetch();
        const injected = (await real.text()).replace(
          '</body>',
          '<script>window.__injected = "script"</script>' +
            '<img src="/none.png" onerror="window.__injected = \'attribute\'"></body>',
        );
        await route.fulfill({ response: real, body: injected });
      });
      await page.goto('/signin');
      await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor();
      for (let i = 0; i < 30 && refused.length < 2; i++) await page.waitForTimeout(100);
      expect(await page.evaluate(() => (window as { __injected?: string }).__injected)).toBe(
        undefined,
      );
      expect(refused.join('\n')).toMatch(/inline script/i);
      expect(refused.join('\n')).toMatch(/inline event handler/i);
    } finally {
      await context.close();
    }
  });
});
