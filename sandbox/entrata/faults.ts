import { z } from 'zod';
import { Prng } from './dataset/prng.ts';

/**
 * Injected misbehaviour, per method. A rule fires on a matching request when its trigger says so:
 * `every: N` → the Nth, 2Nth… matching request; `rate: p` → with probability p (seeded RNG);
 * both → both must hold; neither → every request. `times: N` caps how often it fires in total.
 */
const trigger = {
  rate: z.number().min(0).max(1).optional(),
  every: z.number().int().min(1).optional(),
  times: z.number().int().min(1).optional(),
};

export const faultSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('latency'), ms: z.number().int().min(0).max(600_000), ...trigger }),
  z.strictObject({
    kind: z.literal('http'),
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)], { error: 'status must be 500, 502, 503 or 504' }),
    ...trigger,
  }),
  z.strictObject({
    kind: z.literal('envelope'),
    code: z.union([z.literal(500), z.literal(310)], { error: 'code must be 500 or 310' }),
    message: z.string().max(500).optional(),
    ...trigger,
  }),
  z.strictObject({ kind: z.literal('hang'), ...trigger }),
  z.strictObject({ kind: z.literal('throttle'), retryAfter: z.number().int().min(0).max(86_400).optional(), ...trigger }),
  z.strictObject({ kind: z.literal('drop'), ...trigger }),
], { error: (issue) => (issue.code === 'invalid_union' ? 'kind must be one of latency, http, envelope, hang, throttle, drop' : undefined) });

export type FaultSpec = z.infer<typeof faultSpecSchema>;

const FAULT_KEY = /^(\*|[A-Za-z]+\/(\*|[A-Za-z0-9]+))$/;

export const faultConfigSchema = z.record(
  z.string().regex(FAULT_KEY, 'fault keys are "service/method", "service/*" or "*"'),
  // A single rule may be given without the array.
  z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(faultSpecSchema)),
  { error: (issue) => (issue.code === 'invalid_key' ? 'fault keys are "service/method", "service/*" or "*"' : undefined) },
);

/** `{ "leads/updateLeads": [{ "kind": "http", "status": 503, "every": 3 }], "*": [...] }` */
export type FaultConfig = Record<string, FaultSpec[]>;
export type FaultConfigInput = Record<string, FaultSpec | FaultSpec[]>;

export type FaultOutcome =
  | { kind: 'http'; status: number }
  | { kind: 'envelope'; code: number; message: string }
  | { kind: 'hang' }
  | { kind: 'throttle'; retryAfter: number }
  | { kind: 'drop' };

export interface FaultDecision {
  latencyMs: number;
  outcome: FaultOutcome | null;
  /** Short labels of the rules that fired, for the request log. */
  applied: string[];
}

interface RuleState {
  spec: FaultSpec;
  seen: number;
  fired: number;
}

export function describeFault(spec: FaultSpec): string {
  switch (spec.kind) {
    case 'latency':
      return `latency=${spec.ms}`;
    case 'http':
      return `http=${spec.status}`;
    case 'envelope':
      return `envelope=${spec.code}`;
    case 'throttle':
      return 'throttle';
    default:
      return spec.kind;
  }
}

const ENVELOPE_MESSAGES: Record<number, string> = {
  500: 'Internal server error. Please try again later. (sandbox fault)',
  310: 'The server is busy processing other requests. Please retry. (sandbox fault)',
};

export class FaultEngine {
  private rules = new Map<string, RuleState[]>();
  private rng: Prng;

  constructor(
    config: FaultConfig,
    private readonly seed: number,
  ) {
    this.rng = new Prng(seed);
    this.set(config);
  }

  /** Replaces every rule; counters and the random sequence restart. */
  set(config: FaultConfig): void {
    this.rules = new Map(Object.entries(config).map(([key, specs]) => [key, specs.map((spec) => ({ spec, seen: 0, fired: 0 }))]));
    this.rng = new Prng(this.seed);
  }

  snapshot(): { faults: FaultConfig; counters: Record<string, { seen: number; fired: number }[]> } {
    const faults: FaultConfig = {};
    const counters: Record<string, { seen: number; fired: number }[]> = {};
    for (const [key, states] of this.rules) {
      faults[key] = states.map((s) => s.spec);
      counters[key] = states.map((s) => ({ seen: s.seen, fired: s.fired }));
    }
    return { faults, counters };
  }

  decide(service: string, method: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, outcome: null, applied: [] };
    for (const key of [`${service}/${method}`, `${service}/*`, '*']) {
      for (const state of this.rules.get(key) ?? []) {
        state.seen++;
        const { spec } = state;
        if (spec.kind !== 'latency' && decision.outcome) continue;
        if (!this.fires(state)) continue;
        state.fired++;
        decision.applied.push(describeFault(spec));
        if (spec.kind === 'latency') decision.latencyMs += spec.ms;
        else decision.outcome = toOutcome(spec);
      }
    }
    return decision;
  }

  private fires(state: RuleState): boolean {
    const { spec } = state;
    if (spec.times !== undefined && state.fired >= spec.times) return false;
    if (spec.every !== undefined && state.seen % spec.every !== 0) return false;
    // Draw only when a rate is set, so adding an every-only rule leaves other rules' sequences alone.
    if (spec.rate !== undefined && !(this.rng.next() < spec.rate)) return false;
    return true;
  }
}

function toOutcome(spec: Exclude<FaultSpec, { kind: 'latency' }>): FaultOutcome {
  switch (spec.kind) {
    case 'http':
      return { kind: 'http', status: spec.status };
    case 'envelope':
      return { kind: 'envelope', code: spec.code, message: spec.message ?? ENVELOPE_MESSAGES[spec.code] ?? 'Error (sandbox fault)' };
    case 'throttle':
      return { kind: 'throttle', retryAfter: spec.retryAfter ?? 1 };
    case 'hang':
      return { kind: 'hang' };
    case 'drop':
      return { kind: 'drop' };
  }
}
