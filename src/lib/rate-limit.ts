// A sliding-window counter kept in memory: at most `limit` events per key within `windowMs`.
// Used to slow down guessing (logins, exact ID-number searches, duplicate checks). One process
// holds the counts; a restart forgets them, which is acceptable for a brake, not for a ledger.
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Records one event for `key` and tells whether it is still within the limit. */
  take(key: string, now = Date.now()): boolean {
    const recent = this.recent(key, now);
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.prune(now);
    return recent.length <= this.limit;
  }

  /** Whether `key` has used up its window, without recording an event. */
  exhausted(key: string, now = Date.now()): boolean {
    return this.recent(key, now).length >= this.limit;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }

  private prune(now: number): void {
    for (const [key, times] of this.hits) if (!times.some((t) => now - t < this.windowMs)) this.hits.delete(key);
    // Still too many live keys: forget the oldest half rather than grow without bound.
    if (this.hits.size > this.maxKeys) {
      const keys = [...this.hits.keys()].slice(0, Math.floor(this.hits.size / 2));
      for (const key of keys) this.hits.delete(key);
    }
  }
}
