/**
 * The sign-in page's `next`: wherever it points, the browser ends up on this site. Each value is
 * what the page receives after Next has decoded the query once.
 */
import { safeNext } from '../src/lib/safe-next';

describe('safeNext', () => {
  it.each([
    ['another site, scheme-relative', '//evil.com'],
    ['another site, with a backslash', '/\\evil.com'],
    ['another site, backslashes only', '\\\\evil.com'],
    ['another site, absolute', 'https://evil.com/x'],
    ['another site, absolute over http', 'http://evil.com'],
    ['a script URL', 'javascript:alert(1)'],
    ['a script URL with spaces', ' javascript:alert(1)'],
    ['a data URL', 'data:text/html,<script>alert(1)</script>'],
    ['a tab browsers drop', '/\t/evil.com'],
    ['a newline browsers drop', '/\n/evil.com'],
    ['a dot segment that normalises to //', '/.//evil.com'],
    ['a dot-dot segment that normalises to //', '/x/..//evil.com'],
    ['slashes left encoded', '/%2F%2Fevil.com'],
    ['a backslash left encoded', '/%5Cevil.com'],
    ['slashes encoded twice (decoded once by Next)', '%2F%2Fevil.com'],
    ['a control character left encoded', '/%0d%0aSet-Cookie:x=1'],
    ['a broken escape', '/%E0%A4%A'],
    ['a relative path', 'tickets/1'],
    ['nothing', ''],
    ['no value', undefined],
  ])('when next is %s, then home', (_case, next) => {
    expect(safeNext(next)).toBe('/');
  });

  it.each([
    ['/', '/'],
    ['/tickets/abc', '/tickets/abc'],
    ['/tickets?q=jazz&page=2', '/tickets?q=jazz&page=2'],
    ['/events/1#comments', '/events/1#comments'],
    ['/tickets/a b', '/tickets/a%20b'],
    ['/search?next=//evil.com', '/search?next=//evil.com'],
  ])('when next is the path %s on this site, then it is kept', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it('when next is given twice, then the first counts', () => {
    expect(safeNext(['/orders', '//evil.com'])).toBe('/orders');
    expect(safeNext(['//evil.com', '/orders'])).toBe('/');
  });
});
