import { z } from 'zod';
import { describeRule, RuleEngine, ruleConfigSchema, triggerFields as trigger, validFlags, type FaultDecision as Decision } from '../kit/faults.ts';
import { Rng } from './dataset/prng.ts';

/**
 * Injected misbehaviour per operation. Keys are an operationId of Buildium's spec
 * ("ExternalApiApplicantNotes_CreateApplicantNote"), its short name after the underscore
 * ("CreateApplicantNote") or "*". A rule fires on `every: N` (the Nth, 2Nth… matching request),
 * with probability `rate` (seeded), both, or always; `times` caps how often it fires.
 */
export const faultSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('latency'), ms: z.number().int().min(0).max(600_000), ...trigger }),
  z.strictObject({ kind: z.literal('http'), status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)], { error: 'status must be 500, 502, 503 or 504' }), ...trigger }),
  z.strictObject({ kind: z.literal('throttle'), retryAfter: z.number().int().min(0).max(86_400).optional(), ...trigger }),
  z.strictObject({ kind: z.literal('hang'), ...trigger }),
  /** The request takes effect (a note is created), then the connection is cut before the answer. */
  z.strictObject({ kind: z.literal('drop'), ...trigger }),
], { error: (issue) => (issue.code === 'invalid_union' ? 'kind must be one of latency, http, throttle, hang, drop' : undefined) });

export type FaultSpec = z.infer<typeof faultSpecSchema>;

export const faultConfigSchema = ruleConfigSchema(z.string().regex(/^(\*|[A-Za-z]+(_[A-Za-z]+)?)$/, 'fault keys are an operationId, its name after "_", or "*"'), faultSpecSchema);
export type FaultConfig = Record<string, FaultSpec[]>;
export type FaultConfigInput = Record<string, FaultSpec | FaultSpec[]>;

export type FaultOutcome = { kind: 'http'; status: number } | { kind: 'throttle'; retryAfter: number | null } | { kind: 'hang' } | { kind: 'drop' };

export type FaultDecision = Decision<FaultOutcome>;

function toOutcome(spec: Exclude<FaultSpec, { kind: 'latency' }>): FaultOutcome {
  if (spec.kind === 'http') return { kind: 'http', status: spec.status };
  if (spec.kind === 'throttle') return { kind: 'throttle', retryAfter: spec.retryAfter ?? null };
  return { kind: spec.kind };
}

export class FaultEngine extends RuleEngine<FaultSpec, FaultOutcome> {
  constructor(config: FaultConfig, seed: number) {
    super(config, seed, { random: (s) => new Rng(s), describe: describeRule, outcome: toOutcome });
  }

  /** Rules for the full operationId first, then its short name, then "*". */
  decide(operationId: string): FaultDecision {
    return this.decideFor([operationId, operationId.slice(operationId.indexOf('_') + 1), '*']);
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
  return validFlags(faultConfigSchema, config);
}
