import type { z } from 'zod';
import { ListOrdersQuery, Order, OrderList, PlaceOrderInput } from './orders';
import { PayInput, Payment, WebhookReceipt } from './payments';
import { ErrorBody } from './shared';
import {
  CreatedTickets,
  CreateTicketsInput,
  EditTicketInput,
  ListTicketsQuery,
  Ticket,
  TicketList,
} from './tickets';
import { ChangePasswordInput, CurrentUser, Session, SignInInput, SignUpInput } from './users';

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
    responses: { 201: ['Signed up', Session], ...common, 409: ['Email already in use', E] },
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
    path: '/api/tickets',
    tag: 'tickets',
    summary: 'List one ticket, or `quantity` tickets of one event',
    auth: true,
    body: CreateTicketsInput,
    responses: { 201: ['Listed', CreatedTickets], ...common, 401: ['Not signed in', E] },
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
    summary: 'Edit a listing (seller, while on sale)',
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
    summary: 'Delete a listing (seller, while on sale)',
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
      409: ['Already reserved or sold', E],
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
      502: ['Payment provider unavailable', E],
    },
  },
  {
    method: 'post',
    path: '/api/payments/webhook',
    tag: 'payments',
    summary: 'Stripe webhook (Stripe-Signature over the raw body)',
    auth: false,
    responses: { 200: ['Received', WebhookReceipt], 400: ['Bad signature', E] },
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
