/** Tables of the jobs subsystem (migration 0004_jobs), merged into the store's Database type. */
export interface QueueJobTable {
  id: string;
  task: string;
  /** JSON text. */
  payload: string;
  queue_name: string | null;
  job_key: string | null;
  /** ISO instants (UTC), compared as text. */
  run_at: string;
  priority: number;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  locked_at: string | null;
  locked_by: string | null;
  created_at: string;
  failed_at: string | null;
}

export interface QueueWorkerTable {
  id: string;
  kind: string;
  heartbeat_at: string;
}

export type WriteStatus = 'PENDING' | 'SUCCESS' | 'PARTIAL_SUCCESS' | 'FAILURE';

export interface WriteJobTable {
  id: string;
  account_id: string;
  integration_id: string;
  vendor: string;
  /** e.g. "events.leads". */
  kind: string;
  status: WriteStatus;
  /** Where the exactly-once protocol stands (see writes/phases). */
  phase: string;
  /** JSON: the validated request the worker executes. */
  request: string;
  /** JSON: the body answered to the client (replayed for a repeated Idempotency-Key). */
  response: string;
  queue_name: string;
  attempts: number;
  /** JSON array of strings. */
  errors: string;
  /** JSON array of log entries, one per attempt. */
  log: string;
  /** JSON: PMS record ids that existed before the first send (to tell our new record apart). */
  snapshot: string | null;
  x_record_id: string | null;
  created_record_id: string | null;
  retry_of: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface IdempotencyKeyTable {
  account_id: string;
  key: string;
  request_hash: string;
  job_id: string;
  created_at: string;
  expires_at: string;
}

export interface JobsDatabase {
  queue_jobs: QueueJobTable;
  queue_workers: QueueWorkerTable;
  write_jobs: WriteJobTable;
  idempotency_keys: IdempotencyKeyTable;
}
