import type { Topic } from './events';

/**
 * Who publishes each topic and who subscribes to it (Dapr app ids), for the AsyncAPI document
 * and for a team joining in another language. A new topic does not compile until it is here.
 */
export const TOPIC_APPS: Record<Topic, { publisher: string; subscribers: string[] }> = {
  'ticket.created': { publisher: 'tickets', subscribers: ['orders', 'comments', 'insights'] },
  'ticket.updated': { publisher: 'tickets', subscribers: ['orders', 'comments', 'insights'] },
  'ticket.deleted': { publisher: 'tickets', subscribers: ['orders', 'comments', 'insights'] },
  'event.created': { publisher: 'tickets', subscribers: ['comments'] },
  'event.cancelled': { publisher: 'tickets', subscribers: ['orders', 'comments'] },
  'order.created': {
    publisher: 'orders',
    subscribers: ['tickets', 'payments', 'expiration', 'auth', 'insights'],
  },
  'order.offered': { publisher: 'orders', subscribers: ['orders'] },
  'order.cancelled': {
    publisher: 'orders',
    subscribers: ['orders', 'tickets', 'payments', 'expiration', 'auth', 'insights'],
  },
  'order.completed': {
    publisher: 'orders',
    subscribers: ['orders', 'tickets', 'payments', 'expiration', 'auth', 'insights'],
  },
  'expiration.complete': { publisher: 'expiration', subscribers: ['orders'] },
  'payment.created': { publisher: 'payments', subscribers: ['orders', 'insights'] },
  'system.ping': { publisher: 'any', subscribers: ['echo'] },
};
