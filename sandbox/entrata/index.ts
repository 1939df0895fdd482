import type { SandboxHandleBase, StartOptionsBase } from '../kit/handle.ts';
import { closer, closingController, listen } from '../kit/lifecycle.ts';
import { validConfig } from '../kit/faults.ts';
import { generateDataset } from './dataset/generate.ts';
import type { DatasetSize } from './dataset/model.ts';
import type { FaultConfig, FaultConfigInput } from './faults.ts';
import { FaultEngine, faultConfigSchema } from './faults.ts';
import type { SandboxInfo } from './info.ts';
import { banner, buildInfo } from './info.ts';
import type { RateLimitConfig } from './rateLimit.ts';
import { RateLimiter } from './rateLimit.ts';
import { RequestRecorder } from './recorder.ts';
import { buildServer } from './server.ts';
import { profileFromEnv, type SandboxProfile } from './profile.ts';
import type { SandboxState } from './state.ts';
import { resetState } from './state.ts';

export type { SandboxInfo } from './info.ts';
export type { DatasetSize } from './dataset/model.ts';
export type { FaultConfig, FaultConfigInput, FaultSpec } from './faults.ts';
export type { RateLimitConfig } from './rateLimit.ts';
export type { RecordedRequest } from './recorder.ts';
export type { SandboxProfile } from './profile.ts';
export { parseFaultFlags, parseRateLimitFlags } from './faultFlags.ts';

export interface StartSandboxOptions extends StartOptionsBase<DatasetSize, FaultConfigInput> {
  /** e.g. `{ leads: '5/MINUTE', '*': '1000/HOUR;100/MINUTE' }`. */
  rateLimits?: RateLimitConfig;
  /** `rich` or `spec` (profile.ts); default: SANDBOX_PROFILE from the environment, else `rich`. */
  profile?: SandboxProfile;
}

export interface SandboxHandle extends SandboxHandleBase<SandboxInfo, FaultConfigInput> {
  /** Snapshot at start; `getInfo()` or `GET /__sandbox/info` for live counts. */
  info: SandboxInfo;
  setRateLimits(limits: RateLimitConfig): void;
}

const validFaults = (input: FaultConfigInput | undefined): FaultConfig => validConfig(faultConfigSchema, input);

export async function startSandbox(options: StartSandboxOptions = {}): Promise<SandboxHandle> {
  const seed = options.seed ?? 42;
  const size = options.size ?? 'small';
  const now = options.now ?? Date.now;
  const t0 = performance.now();
  const state: SandboxState = {
    dataset: generateDataset(seed, size),
    seed,
    size,
    profile: options.profile ?? profileFromEnv(),
    now,
    faults: new FaultEngine(validFaults(options.faults), seed),
    limiter: new RateLimiter(options.rateLimits ?? {}, now),
    recorder: new RequestRecorder(options.maxRecordedRequests ?? 10_000),
    hungSockets: new Set(),
    closing: closingController(),
  };
  const generatedMs = performance.now() - t0;
  let url = '';
  const app = buildServer(state, () => url);
  url = await listen(app, options.host ?? '127.0.0.1', options.port ?? 0);
  const info = buildInfo(state.dataset, url, state.profile);
  if (!options.quiet) console.log(banner(info, generatedMs));

  return {
    url,
    info,
    getInfo: () => buildInfo(state.dataset, url, state.profile),
    setFaults: (faults) => state.faults.set(validFaults(faults)),
    setRateLimits: (limits) => state.limiter.configure(limits),
    reset: () => resetState(state),
    close: closer(app, state),
  };
}

