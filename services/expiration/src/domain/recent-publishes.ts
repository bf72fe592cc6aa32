/**
 * Which orders' expiration.complete this process published lately. The actor removes a reminder
 * once it published; should that removal fail, the reminder fires again each period, and this
 * keeps those firings from publishing again before the window has passed. Kept in memory on
 * purpose: after a restart, or when placement moves the actor, the first firing publishes again,
 * which is the safe side.
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
