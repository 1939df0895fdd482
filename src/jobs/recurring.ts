import type { RecurringTask } from './queue.ts';

/**
 * Recurring tasks are ordinary jobs under a fixed job key: at most one occurrence is pending, and
 * whichever worker finishes it schedules the next. Both queue implementations share this.
 */
export const recurringKey = (name: string): string => `recurring:${name}`;

export async function runRecurring(
  specs: readonly RecurringTask[],
  jobKey: string | null | undefined,
  enqueueNext: (spec: RecurringTask) => Promise<void>,
): Promise<void> {
  const spec = jobKey ? specs.find((s) => recurringKey(s.name) === jobKey) : undefined;
  if (spec) await enqueueNext(spec);
}
