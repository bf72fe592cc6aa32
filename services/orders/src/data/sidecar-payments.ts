import { HTTPClient, type DaprClient } from '@dapr/dapr';
import { traceHeaders } from '@ticketing/common';
import type { ExpiryVerdict, PaymentsCheck } from '../domain/deps';

const VERDICTS: readonly string[] = ['paid', 'in-flight', 'closed'];

/** Asks payments through the sidecar (service invocation): `POST /internal/expiries/<orderId>`. */
export function sidecarPayments(client: DaprClient, paymentsAppId = 'payments'): PaymentsCheck {
  if (!(client.daprClient instanceof HTTPClient))
    throw new Error('sidecarPayments needs an HTTP DaprClient');
  const http = client.daprClient;
  return {
    async closeForExpiry(orderId) {
      const path = `/invoke/${paymentsAppId}/method/internal/expiries/${encodeURIComponent(orderId)}`;
      const body = (await http.execute(path, { method: 'POST', headers: traceHeaders() })) as {
        charge?: unknown;
      };
      if (typeof body?.charge !== 'string' || !VERDICTS.includes(body.charge))
        throw new Error(`payments answered no verdict for order ${orderId}`);
      return body.charge as ExpiryVerdict;
    },
  };
}
