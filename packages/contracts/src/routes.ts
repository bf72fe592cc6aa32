import type { z } from 'zod';
import {
  Comment,
  CommentCounts,
  CommentCountsQuery,
  CommentList,
  CreateCommentInput,
  EditCommentInput,
  ListCommentsQuery,
} from './comments';
import {
  EventDetail,
  EventList,
  EventListingsQuery,
  EventSummary,
  ListEventsQuery,
} from './events-resource';
import { ListOrdersQuery, Order, OrderList, PlaceOrderInput } from './orders';
import { PayInput, Payment, WebhookReceipt } from './payments';
import { EventInsights, SellerInsights } from './insights';
import { ErrorBody } from './shared';
import { WaitingRoomRefusal, WaitingRoomStatus } from './waiting-room';
import {
  CreatedTickets,
  CreateTicketsInput,
  EditTicketInput,
  HeldTickets,
  ListTicketsQuery,
  PayoutList,
  ResellInput,
  Ticket,
  TicketList,
} from './tickets';
import { MarkReadInput, NotificationList, UnreadCount } from './notifications';
import {
  JoinWantedInput,
  MyWanted,
  WantedCounts,
  WantedCountsQuery,
  WantedDemand,
  WantedEntry,
  WantedList,
  WantedQuery,
} from './wanted';
import {
  ChangePasswordInput,
  CurrentUser,
  PasswordResetInput,
  PasswordResetRequested,
  PasswordResetRequestInput,
  Session,
  SignInInput,
  SignUpInput,
} from './users';

/** One operation of the public API: its request schemas and, per status, its answer. */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  tag: string;
  summary: string;
  auth: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Status -> description and, when there is one, the body schema. */
  responses: Record<number, [string, z.ZodType?]>;
}

const E = ErrorBody;
const common: RouteDoc['responses'] = { 400: ['Validation failed; each error names its field', E] };

