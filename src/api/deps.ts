import type { Store } from '../store/db.ts';
import type { Sealer } from '../lib/crypto.ts';
import type { ApiActivity } from '../jobs/giveWay.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { HttpRequestFn } from '../lib/httpRequest.ts';

/**
 * What route handlers may use. Each subsystem adds its service here (jobs, sync, webhooks) so that
 * a route file receives everything through one argument and tests can build it explicitly.
 */
export interface AppDeps {
  store: Store;
  /** Encrypts and decrypts PMS credentials. */
  sealer: Sealer;
  /** The job queue (write jobs); write endpoints answer 503 without one. */
  queue?: JobQueue;
  /** Told of every /v1 request, when a worker in this process gives way to the API (jobs/giveWay.ts). */
  activity?: ApiActivity | undefined;
  /**
   * The HTTP transport of the calls this process makes to a PMS itself: checking credentials when
   * an integration is saved (default: node:http). Tests that run no PMS pass one that reaches none.
   */
  pmsFetch?: HttpRequestFn | undefined;
  /** How long a live availability read waits for the PMS (default 8 s). */
  availabilityTimeoutMs?: number | undefined;
}
