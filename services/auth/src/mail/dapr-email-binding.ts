import type { DaprClient, HTTPClient } from '@dapr/dapr';
import { opStats, sidecarHttp, traceHeaders } from '@ticketing/common';
import type { Mail, Mailer } from '../domain/mailer';

/**
 * Mail through the sidecar's `email` output binding (bindings.smtp; components/<profile>/email.yaml):
 * which server it reaches is the component's business, Mailpit locally.
 */
export class DaprEmailBinding implements Mailer {
  private readonly http: HTTPClient;

  constructor(
    client: DaprClient,
    private readonly binding = 'email',
  ) {
    this.http = sidecarHttp(client, 'DaprEmailBinding');
  }

  async send(mail: Mail): Promise<void> {
    await this.http.execute(`/bindings/${this.binding}`, {
      method: 'POST',
      body: {
        operation: 'create',
        data: mail.html,
        // The binding splits recipients on ';': an address never holds one (zod's email check).
        metadata: { emailTo: mail.to, subject: mail.subject },
      },
      headers: { 'Content-Type': 'application/json', ...traceHeaders() },
    });
    opStats.sidecarWrite('mail.send');
  }
}
