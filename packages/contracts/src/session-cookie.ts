/** The session cookie over plain http (a laptop), where browsers refuse `__Host-` cookies. */
export const SESSION_COOKIE = 'session';
/**
 * The session cookie over https. A browser keeps a `__Host-` cookie only when it is Secure, for
 * path `/` and without a Domain, so it cannot have been planted over http or by a sibling
 * subdomain. Auth sets one of the two; the services and the web origin read both (web keeps a
 * copy in web/server/https.ts: it takes the contracts as types only).
 */
export const SECURE_SESSION_COOKIE = '__Host-session';
