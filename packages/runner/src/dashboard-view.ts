import { formatRecord } from './log-format';
import { groupRss } from './proc-stats';
import type { DashboardLink } from './spec';
import type { Stack } from './stack';
import type { ServiceState } from './status';

/** One row of the dashboard: a process (an app, its sidecar, or infrastructure). */
export interface ProcessView {
  name: string;
  service: string;
  kind: 'app' | 'sidecar' | 'infrastructure';
  state: ServiceState;
  pid: number | null;
  ports: { name: string; port: number }[];
  restarts: number;
  /** Since it last became healthy; null while it is not. */
  uptimeMs: number | null;
  rssBytes: number | null;
  lastExit: string | null;
  message: string | null;
  logs: string[];
}

export interface DashboardView {
  profile: string;
  startedAt: number;
  links: DashboardLink[];
  processes: ProcessView[];
}

const LOG_LINES = 30;

export function dashboardView(stack: Stack): DashboardView {
  const now = Date.now();
  const rows: Omit<ProcessView, 'rssBytes'>[] = [];
  for (const [name, s] of stack.services) {
    const st = stack.status(name);
    const common = {
      service: name,
      state: st.state,
      restarts: st.restarts,
      uptimeMs: st.healthySince ? now - st.healthySince : null,
      lastExit: st.lastExit
        ? `${st.lastExit.what} at ${new Date(st.lastExit.at).toISOString()}`
        : null,
      message: st.message ?? null,
    };
    const logs = (n: string) =>
      stack
        .logTail(n)
        .last(LOG_LINES)
        .map((l) => formatRecord(l.line, false, new Date(l.at)));
    const alive = (p?: { running: boolean; pid?: number }) => (p?.running ? (p.pid ?? null) : null);
    rows.push({
      ...common,
      name,
      kind: s.dapr ? 'app' : 'infrastructure',
      pid: alive(s.process),
      ports: Object.entries(s.ports).map(([n, port]) => ({ name: n, port })),
      logs: logs(name),
    });
    if (s.dapr) {
      rows.push({
        ...common,
        name: `${name}-dapr`,
        kind: 'sidecar',
        pid: alive(s.sidecar),
        ports: [
          { name: 'http', port: s.dapr.httpPort },
          { name: 'grpc', port: s.dapr.grpcPort },
        ],
        logs: logs(`${name}-dapr`),
      });
    }
  }
  const rss = groupRss(rows.map((r) => r.pid).filter((p): p is number => p !== null));
  return {
    profile: stack.profile,
    startedAt: stack.startedAt,
    links: stack.links(),
    processes: rows.map((r) => ({ ...r, rssBytes: r.pid ? (rss.get(r.pid) ?? null) : null })),
  };
}
