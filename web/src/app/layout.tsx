import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import { SiteHeader } from '@/components/site-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Ticketing', template: '%s · Ticketing' },
  description: 'Buy and sell tickets for concerts, sports, theatre and more.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#3730a3' };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request: a page prerendered at build time would carry no nonce,
  // and the Content-Security-Policy (src/proxy.ts) would block its scripts.
  await connection();
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6">
          {children}
        </main>
        <footer className="border-t border-slate-200 bg-white py-4 text-center text-xs text-slate-600">
          Ticketing · prices include all fees · times in UTC
        </footer>
      </body>
    </html>
  );
}
