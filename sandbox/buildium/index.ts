import type { SandboxHandleBase, StartOptionsBase } from '../kit/handle.ts';
import { closer, closingController, listen } from '../kit/lifecycle.ts';
import { validConfig } from '../kit/faults.ts';
import { generateDataset } from './dataset/generate.ts';
import type { DatasetSize } from './dataset/model.ts';
import { FaultEngine, faultConfigSchema, type FaultConfig, type FaultConfigInput } from './faults.ts';
import { buildInfo, type SandboxInfo } from './inspection.ts';
import { RateLimiter } from './rateLimit.ts';
import { RequestRecorder } from './recorder.ts';
import { buildServer } from './server.ts';
import { resetState, type SandboxState } from './state.ts';

export type { SandboxInfo } from './inspection.ts';
export type { DatasetSize } from './dataset/model.ts';
export type { FaultConfigInput, FaultSpec } from './faults.ts';
export type { RecordedRequest } from './recorder.ts';
export { parseFaultFlags } from './faults.ts';

export interface StartBuildiumSandboxOptions extends StartOptionsBase<DatasetSize, FaultConfigInput> {
  /** Requests per second per client before 429 (Buildium: 10). 0 turns limiting off. */
  rateLimitPerSecond?: number;
  /** Keep every answer's body in /__sandbox/requests (tests check each against Buildium's schemas). */
  recordResponses?: boolean;
}

export interface BuildiumSandboxHandle extends SandboxHandleBase<SandboxInfo, FaultConfigInput> {
  /** The credentials the sandbox accepts (x-buildium-client-id, x-buildium-client-secret). */
  clientId: string;
  secret: string;
  setRateLimit(perSecond: number): void;
}

const validFaults = (input: FaultConfigInput | undefined): FaultConfig => validConfig(faultConfigSchema, input);

export async function startBuildiumSandbox(options: StartBuildiumSandboxOptions = {}): Promise<BuildiumSandboxHandle> {
  const seed = options.seed ?? 42;
  const now = options.now ?? Date.now;
  const state: SandboxState = {
    dataset: generateDataset(seed, options.size ?? 'small'),
    clientId: `sandbox-client-${seed}`,
    secret: `sandbox-secret-${seed}`,
    now,
    faults: new FaultEngine(validFaults(options.faults), seed),
    limiter: new RateLimiter(options.rateLimitPerSecond ?? 10, now),
    recorder: new RequestRecorder(options.maxRecordedRequests ?? 10_000),
    recordResponses: options.recordResponses ?? false,
    hungSockets: new Set(),
    closing: closingController(),
  };
  let url = '';
  const app = buildServer(state, () => url);
  url = await listen(app, options.host ?? '127.0.0.1', options.port ?? 0);
  if (!options.quiet) {
    const info = buildInfo(state, url);
    console.log(
      `Buildium sandbox on ${url} (seed ${info.seed}, ${info.size}: ${Object.entries(info.counts).map(([k, v]) => `${v} ${k}`).join(', ')})\n` +
        `  headers  x-buildium-client-id: ${info.clientId}   x-buildium-client-secret: ${info.secret}\n` +
        `  try      curl -H 'x-buildium-client-id: ${info.clientId}' -H 'x-buildium-client-secret: ${info.secret}' '${url}/v1/rentals?limit=5'\n` +
        `  inspect  ${url}/__sandbox/info`,
    );
  }
  return {
    url,
    clientId: state.clientId,
    secret: state.secret,
    getInfo: () => buildInfo(state, url),
    setFaults: (f) => state.faults.set(validFaults(f)),
    setRateLimit: (n) => state.limiter.configure(n),
    reset: () => resetState(state),
    close: closer(app, state),
  };
}
