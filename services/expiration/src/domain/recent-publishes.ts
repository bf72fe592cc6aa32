/**
 * Which orders' expiration.complete this process published lately, so a reminder that fires
 * again before order.cancelled has come back (event lag) does not publish it again each period.
 * A successful publish is durable in the broker and orders applies it with retries, so a repeat
 * is only a safety net: one per window is enough. Kept in memory on purpose: after a restart, or
 * when placement moves the actor, the first firing publishes again, which is the safe side.
 */
export class RecentPublishes {
  /** orderId -> when it was published; insertion order is publish order, so pruning stops early. */
  private readonly at = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** True when this order's expiry was published less than the window ago. */
  within(orderId: string, now: number): boolean {
    const at = this.at.get(orderId);
    return at !== undefined && now - at < this.windowMs;
  }

  published(orderId: string, now: number): void {
    this.at.delete(orderId);
    this.at.set(orderId, now);
    this.prune(now);
  }

  /** The order completed or was cancelled: its reminder is gone, so is its entry. */
  forget(orderId: string): void {
    this.at.delete(orderId);
  }

  get size(): number {
    return this.at.size;
  }

  private prune(now: number): void {
    for (const [orderId, at] of this.at) {
      if (now - at < this.windowMs) return;
      this.at.delete(orderId);
    }
  }
}
