import type { DaprServer } from '@dapr/dapr';
import { orderExpirationActor, type OrderExpirationDeps } from './order-expiration-actor';

/**
 * What daprd reads from GET /dapr/config. The actors hold no state and only run a reminder
 * callback, so idle ones are let go soon; nothing calls back into them, so no reentrancy.
 */
export const ACTOR_RUNTIME_OPTIONS = {
  actorIdleTimeout: '1m',
  actorScanInterval: '30s',
  drainOngoingCallTimeout: '20s',
  drainRebalancedActors: true,
  reentrancy: { enabled: false },
};

/** The runService `actors` hook: adds the actor routes and hosts OrderExpiration. */
export function registerActors(deps: OrderExpirationDeps) {
  return async (server: DaprServer): Promise<void> => {
    // The SDK's actor runtime copies these from the server's client when it is first used
    // (registerActor), so they are set before it.
    server.client.daprClient.options.actor = ACTOR_RUNTIME_OPTIONS;
    await server.actor.init();
    await server.actor.registerActor(orderExpirationActor(deps));
  };
}
