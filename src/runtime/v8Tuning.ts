import v8 from 'node:v8';

/**
 * V8 settings for Leasewire's long-running processes, applied once at start (src/cli/main.ts; the
 * benchmark server too, so it measures what runs).
 *
 * Allocation-site pretenuring off: under a burst of page reads, V8 may decide early on that the
 * strings and row arrays a response is built from outlive young-generation collections and start
 * allocating them straight in the old generation. They die a moment later all the same, so the old
 * generation fills with garbage: on a 20-event page at 50 connections that decision, taken in about
 * 3 of 7 measured runs, grew the heap from ~50 to ~90 MB, the process from ~230 to ~340 MB, and the
 * p99 from ~15 to ~25 ms (four times the full collections). Without it every run stayed low.
 */
export function tuneV8(): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}
