import type { DaprClient } from '@dapr/dapr';
import { invokeApp, sidecarHttp } from '@ticketing/common';
import { ExpiryAnswer } from '@ticketing/contracts';
import type { PaymentsCheck } from '../domain/deps';

/** Asks payments through the sidecar (service invocation): `POST /internal/expiries/<orderId>`. */
export function sidecarPayments(client: DaprClient, paymentsAppId = 'payments'): PaymentsCheck {
  const http = sidecarHttp(client, 'sidecarPayments');
  return {
    async closeForExpiry(orderId) {
      const route = `internal/expiries/${encodeURIComponent(orderId)}`;
      const answer = ExpiryAnswer.safeParse(await invokeApp(http, paymentsAppId, 'POST', route));
      if (!answer.success) throw new Error(`payments answered no verdict for order ${orderId}`);
      return answer.data.charge;
    },
  };
}
