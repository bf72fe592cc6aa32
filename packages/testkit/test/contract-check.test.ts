import express from 'express';
import request from 'supertest';
import { checkContracts } from '../src';

const ticket = {
  id: '65a000000000000000000001',
  eventId: '65a0000000000000000000e1',
  title: 'Tosca',
  category: 'opera',
  venue: 'La Scala',
  startsAt: '2030-01-01T19:00:00.000Z',
  price: 5000,
  currency: 'eur',
  faceValue: 5000,
  sellerId: 's1',
  status: 'available',
  orderId: null,
  holderId: null,
  resale: false,
  resales: 0,
  version: 0,
  eventKey: 'Tosca|La Scala|2030-01-01T19:00:00.000Z',
  createdAt: '2029-01-01T00:00:00.000Z',
};

function appAnswering(status: number, body: unknown) {
  const app = express();
  app.get('/api/tickets/:id', (_req, res) => {
    res.status(status).json(body);
  });
  app.get('/healthz', (_req, res) => {
    res.json({ anything: true });
  });
  return checkContracts(app);
}

describe('contract checks on answers', () => {
  it('when an answer keeps its contract, then it passes unchanged', async () => {
    const res = await request(appAnswering(200, ticket)).get('/api/tickets/x');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(ticket);
  });

  it('when an answer drifts from its contract, then it becomes a 500 naming the field', async () => {
    const drifted: Partial<typeof ticket> = { ...ticket };
    delete drifted.eventKey;
    const res = await request(appAnswering(200, { ...drifted, price: '50' })).get('/api/tickets/x');
    expect(res.status).toBe(500);
    expect(res.body.errors[0].message).toMatch(
      /GET \/api\/tickets\/\{id\} 200 breaks its contract/,
    );
    expect(res.body.errors[0].message).toMatch(/price/);
    expect(res.body.errors[0].message).toMatch(/eventKey/);
  });

  it('when a route answers a status it does not document, then that is a drift too', async () => {
    const res = await request(appAnswering(409, { errors: [{ message: 'x' }] })).get(
      '/api/tickets/x',
    );
    expect(res.status).toBe(500);
    expect(res.body.errors[0].message).toMatch(/does not document/);
  });

  it('when a path is not part of the public API, then it is not checked', async () => {
    const res = await request(appAnswering(200, ticket)).get('/healthz');
    expect(res.body).toEqual({ anything: true });
  });
});
