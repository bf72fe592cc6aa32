'use client';
import Link from 'next/link';
import { useState } from 'react';
import { callApi } from '@/lib/client-api';
import { formatDate } from '@/lib/format';
import type { Notification, UnreadCount } from '@/lib/types';
import { FormAlert } from './form-bits';

/** The notifications page's list: opening one marks it read; one button reads them all. */
export function NotificationList({ initial }: { initial: Notification[] }) {
  const [items, setItems] = useState(initial);
  const [errors, setErrors] = useState<string[]>();
  const unread = items.filter((n) => !n.read).length;

  const markRead = async (body: { ids: string[] } | { all: true }) => {
    const res = await callApi<UnreadCount>('POST', '/api/notifications/read', body);
    if (!res.ok) return setErrors(res.errors.map((e) => e.message));
    setErrors(undefined);
    const ids = 'ids' in body ? new Set(body.ids) : undefined;
    setItems((all) => all.map((n) => (!ids || ids.has(n.id) ? { ...n, read: true } : n)));
    window.dispatchEvent(new CustomEvent('notifications-read', { detail: res.data.unread }));
  };

  if (items.length === 0) {
    return (
      <div className="card p-8 text-center">
        <p className="text-lg font-semibold">No notifications yet</p>
        <p className="mt-1 text-slate-700">
          Holds offered from a wanted list, resales sold and lapsed holds show up here.
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <FormAlert messages={errors} />
      <div className="flex items-center justify-between">
        <p className="text-sm text-slate-700" data-testid="unread-summary">
          {unread === 0 ? 'All read' : `${unread} unread`}
        </p>
        {unread > 0 && (
          <button type="button" className="btn-secondary" onClick={() => markRead({ all: true })}>
            Mark all read
          </button>
        )}
      </div>
      <ul className="space-y-2">
        {items.map((n) => (
          <li
            key={n.id}
            className={`card p-4 ${n.read ? '' : 'border-l-4 border-l-brand-600'}`}
            data-testid="notification"
            data-kind={n.kind}
            data-read={n.read}
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p className="font-semibold">
                {!n.read && <span className="sr-only">Unread: </span>}
                {n.title}
              </p>
              <p className="text-xs text-slate-600">{formatDate(n.createdAt)}</p>
            </div>
            <p className="mt-1 text-sm text-slate-800">{n.body}</p>
            <div className="mt-2 flex gap-3 text-sm">
              {n.link && (
                <Link
                  href={n.link}
                  className="link"
                  onClick={() => (n.read ? undefined : void markRead({ ids: [n.id] }))}
                >
                  Open
                </Link>
              )}
              {!n.read && (
                <button type="button" className="link" onClick={() => markRead({ ids: [n.id] })}>
                  Mark read
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
