import Link from 'next/link';
import { apiGet, currentUser } from '@/lib/api';
import type { UnreadCount } from '@/lib/types';
import { NotificationBell } from './notification-bell';
import { NavLinks } from './nav-links';
import { SignOutButton } from './sign-out-button';

export async function SiteHeader() {
  const user = await currentUser();
  const unread = user ? await apiGet<UnreadCount>('/api/notifications/unread') : undefined;
  return (
    <header className="border-b border-brand-800 bg-brand-700 text-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 text-lg font-bold tracking-tight">
          <TicketIcon />
          Ticketing
        </Link>
        <nav aria-label="Main" className="order-3 w-full overflow-x-auto sm:order-none sm:w-auto">
          <NavLinks />
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          {user ? (
            <>
              <NotificationBell initial={unread?.ok ? unread.data.unread : 0} />
              <Link
                href="/account"
                className="max-w-[14rem] truncate rounded px-2 py-1 hover:bg-brand-800"
                data-testid="signed-in-as"
              >
                <span className="sr-only">Signed in as </span>
                {user.email}
              </Link>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/signin" className="rounded px-2 py-1 hover:bg-brand-800">
                Sign in
              </Link>
              <Link
                href="/signup"
                className="rounded bg-white px-3 py-1 font-semibold text-brand-700 hover:bg-brand-50"
              >
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}

function TicketIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="h-6 w-6"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
    >
      <path
        strokeLinejoin="round"
        d="M3 7a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v3a2 2 0 0 0 0 4v3a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-3a2 2 0 0 0 0-4z"
      />
      <path strokeDasharray="2 2" d="M15 5v14" />
    </svg>
  );
}
