import { BoundedRecorder } from '../kit/recorder.ts';

export type Gateway = 'basic' | 'apikey' | 'legacy';

export type Outcome = 'ok' | 'envelope_error' | 'http_error' | 'rate_limited' | 'dropped' | 'hung';

export interface RecordedRequest {
  id: number;
  receivedAt: string;
  gateway: Gateway;
  path: string;
  service: string;
  method: string | null;
  version: string | null;
  requestId: string | null;
  /** `method.params` as received (credentials travel in headers and are never recorded). */
  params: unknown;
  query: Record<string, string>;
  outcome: Outcome;
  httpStatus: number | null;
  errorCode: number | null;
  errorMessage: string | null;
  faults: string[];
  durationMs: number | null;
}

/** The gateway calls served, bounded (../kit/recorder.ts): a benchmark's millions of calls cannot exhaust memory. */
export class RequestRecorder extends BoundedRecorder<RecordedRequest> {
  list(filter: { service?: string; method?: string; outcome?: string; sinceId?: number }): RecordedRequest[] {
    return this.where(
      (r) =>
        (filter.service === undefined || r.service === filter.service) &&
        (filter.method === undefined || r.method === filter.method) &&
        (filter.outcome === undefined || r.outcome === filter.outcome) &&
        (filter.sinceId === undefined || r.id > filter.sinceId),
    );
  }
}
