'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { callApi } from '@/lib/client-api';
import type { UnreadCount } from '@/lib/types';

const POLL_MS = 15_000;

/** The bell in the header: unread notifications, kept fresh while the page is open. */
export function NotificationBell({ initial }: { initial: number }) {
  const [unread, setUnread] = useState(initial);
  const path = usePathname();

  useEffect(() => {
    let stopped = false;
    const refresh = async () => {
      if (document.visibilityState === 'hidden') return;
      const res = await callApi<UnreadCount>('GET', '/api/notifications/unread');
      if (!stopped && res.ok) setUnread(res.data.unread);
    };
    void refresh();
    const timer = setInterval(refresh, POLL_MS);
    const onFocus = () => void refresh();
    const onRead = (e: Event) => setUnread((e as CustomEvent<number>).detail);
    window.addEventListener('focus', onFocus);
    window.addEventListener('notifications-read', onRead);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('notifications-read', onRead);
    };
  }, [path]);

  const label = unread === 0 ? 'Notifications' : `Notifications, ${unread} unread`;
  return (
    <Link
      href="/notifications"
      aria-label={label}
      title={label}
      className="relative rounded p-1 hover:bg-brand-800"
      data-testid="notification-bell"
    >
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
          d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0"
        />
      </svg>
      {unread > 0 && (
        <span
          className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-bold leading-5 text-white"
          data-testid="unread-count"
        >
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}
