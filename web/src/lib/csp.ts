/**
 * The pages' Content-Security-Policy (set per request by src/proxy.ts). A script runs only when
 * its tag carries this response's nonce (Next puts it on every script tag it writes) or when
 * such a script loaded it ('strict-dynamic': the page's chunks, Stripe.js); no inline script,
 * `javascript:` URL or event-handler attribute an injection could bring runs. 'self' is for
 * browsers older than 'strict-dynamic', which ignore it. Styles may be inline (Next and recharts
 * write style attributes): CSS cannot run script. Stripe's card field needs its frames and API.
 */
export function pagePolicy(nonce: string, https: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https://*.stripe.com",
    "font-src 'self'",
    "connect-src 'self' https://api.stripe.com",
    'frame-src https://js.stripe.com https://hooks.stripe.com',
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Over plain http (a laptop) this would send the page's own requests to an https that is not there.
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** 128 random bits, base64: a nonce no one can guess, new for every page. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
