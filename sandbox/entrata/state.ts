import type { Closable } from '../kit/lifecycle.ts';
import { generateDataset } from './dataset/generate.ts';
import type { Dataset, DatasetSize } from './dataset/model.ts';
import type { FaultEngine } from './faults.ts';
import type { RateLimiter } from './rateLimit.ts';
import type { SandboxProfile } from './profile.ts';
import type { RequestRecorder } from './recorder.ts';

/** Everything a running sandbox holds; `dataset` is swapped wholesale by a reset. */
export interface SandboxState extends Closable {
  dataset: Dataset;
  readonly seed: number;
  readonly size: DatasetSize;
  /** What answers carry: profile.ts. */
  readonly profile: SandboxProfile;
  readonly now: () => number;
  readonly faults: FaultEngine;
  readonly limiter: RateLimiter;
  readonly recorder: RequestRecorder;
}

/** Back to the seeded data: regenerates it, forgets recorded requests, faults and rate counters. */
export function resetState(state: SandboxState): void {
  state.dataset = generateDataset(state.seed, state.size);
  state.recorder.clear();
  state.faults.set({});
  state.limiter.resetCounters();
}
