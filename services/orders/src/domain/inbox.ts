import type { Notification, NotificationKind } from '@ticketing/contracts';

/** A notification as a use case writes it; `id` makes writing it twice change nothing. */
export interface NewNotification {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
}

/**
 * The port to each user's notifications. The adapter keeps them in a Dapr state store, one key per
 * user, with ETags so concurrent writers never lose each other's changes.
 */
export interface Inbox {
  /** Adds the notification unless one with its id is there already. */
  add(userId: string, notification: NewNotification): Promise<void>;
  /** Newest first. */
  list(userId: string): Promise<Notification[]>;
  /** Marks the notifications read (all of them with 'all'); returns how many stay unread. */
  markRead(userId: string, ids: string[] | 'all'): Promise<number>;
}
