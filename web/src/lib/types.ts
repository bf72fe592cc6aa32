/** The public API's shapes, as the web client reads them (fixed by the API, not by this app). */

export const CATEGORIES = ['movie', 'concert', 'opera', 'sports', 'theatre', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SORTS = [
  { value: 'date', label: 'Soonest first' },
  { value: '-date', label: 'Latest first' },
  { value: 'price', label: 'Price: low to high' },
  { value: '-price', label: 'Price: high to low' },
] as const;

export interface User {
  id: string;
  email: string;
}

export type TicketStatus = 'available' | 'reserved' | 'sold';

export interface Ticket {
  id: string;
  title: string;
  category: Category;
  venue: string;
  startsAt: string;
  price: number;
  currency: string;
  sellerId: string;
  status: TicketStatus;
  orderId: string | null;
  holderId: string | null;
  version: number;
  eventKey: string;
  createdAt: string;
}

export interface TicketPage {
  items: Ticket[];
  page: number;
  limit: number;
  total: number;
}

export type OrderStatus = 'created' | 'awaiting:payment' | 'complete' | 'cancelled';

export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  ticket: { id: string; title: string; price: number; currency: string; sellerId: string };
  expiresAt: string;
  version: number;
  paymentId: string | null;
  createdAt: string;
}

export interface Payment {
  id: string;
  orderId: string;
  intentId: string | null;
  amount: number;
  currency: string;
  state: string;
}

export interface ApiErrorItem {
  message: string;
  field?: string;
}

export type ApiResult<T> =
  { ok: true; status: number; data: T } | { ok: false; status: number; errors: ApiErrorItem[] };

/** An order that still holds its ticket for the buyer. */
export const isOpen = (o: Order) => o.status === 'created' || o.status === 'awaiting:payment';
