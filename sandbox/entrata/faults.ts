import { z } from 'zod';
import { describeRule, RuleEngine, ruleConfigSchema, triggerFields as trigger, type FaultDecision as Decision } from '../kit/faults.ts';
import { Prng } from './dataset/prng.ts';

/**
 * Injected misbehaviour, per method: the rules and triggers of ../kit/faults.ts, with Entrata's
 * outcomes (an HTTP error, an error envelope, a hang, a 429, a dropped connection).
 */
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

const FAULT_KEY_MESSAGE = 'fault keys are "service/method", "service/*" or "*"';

export const faultConfigSchema = ruleConfigSchema(z.string().regex(FAULT_KEY, FAULT_KEY_MESSAGE), faultSpecSchema, FAULT_KEY_MESSAGE);

/** `{ "leads/updateLeads": [{ "kind": "http", "status": 503, "every": 3 }], "*": [...] }` */
export type FaultConfig = Record<string, FaultSpec[]>;
export type FaultConfigInput = Record<string, FaultSpec | FaultSpec[]>;

export type FaultOutcome =
  | { kind: 'http'; status: number }
  | { kind: 'envelope'; code: number; message: string }
  | { kind: 'hang' }
  | { kind: 'throttle'; retryAfter: number }
  | { kind: 'drop' };

export type FaultDecision = Decision<FaultOutcome>;

export function describeFault(spec: FaultSpec): string {
  return spec.kind === 'envelope' ? `envelope=${spec.code}` : describeRule(spec);
}

const ENVELOPE_MESSAGES: Record<number, string> = {
  500: 'Internal server error. Please try again later. (sandbox fault)',
  310: 'The server is busy processing other requests. Please retry. (sandbox fault)',
};

export class FaultEngine extends RuleEngine<FaultSpec, FaultOutcome> {
  constructor(config: FaultConfig, seed: number) {
    super(config, seed, { random: (s) => new Prng(s), describe: describeFault, outcome: toOutcome });
  }

  /** Rules for `service/method` first, then `service/*`, then "*". */
  decide(service: string, method: string): FaultDecision {
    return this.decideFor([`${service}/${method}`, `${service}/*`, '*']);
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
