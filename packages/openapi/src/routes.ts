import { ChangePasswordInput, SignInInput, SignUpInput } from '@ticketing/auth/src/domain/inputs';
import { PlaceOrderInput, ListOrdersQuery } from '@ticketing/orders/src/domain/inputs';
import { PayInput } from '@ticketing/payments/src/domain/inputs';
import {
  CreateTicketsInput,
  EditTicketInput,
  ListTicketsQuery,
} from '@ticketing/tickets/src/domain/inputs';
import type { z } from 'zod';
import * as R from './responses';

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

const E = R.ErrorBody;
const common: RouteDoc['responses'] = { 400: ['Validation failed; each error names its field', E] };

export const ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/users/signup',
    tag: 'users',
    summary: 'Sign up; sets the session cookie',
    auth: false,
    body: SignUpInput,
    responses: { 201: ['Signed up', R.Session], ...common, 409: ['Email already in use', E] },
  },
  {
    method: 'post',
    path: '/api/users/signin',
    tag: 'users',
    summary: 'Sign in; sets the session cookie',
    auth: false,
    body: SignInInput,
    responses: {
      200: ['Signed in', R.Session],
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
    responses: { 200: ['The user or null', R.CurrentUser] },
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
    responses: { 201: ['Listed', R.CreatedTickets], ...common, 401: ['Not signed in', E] },
  },
  {
    method: 'get',
    path: '/api/tickets',
    tag: 'tickets',
    summary: 'Tickets on sale, filtered, sorted and paged',
    auth: false,
    query: ListTicketsQuery,
    responses: { 200: ['A page of tickets', R.TicketList], ...common },
  },
  {
    method: 'get',
    path: '/api/tickets/{id}',
    tag: 'tickets',
    summary: 'One ticket, whatever its state',
    auth: false,
    responses: { 200: ['The ticket', R.Ticket], 404: ['No such ticket', E] },
  },
  {
    method: 'put',
    path: '/api/tickets/{id}',
    tag: 'tickets',
    summary: 'Edit a listing (seller, while on sale)',
    auth: true,
    body: EditTicketInput,
    responses: {
      200: ['Edited', R.Ticket],
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
      201: ['Reserved', R.Order],
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
    responses: { 200: ['Orders', R.OrderList], ...common, 401: ['Not signed in', E] },
  },
  {
    method: 'get',
    path: '/api/orders/{id}',
    tag: 'orders',
    summary: 'One of your orders',
    auth: true,
    responses: {
      200: ['The order', R.Order],
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
      200: ['Cancelled', R.Order],
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
      201: ['Paid', R.Payment],
      202: ['Processing; settled by webhook', R.Payment],
      ...common,
      401: ['Not signed in', E],
      402: ['Card declined', E],
      403: ['Not your order', E],
      404: ['No such order', E],
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
    responses: { 200: ['Received'], 400: ['Bad signature', E] },
  },
];
