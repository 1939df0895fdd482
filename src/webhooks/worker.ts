import type { JobQueue } from '../jobs/queue.ts';
import { deliverWebhook, type SenderOptions } from './deliver.ts';
import { dispatchBatch, dueWebhooks, pruneDeliveries, pruneOutbox } from './dispatch.ts';
import { defaultDeliveryPolicy } from './policy.ts';
import type { WebhookDeps } from './service.ts';

/** The recurring pass: outbox rows → deliveries, then a send job for each webhook with one due. */
export const WEBHOOK_DISPATCH_TASK = 'webhook_dispatch';
/** Sends one webhook's due deliveries: payload `{ webhook_id }`. */
export const WEBHOOK_DELIVER_TASK = 'webhook_deliver';
/** One pending send job per webhook, whatever the number of passes and workers. */
export const webhookJobKey = (webhookId: string): string => `webhook:${webhookId}`;

export interface WebhookWorkerOptions extends Partial<SenderOptions> {
  /** Time between dispatch passes, i.e. the most an event waits before it is sent (default 1 s). */
  dispatchEveryMs?: number;
  /** Outbox rows one pass dispatches at most (default 10 000, in transactions of 500). */
  maxRowsPerPass?: number;
  /** Finished deliveries, and dispatched outbox rows no delivery needs, are deleted after this long (default 30 days). */
  retentionMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export function senderOptions(options: WebhookWorkerOptions = {}): SenderOptions {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const leaseMs = options.leaseMs ?? timeoutMs + 15_000;
  // A lease shorter than an attempt would let a second sender start while the first still waits.
  if (leaseMs <= timeoutMs) throw new Error(`the webhook lease (${leaseMs} ms) must be longer than the delivery timeout (${timeoutMs} ms)`);
  return {
    policy: options.policy ?? defaultDeliveryPolicy,
    timeoutMs,
    leaseMs,
    maxPerRun: options.maxPerRun ?? 500,
    userAgent: options.userAgent ?? 'Leasewire-Webhooks/0.1',
  };
}

export interface DispatchPass {
  rows: number;
  deliveries: number;
  /** Webhooks whose send job was queued. */
  queued: string[];
}

/** One dispatch pass (the recurring task's body; tests call it directly). */
export async function dispatchPass(deps: WebhookDeps, queue: JobQueue, options: Pick<WebhookWorkerOptions, 'maxRowsPerPass'> = {}): Promise<DispatchPass> {
  const pass: DispatchPass = { rows: 0, deliveries: 0, queued: [] };
  const max = options.maxRowsPerPass ?? 10_000;
  while (pass.rows < max) {
    const b = await dispatchBatch(deps.store, Math.min(500, max - pass.rows));
    pass.rows += b.rows;
    pass.deliveries += b.deliveries;
    if (b.rows === 0) break;
  }
  for (const id of await dueWebhooks(deps.store)) {
    // One webhook that cannot be queued (e.g. a job-key race with its own sender) never holds up
    // the others: the next pass queues it again.
    if (await queueSender(queue, deps, id)) pass.queued.push(id);
  }
  return pass;
}

async function queueSender(queue: JobQueue, deps: WebhookDeps, webhookId: string): Promise<boolean> {
  try {
    await queue.enqueue(deps.store.db, WEBHOOK_DELIVER_TASK, { webhook_id: webhookId }, { jobKey: webhookJobKey(webhookId), maxAttempts: 3 });
    return true;
  } catch (err) {
    console.error(`webhooks: could not queue the sender of ${webhookId}; the next pass tries again: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}

/** Registers the dispatcher and the sender on a queue: what a worker process does at start. */
export function registerWebhookWorker(queue: JobQueue, deps: WebhookDeps, options: WebhookWorkerOptions = {}): void {
  const sender = senderOptions(options);
  const retentionMs = options.retentionMs ?? 30 * 24 * 60 * 60_000;
  let prunedAt = 0;
  queue.register(WEBHOOK_DISPATCH_TASK, async () => {
    await dispatchPass(deps, queue, options);
    if (Date.now() - prunedAt > 10 * 60_000) {
      prunedAt = Date.now();
      await pruneDeliveries(deps.store.db, retentionMs);
      await pruneOutbox(deps.store.db, retentionMs);
    }
  });
  queue.register(WEBHOOK_DELIVER_TASK, async (payload, ctx) => {
    const webhookId = payload.webhook_id;
    if (typeof webhookId !== 'string') throw new Error(`a ${WEBHOOK_DELIVER_TASK} job needs a string webhook_id; got ${JSON.stringify(payload)}`);
    const { stop } = await deliverWebhook(deps, webhookId, sender, ctx.signal);
    // More is due than one run sends: queue the next run now rather than at the next pass.
    if (stop === 'limit') await queueSender(queue, deps, webhookId);
  });
  queue.recurring({ name: 'webhook-dispatch', task: WEBHOOK_DISPATCH_TASK, everyMs: options.dispatchEveryMs ?? 1000 });
}
