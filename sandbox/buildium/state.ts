import type { Closable } from '../kit/lifecycle.ts';
import { generateDataset } from './dataset/generate.ts';
import type { Dataset } from './dataset/model.ts';
import type { FaultEngine } from './faults.ts';
import type { RateLimiter } from './rateLimit.ts';
import type { RequestRecorder } from './recorder.ts';

export interface SandboxState extends Closable {
  dataset: Dataset;
  clientId: string;
  secret: string;
  now: () => number;
  faults: FaultEngine;
  limiter: RateLimiter;
  recorder: RequestRecorder;
  /** Keep each answer's body with its recorded request. */
  recordResponses: boolean;
}

/** Back to the seeded data: forgets written notes, recorded requests and faults. */
export function resetState(state: SandboxState): void {
  state.dataset = generateDataset(state.dataset.seed, state.dataset.size);
  state.recorder.clear();
  state.faults.set({});
}
