/**
 * The public API's shapes come from @ticketing/contracts, as types only: nothing of zod or the
 * schemas reaches the browser bundle or the public origin's process.
 */
import type { ApiErrorItem, Category, ListTicketsQuery, Order } from '@ticketing/contracts';

export type {
  ApiErrorItem,
  Category,
  Comment,
  CommentCounts,
  CommentList,
  EventDetail,
  EventList,
  EventSummary,
  Ownership,
  Payout,
  Order,
  OrderList,
  OrderStatus,
  Payment,
  Notification,
  NotificationList,
  Ticket,
  TicketList as TicketPage,
  UnreadCount,
  WantedCounts,
  WantedDemand,
  WantedEntry,
  WantedList,
  TicketStatus,
  User,
} from '@ticketing/contracts';

// A record keyed by the contract's type: the compiler rejects a missing or an extra category.
const CATEGORY_SET: Record<Category, true> = {
  movie: true,
  concert: true,
  opera: true,
  sports: true,
  theatre: true,
  other: true,
};
export const CATEGORIES = Object.keys(CATEGORY_SET) as Category[];

export const SORTS: readonly { value: ListTicketsQuery['sort']; label: string }[] = [
  { value: 'date', label: 'Soonest first' },
  { value: '-date', label: 'Latest first' },
  { value: 'price', label: 'Price: low to high' },
  { value: '-price', label: 'Price: high to low' },
];

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; errors: ApiErrorItem[]; inWaitingRoom?: boolean };

/** An order that still holds its ticket for the buyer. */
export const isOpen = (o: Order) => o.status === 'created' || o.status === 'awaiting:payment';
