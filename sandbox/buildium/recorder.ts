import { BoundedRecorder } from '../kit/recorder.ts';

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

/** The API requests served, bounded (../kit/recorder.ts); `total()` counts the dropped ones too. */
export class RequestRecorder extends BoundedRecorder<RecordedRequest> {
  /** operationId matches the full id or its short name after "_". */
  list(filter: { operationId?: string; sinceId?: number }): RecordedRequest[] {
    return this.where((r) => (filter.operationId === undefined || r.operationId === filter.operationId || r.operationId?.endsWith(`_${filter.operationId}`) === true) && (filter.sinceId === undefined || r.id > filter.sinceId));
  }
}
