'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const NAV = [
  { href: '/', label: 'Browse' },
  { href: '/sell', label: 'Sell' },
  { href: '/orders', label: 'My orders' },
  { href: '/my-tickets', label: 'My tickets' },
  { href: '/sales', label: 'My sales' },
];

/** The main links, the current one marked for screen readers and the eye. */
export function NavLinks() {
  const path = usePathname();
  const current = (href: string) =>
    href === '/'
      ? path === '/' || path.startsWith('/tickets') || path.startsWith('/events')
      : path.startsWith(href);
  return (
    <ul className="flex gap-1 text-sm">
      {NAV.map((item) => (
        <li key={item.href}>
          <Link
            href={item.href}
            aria-current={current(item.href) ? 'page' : undefined}
            className="block whitespace-nowrap rounded px-2 py-1 hover:bg-brand-800 aria-[current=page]:bg-brand-800 aria-[current=page]:font-semibold"
          >
            {item.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
