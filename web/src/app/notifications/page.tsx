import type { Metadata } from 'next';
import { NotificationList } from '@/components/notification-list';
import { PageError } from '@/components/page-error';
import { apiGet, requireUser } from '@/lib/api';
import type { NotificationList as Notifications } from '@/lib/types';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage() {
  await requireUser('/notifications');
  const res = await apiGet<Notifications>('/api/notifications');
  if (!res.ok)
    return <PageError title="Your notifications could not be loaded" errors={res.errors} />;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">Notifications</h1>
      <NotificationList initial={res.data.items} />
    </div>
  );
}
