import { HTTPClient, type DaprClient } from '@dapr/dapr';
import { traceHeaders } from '../tracing/trace-context';

/**
 * The SDK's HTTP client of the sidecar, for the calls its typed API lacks or that need headers
 * (publish with `traceparent`, bindings, reminders, service invocation). `user` names the caller
 * in the error a gRPC-configured client gets.
 */
export function sidecarHttp(client: DaprClient, user: string): HTTPClient {
  if (!(client.daprClient instanceof HTTPClient))
    throw new Error(`${user} needs an HTTP DaprClient`);
  return client.daprClient;
}

/**
 * Service invocation of another app's route through this app's sidecar, carrying the current
 * trace context. Resolves with the parsed body; the SDK throws for any non-2xx answer.
 */
export function invokeApp(
  http: HTTPClient,
  appId: string,
  method: 'GET' | 'POST',
  route: string,
): Promise<unknown> {
  return http.execute(`/invoke/${appId}/method/${route}`, { method, headers: traceHeaders() });
}
