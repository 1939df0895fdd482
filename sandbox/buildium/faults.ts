import { z } from 'zod';
import { Rng } from './dataset/prng.ts';

/**
 * Injected misbehaviour per operation. Keys are an operationId of Buildium's spec
 * ("ExternalApiApplicantNotes_CreateApplicantNote"), its short name after the underscore
 * ("CreateApplicantNote") or "*". A rule fires on `every: N` (the Nth, 2Nth… matching request),
 * with probability `rate` (seeded), both, or always; `times` caps how often it fires.
 */
const trigger = {
  rate: z.number().min(0).max(1).optional(),
  every: z.number().int().min(1).optional(),
  times: z.number().int().min(1).optional(),
};

export const faultSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('latency'), ms: z.number().int().min(0).max(600_000), ...trigger }),
  z.strictObject({ kind: z.literal('http'), status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)], { error: 'status must be 500, 502, 503 or 504' }), ...trigger }),
  z.strictObject({ kind: z.literal('throttle'), retryAfter: z.number().int().min(0).max(86_400).optional(), ...trigger }),
  z.strictObject({ kind: z.literal('hang'), ...trigger }),
  /** The request takes effect (a note is created), then the connection is cut before the answer. */
  z.strictObject({ kind: z.literal('drop'), ...trigger }),
], { error: (issue) => (issue.code === 'invalid_union' ? 'kind must be one of latency, http, throttle, hang, drop' : undefined) });

export type FaultSpec = z.infer<typeof faultSpecSchema>;

export const faultConfigSchema = z.record(
  z.string().regex(/^(\*|[A-Za-z]+(_[A-Za-z]+)?)$/, 'fault keys are an operationId, its name after "_", or "*"'),
  z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(faultSpecSchema)),
);
export type FaultConfig = Record<string, FaultSpec[]>;
export type FaultConfigInput = Record<string, FaultSpec | FaultSpec[]>;

export type FaultOutcome = { kind: 'http'; status: number } | { kind: 'throttle'; retryAfter: number | null } | { kind: 'hang' } | { kind: 'drop' };

export interface FaultDecision {
  latencyMs: number;
  outcome: FaultOutcome | null;
  applied: string[];
}

interface RuleState {
  spec: FaultSpec;
  seen: number;
  fired: number;
}

export class FaultEngine {
  private rules = new Map<string, RuleState[]>();
  private rng: Rng;

  constructor(config: FaultConfig, private readonly seed: number) {
    this.rng = new Rng(seed);
    this.set(config);
  }

  set(config: FaultConfig): void {
    this.rules = new Map(Object.entries(config).map(([k, specs]) => [k, specs.map((spec) => ({ spec, seen: 0, fired: 0 }))]));
    this.rng = new Rng(this.seed);
  }

  snapshot(): { faults: FaultConfig; counters: Record<string, Array<{ seen: number; fired: number }>> } {
    const faults: FaultConfig = {};
    const counters: Record<string, Array<{ seen: number; fired: number }>> = {};
    for (const [k, states] of this.rules) {
      faults[k] = states.map((s) => s.spec);
      counters[k] = states.map((s) => ({ seen: s.seen, fired: s.fired }));
    }
    return { faults, counters };
  }

  decide(operationId: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, outcome: null, applied: [] };
    const short = operationId.slice(operationId.indexOf('_') + 1);
    for (const key of [operationId, short, '*']) {
      for (const state of this.rules.get(key) ?? []) {
        state.seen++;
        const { spec } = state;
        if (spec.kind !== 'latency' && decision.outcome) continue;
        if (spec.times !== undefined && state.fired >= spec.times) continue;
        if (spec.every !== undefined && state.seen % spec.every !== 0) continue;
        if (spec.rate !== undefined && !(this.rng.next() < spec.rate)) continue;
        state.fired++;
        decision.applied.push(spec.kind === 'http' ? `http=${spec.status}` : spec.kind === 'latency' ? `latency=${spec.ms}` : spec.kind);
        if (spec.kind === 'latency') decision.latencyMs += spec.ms;
        else if (spec.kind === 'http') decision.outcome = { kind: 'http', status: spec.status };
        else if (spec.kind === 'throttle') decision.outcome = { kind: 'throttle', retryAfter: spec.retryAfter ?? null };
        else decision.outcome = { kind: spec.kind };
      }
    }
    return decision;
  }
}

/**
 * `--fault <key>:<kind>[=<value>][,<option>=<value>…]`, e.g.
 *   CreateApplicantNote:drop,times=1       the first note is created, its answer lost
 *   GetAllTenantNotes:http=503,every=4     every 4th tenant-notes page is a 503
 *   *:latency=50                           50 ms on every call
 *   *:throttle=2,rate=0.1                  10% of calls answered 429 with Retry-After: 2
 */
export function parseFaultFlags(flags: readonly string[]): FaultConfig {
  const config: Record<string, Array<Record<string, unknown>>> = {};
  for (const flag of flags) {
    const colon = flag.indexOf(':');
    if (colon <= 0) throw new Error(`--fault "${flag}": expected <operation|*>:<fault>, e.g. CreateApplicantNote:http=503,times=1`);
    const [head = '', ...options] = flag.slice(colon + 1).split(',').map((s) => s.trim());
    const [kind = '', value] = head.split('=');
    const spec: Record<string, unknown> = { kind };
    if (kind === 'latency') spec.ms = Number(value);
    else if (kind === 'http') spec.status = Number(value);
    else if (kind === 'throttle' && value !== undefined) spec.retryAfter = Number(value);
    for (const o of options) {
      const [name = '', v = ''] = o.split('=');
      if (name !== '') spec[name] = Number(v);
    }
    (config[flag.slice(0, colon).trim()] ??= []).push(spec);
  }
  const parsed = faultConfigSchema.safeParse(config);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`--fault: ${i ? `${i.path.join('.')}: ${i.message}` : 'invalid'}`);
  }
  return parsed.data;
}
