/**
 * Buildium's guide: "10 concurrent requests per second" per client, 429 beyond, "retry after a
 * short interval (~200ms)". We count requests started in the last second per client id (a sliding
 * window); the 429 carries no Retry-After, since Buildium documents none.
 */
export class RateLimiter {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private perSecond: number,
    private readonly now: () => number,
  ) {}

  configure(perSecond: number): void {
    this.perSecond = perSecond;
    this.recent.clear();
  }

  current(): number {
    return this.perSecond;
  }

  /** True when the request may go (and counts it). A limit of 0 turns limiting off. */
  admit(clientId: string): boolean {
    if (this.perSecond <= 0) return true;
    const now = this.now();
    const list = (this.recent.get(clientId) ?? []).filter((t) => t > now - 1000);
    if (list.length >= this.perSecond) {
      this.recent.set(clientId, list);
      return false;
    }
    list.push(now);
    this.recent.set(clientId, list);
    return true;
  }
}
