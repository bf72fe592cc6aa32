/**
 * The edge between expiration's rules and Dapr's actor reminders: one reminder per order.
 * Domain code and tests see only this; the Dapr implementation lives in src/actors.
 */
export interface ReminderScheduler {
  /** Creates the order's reminder due at `expiresAt`, or replaces the one already there. */
  schedule(orderId: string, expiresAt: Date): Promise<void>;
  /** Removes the order's reminder; one that does not exist counts as removed. */
  cancel(orderId: string): Promise<void>;
}
