/**
 * The dashboard's one page: plain HTML, CSS and a small script (no framework), rendering the
 * snapshots from `/events`. Log lines go in with textContent, never as HTML.
 */
export const DASHBOARD_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ticketing · dashboard</title>
<style>
  :root { color-scheme: light dark; --ok: #1a7f37; --bad: #cf222e; --wait: #9a6700; --muted: #6e7781; }
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; }
  h1 { font-size: 1.3rem; margin: 0 0 .25rem; }
  header p { margin: 0 0 1rem; color: var(--muted); }
  nav a, nav .link { margin-right: 1rem; }
  .link-note { color: var(--muted); }
  table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
  th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #8884; vertical-align: top; }
  th { font-weight: 600; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  tr.logs td { border-bottom: 1px solid #8884; padding-top: 0; }
  button { font: inherit; font-size: .9em; cursor: pointer; white-space: nowrap; }
  td:first-child { white-space: nowrap; }
  .state { font-weight: 600; }
  .state-healthy, .state-reused, .state-external { color: var(--ok); }
  .state-crashed, .state-stopped { color: var(--bad); }
  .state-starting, .state-backoff, .state-waiting, .state-pending { color: var(--wait); }
  .sidecar td:first-child { padding-left: 1.6rem; }
  .note { color: var(--bad); font-size: .85em; font-weight: normal; }
  pre { margin: 0 0 .6rem; padding: .5rem; max-height: 18rem; overflow: auto; font-size: 12px;
        background: #8881; white-space: pre-wrap; word-break: break-all; }
  #conn { font-size: .85em; }
</style>
</head>
<body>
<header>
  <h1>Ticketing dashboard</h1>
  <p>profile <span id="profile">…</span> · <span id="conn">connecting…</span></p>
  <nav id="links" aria-label="Links"></nav>
</header>
<table>
  <thead><tr>
    <th>process</th><th>state</th><th>pid</th><th>ports</th><th>restarts</th>
    <th>uptime</th><th>RSS</th><th>logs</th>
  </tr></thead>
  <tbody id="rows"></tbody>
</table>
<script>
(() => {
  const open = new Set();
  const el = (tag, props, ...kids) => {
    const n = document.createElement(tag);
    Object.assign(n, props || {});
    for (const k of kids) n.append(k);
    return n;
  };
  const duration = (ms) => {
    if (ms === null) return '–';
    const s = Math.floor(ms / 1000);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  };
  const mb = (b) => (b === null ? '–' : (b / 1048576).toFixed(1) + ' MB');
  let last;
  function render(view) {
    last = view;
    document.getElementById('profile').textContent = view.profile;
    const links = document.getElementById('links');
    links.replaceChildren(...view.links.map((l) => {
      const a = el('a', { href: l.url, textContent: l.label, target: '_blank', rel: 'noopener' });
      return l.note ? el('span', { className: 'link' }, a, el('small', { className: 'link-note', textContent: ' (' + l.note + ')' })) : a;
    }));
    const rows = [];
    for (const p of view.processes) {
      const shown = open.has(p.name);
      const toggle = el('button', {
        type: 'button',
        textContent: (shown ? 'hide ' : 'show ') + p.logs.length + ' lines',
        onclick: () => { shown ? open.delete(p.name) : open.add(p.name); render(last); },
      });
      toggle.setAttribute('aria-expanded', String(shown));
      const state = el('td', { className: 'state state-' + p.state, textContent: p.state });
      if (p.message) state.append(el('div', { className: 'note', textContent: p.message }));
      else if (p.lastExit) state.append(el('div', { className: 'note', textContent: 'last exit: ' + p.lastExit }));
      const tr = el('tr', { className: p.kind },
        el('td', { textContent: p.name }),
        state,
        el('td', { className: 'num', textContent: p.pid === null ? '–' : String(p.pid) }),
        el('td', { textContent: p.ports.map((x) => (x.name === 'default' ? '' : x.name + ' ') + x.port).join(', ') || '–' }),
        el('td', { className: 'num', textContent: String(p.restarts) }),
        el('td', { className: 'num', textContent: duration(p.uptimeMs) }),
        el('td', { className: 'num', textContent: mb(p.rssBytes) }),
        el('td', {}, toggle));
      tr.dataset.process = p.name;
      tr.dataset.state = p.state;
      rows.push(tr);
      if (shown) {
        const logs = el('tr', { className: 'logs' },
          el('td', { colSpan: 8 }, el('pre', { textContent: p.logs.join('\\n') || '(no output yet)' })));
        logs.dataset.logsOf = p.name;
        rows.push(logs);
      }
    }
    document.getElementById('rows').replaceChildren(...rows);
  }
  const conn = document.getElementById('conn');
  const source = new EventSource('/events');
  source.onmessage = (e) => {
    conn.textContent = 'live, updated ' + new Date().toLocaleTimeString();
    render(JSON.parse(e.data));
  };
  source.onerror = () => { conn.textContent = 'disconnected (the runner stopped?); retrying…'; };
})();
</script>
</body>
</html>
`;
