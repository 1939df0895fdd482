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
 *
 * Heap growing factor 1.5: after a full collection V8 lets the old generation grow to up to four
 * times what survived before the next one, and under 50 connections of by-id reads the responses
 * that outlive two scavenges fill it with garbage: in some runs (2 of 3 with --trace-gc) the heap
 * went 30 → 130 MB between full collections and the process peaked at ~300 MB, where it otherwise
 * stays near 215 MB. At 1.5 × the survivors the heap stayed under ~51 MB and the process at 217 MB
 * with the same throughput; the price is a full collection every few seconds of such load (mostly
 * concurrent, 4–11 ms each).
 */
export function tuneV8(): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  v8.setFlagsFromString('--heap-growing-percent=50');
}
