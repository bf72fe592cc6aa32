import { clientKeyOf, parseInput, requireAuth, userOf } from '@ticketing/common';
import { Router } from 'express';
import { cancelByBuyer } from '../domain/cancel-order';
import type { OrdersDeps } from '../domain/deps';
import { getMyOrder, listMyOrders } from '../domain/find-orders';
import { ListOrdersQuery, PlaceOrderInput } from '@ticketing/contracts';
import { placeOrder } from '../domain/place-order';
import { orderJson } from './order-json';

export function ordersRouter(deps: OrdersDeps): Router {
  const router = Router();
  // Every answer is one buyer's own orders: never for a shared cache.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(requireAuth);

  router.post('/', async (req, res) => {
    const input = parseInput(PlaceOrderInput, req.body ?? {});
    const order = await placeOrder(deps, { buyer: userOf(req), client: clientKeyOf(req) }, input);
    res.status(201).json(orderJson(order));
  });

  router.get('/', async (req, res) => {
    const query = parseInput(ListOrdersQuery, req.query);
    const { items, total } = await listMyOrders(userOf(req), query);
    res.json({ items: items.map(orderJson), page: query.page, limit: query.limit, total });
  });

  router.get('/:id', async (req, res) => {
    res.json(orderJson(await getMyOrder(userOf(req), req.params.id)));
  });

  router.delete('/:id', async (req, res) => {
    res.json(orderJson(await cancelByBuyer(deps, userOf(req), req.params.id)));
  });

  return router;
}
