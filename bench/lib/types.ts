/**
 * The contract between the harness (bench/run.ts) and its suites (bench/suites/*.ts). A suite
 * file exports `suite`; the harness discovers it by file name, so a later issue adds a benchmark
 * by adding one file.
 */

/** One measured case: what was measured, its numbers, and the targets it is held to. */
export interface CaseResult {
  /** Short name shown in the table, e.g. "GET /v1/events/{id}". */
  name: string;
  /** Storage mode or other variant the case ran in, e.g. "sqlite" or "postgres". */
  variant: string;
  /** Requests (or operations) per second, when it applies. */
  rps?: number | undefined;
  latencyMs?: { p50: number; p99: number; mean?: number | undefined } | undefined;
  /** Throughput relative to the ceiling measured in the same run. */
  ratioToCeiling?: number | undefined;
  /** Server process memory after the load, when a server was measured. */
  rssMb?: number | undefined;
  peakRssMb?: number | undefined;
  /** Non-2xx answers or socket errors during the load: a correct benchmark has none. */
  errors?: number | undefined;
  /** Anything else worth keeping (rows seeded, durations, …). */
  extra?: Record<string, number | string | boolean | null> | undefined;
  targets?: TargetResult[] | undefined;
}

export interface TargetResult {
  /** Human-readable target, e.g. "by-id ≥ 0.5 × ceiling". */
  target: string;
  actual: string;
  met: boolean;
}

export interface SuiteResult {
  suite: string;
  cases: CaseResult[];
  /** Free-form notes printed under the table (seeding rate, cache use, …). */
  notes: string[];
}

export interface BenchEnv {
  /** Seconds of measured load per case. */
  durationS: number;
  /** Seconds of unmeasured load before each case. */
  warmupS: number;
  connections: number;
  /** postgres://… when the PostgreSQL mode should run too. */
  databaseUrl: string | undefined;
  log(message: string): void;
}

export interface BenchSuite {
  name: string;
  description: string;
  run(env: BenchEnv): Promise<SuiteResult>;
}
