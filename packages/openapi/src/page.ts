/** A browsable page for the document, rendered here: no CDN assets (the origin may be offline). */
export function docsPage(doc: Record<string, unknown>): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const paths = doc.paths as Record<
    string,
    Record<
      string,
      {
        summary: string;
        responses: Record<string, { description: string }>;
        requestBody?: unknown;
        parameters?: { name: string; in: string; required: boolean }[];
      }
    >
  >;
  const sections = Object.entries(paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const params = (op.parameters ?? [])
          .map((p) => `<code>${esc(p.name)}</code> (${p.in}${p.required ? ', required' : ''})`)
          .join(', ');
        const body = op.requestBody
          ? `<details><summary>Request body schema</summary><pre>${esc(JSON.stringify(op.requestBody, null, 2))}</pre></details>`
          : '';
        const responses = Object.entries(op.responses)
          .map(([status, r]) => `<li><strong>${status}</strong> ${esc(r.description)}</li>`)
          .join('');
        return `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}</p>${params ? `<p>Parameters: ${params}</p>` : ''}${body}<ul>${responses}</ul></section>`;
      }),
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ticketing API</title><style>
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}
section{border-top:1px solid #ccc;padding:.5rem 0}.m{display:inline-block;min-width:4.5rem;font-weight:700}
.get{color:#0a5c2b}.post{color:#0b4a8b}.put{color:#7a4b00}.delete{color:#9b111e}pre{background:#f4f4f4;padding:.5rem;overflow:auto}
a:focus,summary:focus{outline:3px solid #0b4a8b}</style></head><body>
<h1>Ticketing API</h1><p>${esc(String((doc.info as { description: string }).description))}</p>
<p>Machine-readable: <a href="/api/docs/openapi.json">/api/docs/openapi.json</a> (OpenAPI 3, the REST API) and <a href="/api/docs/asyncapi.json">/api/docs/asyncapi.json</a> (AsyncAPI 3, the pub/sub events between services; JSON Schema per topic in <code>packages/contracts/generated/events</code>).</p>
${sections}</body></html>`;
}
