export interface RecordedRequest {
  id: number;
  receivedAt: string;
  method: string;
  /** The path as called, without the query string. */
  path: string;
  /** The spec's path template, e.g. /v1/applicants/{applicantId}/notes (null: no such operation). */
  template: string | null;
  operationId: string | null;
  query: string;
  /** The JSON body of a POST as received (credentials travel in headers and are never recorded). */
  body: unknown;
  status: number | null;
  /** The JSON answered, when the sandbox was started with recordResponses (tests validate every one). */
  response?: unknown;
  outcome: 'ok' | 'error' | 'rate_limited' | 'fault' | 'dropped' | 'hung';
  faults: string[];
}

/** A bounded log, so a benchmark's many calls cannot exhaust memory. */
export class RequestRecorder {
  private items: RecordedRequest[] = [];
  private nextId = 1;
  constructor(private readonly capacity: number) {}

  add(entry: Omit<RecordedRequest, 'id'>): RecordedRequest {
    const full = { ...entry, id: this.nextId++ };
    this.items.push(full);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
    return full;
  }

  /** Requests recorded since the start (or the last clear), including those dropped from the log. */
  total(): number {
    return this.nextId - 1 - this.clearedBefore;
  }

  list(filter: { operationId?: string; sinceId?: number }): RecordedRequest[] {
    return this.items.filter((r) => (filter.operationId === undefined || r.operationId === filter.operationId || r.operationId?.endsWith(`_${filter.operationId}`)) && (filter.sinceId === undefined || r.id > filter.sinceId));
  }

  private clearedBefore = 0;

  clear(): void {
    this.items = [];
    this.clearedBefore = this.nextId - 1;
  }
}
