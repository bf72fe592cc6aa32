/** Stands for this origin: only whether `next` stays on it matters, not which origin it is. */
const HERE = 'http://origin.invalid';

/**
 * Where to go after signing in (or leaving the waiting room): a path on this site, or home.
 * The value is parsed as a browser would resolve it, not matched by prefix: `//evil.com`,
 * `/\evil.com`, `/<tab>/evil.com` (browsers drop tabs and newlines), `https://…` and
 * `javascript:` all leave the site. What is returned is the parsed path, so a path that only
 * becomes another site once normalised (`/.//evil.com`) or decoded (`/%2F%2Fevil.com`) goes
 * home as well.
 */
export function safeNext(next: string | string[] | undefined): string {
  const given = Array.isArray(next) ? next[0] : next;
  if (!given?.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(given, HERE);
  } catch {
    return '/';
  }
  if (url.origin !== HERE) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return '/';
  }
  if (/^\/[/\\]|[\u0000-\u001f\u007f]/.test(decoded)) return '/';
  return url.pathname + url.search + url.hash;
}
