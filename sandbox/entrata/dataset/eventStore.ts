import type { EventRecord } from './model.ts';

/**
 * Struct-of-arrays storage: a million seeded events cost ~50 MB of typed arrays instead of a
 * million objects. Seeded events are rebuilt into records on read (see eventRecords.ts); events
 * written through the API or mutations keep their full record in `details`.
 */
export class EventStore {
  length = 0;
  prospect: Int32Array;
  type: Uint16Array;
  subtype: Uint16Array;
  result: Uint32Array;
  date: Float64Array;
  agent: Uint32Array;
  unit: Uint32Array;
  /** NaN when the event has no appointment. */
  apptStart: Float64Array;
  apptMinutes: Uint16Array;
  callStatus: Uint8Array;
  callDuration: Uint32Array;
  comment: Uint8Array;
  reason: Uint8Array;
  readonly details = new Map<number, EventRecord>();

  constructor(
    readonly firstEventId: number,
    capacity: number,
  ) {
    const n = Math.max(16, capacity);
    this.prospect = new Int32Array(n);
    this.type = new Uint16Array(n);
    this.subtype = new Uint16Array(n);
    this.result = new Uint32Array(n);
    this.date = new Float64Array(n);
    this.agent = new Uint32Array(n);
    this.unit = new Uint32Array(n);
    this.apptStart = new Float64Array(n).fill(Number.NaN);
    this.apptMinutes = new Uint16Array(n);
    this.callStatus = new Uint8Array(n);
    this.callDuration = new Uint32Array(n);
    this.comment = new Uint8Array(n);
    this.reason = new Uint8Array(n);
  }

  /** Reserves the next slot and returns its index. */
  append(): number {
    if (this.length === this.date.length) this.grow();
    return this.length++;
  }

  private grow(): void {
    const n = this.date.length * 2;
    const grow = <T extends Int32Array | Uint16Array | Uint32Array | Float64Array | Uint8Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.prospect = grow(this.prospect, (k) => new Int32Array(k));
    this.type = grow(this.type, (k) => new Uint16Array(k));
    this.subtype = grow(this.subtype, (k) => new Uint16Array(k));
    this.result = grow(this.result, (k) => new Uint32Array(k));
    this.date = grow(this.date, (k) => new Float64Array(k));
    this.agent = grow(this.agent, (k) => new Uint32Array(k));
    this.unit = grow(this.unit, (k) => new Uint32Array(k));
    this.apptStart = grow(this.apptStart, (k) => new Float64Array(k).fill(Number.NaN));
    this.apptMinutes = grow(this.apptMinutes, (k) => new Uint16Array(k));
    this.callStatus = grow(this.callStatus, (k) => new Uint8Array(k));
    this.callDuration = grow(this.callDuration, (k) => new Uint32Array(k));
    this.comment = grow(this.comment, (k) => new Uint8Array(k));
    this.reason = grow(this.reason, (k) => new Uint8Array(k));
  }
}
