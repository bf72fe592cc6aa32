import { z } from 'zod';
import { Id, Instant } from './shared';

export const NotificationKind = z.enum([
  'hold-offered',
  'ticket-sold',
  'hold-lapsed',
  'event-cancelled',
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** One in-app notification; `link` is a path on the public origin. */
export const Notification = z.object({
  id: Id,
  kind: NotificationKind,
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: Instant,
  read: z.boolean(),
});
export type Notification = z.infer<typeof Notification>;

export const UnreadCount = z.object({ unread: z.number().int().nonnegative() });
export type UnreadCount = z.infer<typeof UnreadCount>;

export const NotificationList = z.object({
  items: z.array(Notification),
  unread: z.number().int().nonnegative(),
});
export type NotificationList = z.infer<typeof NotificationList>;

/** Marks some notifications read (`ids`), or all of them (`all: true`). */
export const MarkReadInput = z
  .strictObject({
    ids: z
      .array(z.string({ error: 'ids must hold strings' }).min(1).max(200), {
        error: 'ids must be a list of notification ids',
      })
      .min(1, 'ids must not be empty')
      .max(200, 'ids must hold at most 200 ids')
      .optional(),
    all: z.literal(true, { error: 'all must be true when given' }).optional(),
  })
  .refine((v) => (v.ids === undefined) !== (v.all === undefined), {
    error: 'Give either ids or all: true',
  });
export type MarkReadInput = z.infer<typeof MarkReadInput>;
