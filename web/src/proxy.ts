import { NextResponse, type NextRequest } from 'next/server';
import { newNonce, pagePolicy } from '@/lib/csp';

/**
 * Next's request proxy (middleware): every page gets a fresh nonce and a Content-Security-Policy
 * naming it. The policy goes on the request too, because that is where Next reads the nonce from
 * while rendering, to put it on the script tags it writes. `x-forwarded-proto` is the scheme the
 * origin's server worked out (web/server/main.ts), not a client's.
 */
export function proxy(request: NextRequest) {
  const policy = pagePolicy(newNonce(), request.headers.get('x-forwarded-proto') === 'https');
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Built files hold no inline script and get no policy; prefetches are data, not pages.
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
