import net from 'node:net';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function tcpOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, host);
    sock.setTimeout(1000);
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('timeout', () => {
      sock.destroy();
      resolve(false);
    });
    sock.once('error', () => resolve(false));
  });
}

async function httpOk(url: string, headers: Record<string, string>): Promise<boolean> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(2000) });
    return res.status >= 200 && res.status < 300;
  } catch {
    return false;
  }
}

export interface WaitOptions {
  timeoutMs: number;
  /** Gives up early when the process died. */
  alive: () => boolean;
  headers?: Record<string, string>;
}

/** Polls until the check passes; throws with the reason when it times out or the process dies. */
export async function waitHealthy(
  name: string,
  check: { http: string } | { tcp: number },
  opts: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const ok =
      'http' in check ? await httpOk(check.http, opts.headers ?? {}) : await tcpOpen(check.tcp);
    if (ok) return;
    if (!opts.alive()) throw new Error(`${name} exited before it became healthy`);
    if (Date.now() > deadline) {
      const what = 'http' in check ? check.http : `tcp ${check.tcp}`;
      throw new Error(`${name} not healthy after ${opts.timeoutMs} ms (${what})`);
    }
    await sleep(150);
  }
}