export const ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/users/signup',
    tag: 'users',
    summary: 'Sign up; sets the session cookie',
    auth: false,
    body: SignUpInput,
    responses: {
      201: ['Signed up', Session],
      ...common,
      409: ['Email already in use', E],
      429: ['Too many sign-ups from this client; see Retry-After', E],
      503: ['The rate-limit store is unavailable; nothing was done', E],
    },
  },
  {
    method: 'post',
    path: '/api/users/signin',
    tag: 'users',
    summary: 'Sign in; sets the session cookie',
    auth: false,
    body: SignInInput,
    responses: {
      200: ['Signed in', Session],
      ...common,
      401: ['Invalid email or password', E],
      429: ['Too many attempts; see Retry-After', E],
    },
  },
  {
    method: 'post',
    path: '/api/users/signout',
    tag: 'users',
    summary: 'Sign out; clears the cookie',
    auth: false,
    responses: { 204: ['Signed out'] },
  },
  {
    method: 'get',
    path: '/api/users/currentuser',
    tag: 'users',
    summary: 'Who is signed in',
    auth: false,
    responses: { 200: ['The user or null', CurrentUser] },
  },
  {
    method: 'put',
    path: '/api/users/password',
    tag: 'users',
    summary: 'Change password (needs the current one)',
    auth: true,
    body: ChangePasswordInput,
    responses: {
      204: ['Changed'],
      ...common,
      401: ['Not signed in', E],
      403: ['Current password is wrong', E],
      429: ['Too many attempts', E],
    },
  },
  {
    method: 'post',
    path: '/api/users/password-reset',
    tag: 'users',
    summary: 'Forgot password: mails a single-use reset link if the email has an account',
    auth: false,
    body: PasswordResetRequestInput,
    responses: {
      202: [
        'Accepted; the same answer whether or not the email has an account',
        PasswordResetRequested,
      ],
      ...common,
      429: ['Too many requests; see Retry-After', E],
    },
  },
  {
    method: 'post',
    path: '/api/users/password-reset/confirm',
    tag: 'users',
    summary: 'Set a new password with a reset link token; ends every session of the account',
    auth: false,
    body: PasswordResetInput,
    responses: {
      204: ['Password set; every session ended; sign in with it'],
      400: ['Validation failed, or the link is invalid, used or expired (field `token`)', E],
    },
  },

  {
    method: 'post',
    path: '/api/tickets',
    tag: 'tickets',
    summary:
      'List one ticket, or `quantity` tickets of one event: `eventId`, or the event described (found or created)',
    auth: true,
    body: CreateTicketsInput,
    responses: {
      201: ['Listed', CreatedTickets],
      ...common,
      401: ['Not signed in', E],
      404: ['No such event', E],
      409: ['The event is cancelled', E],
      429: ['Listing too often (per seller or per client); see Retry-After', E],
      503: ['The rate-limit store is unavailable; nothing was done', E],
    },
  },
  {
    method: 'get',
    path: '/api/tickets',
    tag: 'tickets',
    summary: 'Tickets on sale, filtered, sorted and paged',
    auth: false,
    query: ListTicketsQuery,
    responses: { 200: ['A page of tickets', TicketList], ...common },
  },
  // Before /api/tickets/{id}, which would match them too.
  {
    method: 'get',
    path: '/api/tickets/mine',
    tag: 'tickets',
    summary: 'Tickets you hold (bought; up for resale or not)',
    auth: true,
    responses: { 200: ['Your tickets', HeldTickets], 401: ['Not signed in', E] },
  },
  {
    method: 'get',
    path: '/api/tickets/payouts',
    tag: 'tickets',
    summary: 'What you are owed for tickets you resold, newest first',
    auth: true,
    responses: { 200: ['Your payouts', PayoutList], 401: ['Not signed in', E] },
  },
  {
    method: 'get',
    path: '/api/tickets/{id}',
    tag: 'tickets',
    summary: 'One ticket, whatever its state',
    auth: false,
    responses: { 200: ['The ticket', Ticket], 404: ['No such ticket', E] },
  },
  {
    method: 'put',
    path: '/api/tickets/{id}',
    tag: 'tickets',
    summary: 'Edit a listing (seller, while on sale); the holder may change only a resale price',
    auth: true,
    body: EditTicketInput,
    responses: {
      200: ['Edited', Ticket],
      ...common,
      401: ['Not signed in', E],
      403: ['Not your listing', E],
      404: ['No such ticket', E],
      409: ['Reserved or sold', E],
    },
  },
  {
    method: 'delete',
    path: '/api/tickets/{id}',
    tag: 'tickets',
    summary: 'Delete a listing (seller, while on sale); the holder withdraws a resale',
    auth: true,
    responses: {
      204: ['Deleted'],
      401: ['Not signed in', E],
      403: ['Not your listing', E],
      404: ['No such ticket', E],
      409: ['Reserved or sold', E],
    },
  },

  {
    method: 'post',
    path: '/api/tickets/{id}/resale',
    tag: 'tickets',
    summary: 'Put a ticket you hold up for resale, or change its resale price',
    auth: true,
    body: ResellInput,
    responses: {
      200: ['On sale again', Ticket],
      ...common,
      401: ['Not signed in', E],
      403: ['You do not hold it', E],
      404: ['No such ticket', E],
      409: ['Reserved by a buyer, or the event has started or is cancelled', E],
    },
  },
  {
    method: 'delete',
    path: '/api/tickets/{id}/resale',
    tag: 'tickets',
    summary: 'Withdraw your resale while no buyer holds it',
    auth: true,
    responses: {
      200: ['Withdrawn: yours again, off sale', Ticket],
      401: ['Not signed in', E],
      403: ['You do not hold it', E],
      404: ['No such ticket', E],
      409: ['Not up for resale, or reserved by a buyer', E],
    },
  },

  {
    method: 'get',
    path: '/api/events',
    tag: 'events',
    summary: 'Upcoming events with their figures, soonest first',
    auth: false,
    query: ListEventsQuery,
    responses: { 200: ['A page of events', EventList], ...common },
  },
  {
    method: 'get',
    path: '/api/events/{id}',
    tag: 'events',
    summary: 'One event: its tickets on sale cheapest first, counts, sold out or not',
    auth: false,
    query: EventListingsQuery,
    responses: { 200: ['The event', EventDetail], ...common, 404: ['No such event', E] },
  },
  {
    method: 'post',
    path: '/api/events/{id}/cancel',
    tag: 'events',
    summary:
      'Cancel your event (its creator): listings on sale are taken off sale, its wanted list closes, its comments are hidden; refused while any ticket of it is held or sold',
    auth: true,
    responses: {
      200: ['Cancelled', EventSummary],
      401: ['Not signed in', E],
      403: ['Not your event', E],
      404: ['No such event', E],
      409: ['Already cancelled, started, or a ticket of it is held or sold', E],
    },
  },

  {
    method: 'post',
    path: '/api/orders',
    tag: 'orders',
    summary: 'Reserve a ticket until expiresAt',
    auth: true,
    body: PlaceOrderInput,
    responses: {
      201: ['Reserved', Order],
      ...common,
      401: ['Not signed in', E],
      404: ['No such ticket', E],
      409: ['Already reserved or sold, or the buyer already holds the most open orders', E],
      429: [
        'Ordering too often (per buyer or per client), or busy: you are in the waiting room (see waitingRoom); see Retry-After',
        WaitingRoomRefusal,
      ],
      503: ['The rate-limit store is unavailable; nothing was done', E],
    },
  },
  {
    method: 'get',
    path: '/api/orders',
    tag: 'orders',
    summary: "The buyer's orders, newest first",
    auth: true,
    query: ListOrdersQuery,
    responses: { 200: ['Orders', OrderList], ...common, 401: ['Not signed in', E] },
  },
  {
    method: 'get',
    path: '/api/orders/{id}',
    tag: 'orders',
    summary: 'One of your orders',
    auth: true,
    responses: {
      200: ['The order', Order],
      401: ['Not signed in', E],
      404: ['No such order of yours', E],
    },
  },
  {
    method: 'delete',
    path: '/api/orders/{id}',
    tag: 'orders',
    summary: 'Cancel your order; frees the ticket',
    auth: true,
    responses: {
      200: ['Cancelled', Order],
      401: ['Not signed in', E],
      404: ['No such order of yours', E],
      409: ['Complete or already cancelled', E],
    },
  },

  {
    method: 'post',
    path: '/api/payments',
    tag: 'payments',
    summary: 'Pay for your open order (charged at most once)',
    auth: true,
    body: PayInput,
    responses: {
      201: ['Paid', Payment],
      202: ['Processing; settled by webhook', Payment],
      ...common,
      401: ['Not signed in', E],
      402: ['Card declined', E],
      404: ['No such order (or not yours)', E],
      409: ['Cancelled, expired, paid or in progress', E],
      429: [
        'Paying too often, too many declined cards (card testing), or busy: you are in the waiting room (see waitingRoom); see Retry-After',
        WaitingRoomRefusal,
      ],
      502: ['Payment provider unavailable', E],
      503: ['The rate-limit store is unavailable; nothing was done', E],
    },
  },
  {
    method: 'get',
    path: '/api/waiting-room',
    tag: 'waiting room',
    summary:
      'Your place in the flash-sale waiting room (ticket from the wr_ticket cookie or x-waiting-room-ticket); once admitted, sets the wr_pass cookie',
    auth: true,
    responses: { 200: ['Your place, or the room (state none)', WaitingRoomStatus] },
  },
  {
    method: 'get',
    path: '/api/waiting-room/events',
    tag: 'waiting room',
    summary:
      'Server-sent events (text/event-stream): `waiting` with your place at most once a second, then `admitted` with the pass',
    auth: true,
    responses: { 200: ['The event stream'], 404: ['Not in the waiting room', E] },
  },
  {
    method: 'post',
    path: '/api/payments/webhook',
    tag: 'payments',
    summary: 'Stripe webhook (Stripe-Signature over the raw body)',
    auth: false,
    responses: { 200: ['Received', WebhookReceipt], 400: ['Bad signature', E] },
  },

  {
    method: 'get',
    path: '/api/comments',
    tag: 'comments',
    summary: 'Comments on a listing (`ticketId`) or an event (`eventId`), newest first, paged',
    auth: false,
    query: ListCommentsQuery,
    responses: { 200: ['A page of comments', CommentList], ...common },
  },
  {
    method: 'get',
    path: '/api/comments/counts',
    tag: 'comments',
    summary: 'Comment counts per listing, for many listings or an event in one request',
    auth: false,
    query: CommentCountsQuery,
    responses: { 200: ['Counts', CommentCounts], ...common },
  },
  {
    method: 'post',
    path: '/api/comments',
    tag: 'comments',
    summary: 'Comment on a listing or an event (plain text; rate limited per user)',
    auth: true,
    body: CreateCommentInput,
    responses: {
      201: ['Posted', Comment],
      ...common,
      401: ['Not signed in', E],
      404: ['No such listing or event', E],
      429: ['Too many comments; see Retry-After', E],
      503: ['The rate-limit store is unavailable; nothing was saved', E],
    },
  },
  {
    method: 'put',
    path: '/api/comments/{id}',
    tag: 'comments',
    summary: 'Edit your comment; marks it edited',
    auth: true,
    body: EditCommentInput,
    responses: {
      200: ['Edited', Comment],
      ...common,
      401: ['Not signed in', E],
      403: ['Not your comment', E],
      404: ['No such comment', E],
      429: ['Too many comments; see Retry-After', E],
      503: ['The rate-limit store is unavailable; nothing was saved', E],
    },
  },
  {
    method: 'delete',
    path: '/api/comments/{id}',
    tag: 'comments',
    summary: "Delete a comment (its author, or the listing's seller)",
    auth: true,
    responses: {
      204: ['Deleted'],
      401: ['Not signed in', E],
      403: ['Neither your comment nor on your listing', E],
      404: ['No such comment', E],
    },
  },

  {
    method: 'get',
    path: '/api/wanted',
    tag: 'wanted',
    summary: "An event's wanted list: its length, and your place when signed in",
    auth: false,
    query: WantedQuery,
    responses: { 200: ['The list', WantedList], ...common },
  },
  {
    method: 'post',
    path: '/api/wanted',
    tag: 'wanted',
    summary: "Join a sold-out event's wanted list with the most you would pay",
    auth: true,
    body: JoinWantedInput,
    responses: {
      201: ['Joined; your place in line', WantedEntry],
      ...common,
      401: ['Not signed in', E],
      404: ['No such event', E],
      409: ['Not sold out, already started, or already on the list', E],
    },
  },
  {
    method: 'delete',
    path: '/api/wanted/{eventId}',
    tag: 'wanted',
    summary: "Leave an event's wanted list",
    auth: true,
    responses: { 204: ['Left'], 401: ['Not signed in', E], 404: ['Not on that list', E] },
  },
  {
    method: 'get',
    path: '/api/wanted/counts',
    tag: 'wanted',
    summary: "Many events' wanted-list lengths at once (eventIds=a,b,c; at most 100)",
    auth: false,
    query: WantedCountsQuery,
    responses: { 200: ['Lengths, one per event asked', WantedCounts], ...common },
  },
  {
    method: 'get',
    path: '/api/wanted/mine',
    tag: 'wanted',
    summary: 'The wanted lists you are on',
    auth: true,
    responses: { 200: ['Your places', MyWanted], 401: ['Not signed in', E] },
  },
  {
    method: 'get',
    path: '/api/wanted/demand',
    tag: 'wanted',
    summary: 'For the events you hold tickets for: how many want them, up to what price',
    auth: true,
    responses: { 200: ['Demand per event', WantedDemand], 401: ['Not signed in', E] },
  },

  {
    method: 'get',
    path: '/api/notifications',
    tag: 'notifications',
    summary: 'Your notifications, newest first, with the unread count',
    auth: true,
    responses: { 200: ['Notifications', NotificationList], 401: ['Not signed in', E] },
  },
  {
    method: 'get',
    path: '/api/notifications/unread',
    tag: 'notifications',
    summary: 'How many of your notifications are unread',
    auth: true,
    responses: { 200: ['The count', UnreadCount], 401: ['Not signed in', E] },
  },
  {
    method: 'post',
    path: '/api/notifications/read',
    tag: 'notifications',
    summary: 'Mark some (ids) or all of your notifications read',
    auth: true,
    body: MarkReadInput,
    responses: {
      200: ['The unread count after', UnreadCount],
      ...common,
      401: ['Not signed in', E],
    },
  },

  {
    method: 'get',
    path: '/api/insights/sellers/me',
    tag: 'insights',
    summary: 'Your sales: figures per event you list, totals and revenue by day',
    auth: true,
    responses: { 200: ['Your figures', SellerInsights], 401: ['Not signed in', E] },
  },
  {
    method: 'get',
    path: '/api/insights/events/{id}',
    tag: 'insights',
    summary: 'One event of yours: figures, sell-through over time, revenue by day',
    auth: true,
    responses: {
      200: ['The figures', EventInsights],
      400: ['Malformed event id', E],
      401: ['Not signed in', E],
      403: ['You list no tickets for this event', E],
      404: ['Nobody lists this event', E],
    },
  },
];

/**
 * The schema an answer must satisfy: the documented body of `status` on that route. Throws for
 * a route or a status the list does not document, so an undocumented answer is a drift too.
 */
export function responseContract(
  method: RouteDoc['method'],
  path: string,
  status: number,
): z.ZodType | undefined {
  const route = ROUTES.find((r) => r.method === method && r.path === path);
  if (!route) throw new Error(`${method.toUpperCase()} ${path} is not in the route list`);
  const documented = route.responses[status];
  if (!documented) {
    throw new Error(`${method.toUpperCase()} ${path} does not document status ${status}`);
  }
  return documented[1];
}
