/**
 * A bounded, in-memory log of what a sandbox served, so a benchmark's many calls cannot exhaust
 * memory: the oldest entries are dropped first. Ids count up from 1 and are never reused, so a
 * client can page with `sinceId` even after a clear.
 */
export class BoundedRecorder<T extends { id: number }> {
  private items: T[] = [];
  private nextId = 1;
  private clearedBefore = 0;

  constructor(private readonly capacity: number) {}

  add(entry: Omit<T, 'id'>): T {
    const full = { ...entry, id: this.nextId++ } as T;
    this.items.push(full);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
    return full;
  }

  /** Entries recorded since the start (or the last clear), including those dropped from the log. */
  total(): number {
    return this.nextId - 1 - this.clearedBefore;
  }

  /** The kept entries that pass `keep`, oldest first. */
  where(keep: (entry: T) => boolean): T[] {
    return this.items.filter(keep);
  }

  clear(): void {
    this.items = [];
    this.clearedBefore = this.nextId - 1;
  }
}
