import { z } from 'zod';

/**
 * The rule engine behind both sandboxes' injected faults. A rule fires on a matching request when
 * its trigger says so: `every: N` → the Nth, 2Nth… matching request; `rate: p` → with probability p
 * (seeded); both → both must hold; neither → every request. `times: N` caps how often it fires.
 * What a fired rule does (its outcome) is each sandbox's own; `latency` rules add up, and the first
 * other rule to fire decides the outcome.
 */
export const triggerFields = {
  rate: z.number().min(0).max(1).optional(),
  every: z.number().int().min(1).optional(),
  times: z.number().int().min(1).optional(),
};

export interface Trigger {
  rate?: number | undefined;
  every?: number | undefined;
  times?: number | undefined;
}

/** Every sandbox's rules have a kind, and `latency` rules carry `ms`. */
export type RuleSpec = Trigger & ({ kind: 'latency'; ms: number } | { kind: string });

/**
 * `{ key: rule | rule[] }` with keys checked by `key` (whose message is also given for a bad key
 * when `keyError` is set).
 */
export function ruleConfigSchema<S extends z.ZodType>(key: z.ZodString, spec: S, keyError?: string) {
  return z.record(
    key,
    // A single rule may be given without the array.
    z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(spec)),
    keyError === undefined ? undefined : { error: (issue) => (issue.code === 'invalid_key' ? keyError : undefined) },
  );
}

/** Parses a fault configuration given to the start options or a handle's setFaults. */
export function validConfig<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new Error(`Invalid faults: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Parses what `--fault` flags built, naming the first problem. */
export function validFlags<T>(schema: z.ZodType<T>, config: unknown): T {
  const parsed = schema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--fault: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
  }
  return parsed.data;
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
}

export interface FaultDecision<O> {
  latencyMs: number;
  outcome: O | null;
  /** Short labels of the rules that fired, for the request log. */
  applied: string[];
}

export interface RuleCounters {
  seen: number;
  fired: number;
}

interface RuleState<S> extends RuleCounters {
  spec: S;
}

export interface RuleEngineOptions<S extends RuleSpec, O> {
  /** The seeded random sequence that `rate` draws from; restarts with every `set`. */
  random: (seed: number) => Random;
  /** A fired rule's label in the request log. */
  describe: (spec: S) => string;
  /** What a fired rule other than `latency` does to the request. */
  outcome: (spec: Exclude<S, { kind: 'latency' }>) => O;
}

const isLatency = <S extends RuleSpec>(spec: S): spec is S & { kind: 'latency'; ms: number } => spec.kind === 'latency';

/** The label of a latency or http rule (`latency=250`, `http=503`), else its kind. */
export function describeRule(spec: RuleSpec & { status?: number; ms?: number }): string {
  if (spec.kind === 'latency') return `latency=${spec.ms}`;
  if (spec.kind === 'http') return `http=${spec.status}`;
  return spec.kind;
}

export class RuleEngine<S extends RuleSpec, O> {
  private rules = new Map<string, RuleState<S>[]>();
  private rng: Random;

  constructor(
    config: Record<string, S[]>,
    private readonly seed: number,
    private readonly options: RuleEngineOptions<S, O>,
  ) {
    this.rng = options.random(seed);
    this.set(config);
  }

  /** Replaces every rule; counters and the random sequence restart. */
  set(config: Record<string, S[]>): void {
    this.rules = new Map(Object.entries(config).map(([key, specs]) => [key, specs.map((spec) => ({ spec, seen: 0, fired: 0 }))]));
    this.rng = this.options.random(this.seed);
  }

  /** No rules at all (DELETE /__sandbox/faults, a reset). */
  clear(): void {
    this.set({});
  }

  snapshot(): { faults: Record<string, S[]>; counters: Record<string, RuleCounters[]> } {
    const faults: Record<string, S[]> = {};
    const counters: Record<string, RuleCounters[]> = {};
    for (const [key, states] of this.rules) {
      faults[key] = states.map((s) => s.spec);
      counters[key] = states.map((s) => ({ seen: s.seen, fired: s.fired }));
    }
    return { faults, counters };
  }

  /** Applies the rules of each key in turn (most specific first); each matching rule counts the request. */
  decideFor(keys: readonly string[]): FaultDecision<O> {
    const decision: FaultDecision<O> = { latencyMs: 0, outcome: null, applied: [] };
    for (const key of keys) {
      for (const state of this.rules.get(key) ?? []) {
        state.seen++;
        const { spec } = state;
        if (!isLatency(spec) && decision.outcome) continue;
        if (!this.fires(state)) continue;
        state.fired++;
        decision.applied.push(this.options.describe(spec));
        if (isLatency(spec)) decision.latencyMs += spec.ms;
        else decision.outcome = this.options.outcome(spec as Exclude<S, { kind: 'latency' }>);
      }
    }
    return decision;
  }

  private fires(state: RuleState<S>): boolean {
    const { spec } = state;
    if (spec.times !== undefined && state.fired >= spec.times) return false;
    if (spec.every !== undefined && state.seen % spec.every !== 0) return false;
    // Draw only when a rate is set, so adding an every-only rule leaves other rules' sequences alone.
    if (spec.rate !== undefined && !(this.rng.next() < spec.rate)) return false;
    return true;
  }
}
