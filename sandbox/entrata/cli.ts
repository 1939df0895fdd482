import { InvalidArgumentError, type Command } from 'commander';
import type { DatasetSize, StartSandboxOptions } from './index.ts';
import { parseFaultFlags, parseRateLimitFlags } from './index.ts';
import { isSandboxProfile, sandboxProfiles } from './profile.ts';

/**
 * The sandbox's command-line options, shared by `npm run sandbox` (main.ts) and `leasewire sandbox`
 * so the two never drift apart.
 */
export interface SandboxFlags {
  port: number;
  host: string;
  seed: number;
  size: string;
  fault: string[];
  rateLimit: string[];
  maxRecorded: number;
  profile?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const integer = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(value);
};
const sizes = ['small', 'medium', 'large'];

export function addSandboxOptions(command: Command): Command {
  return command
    .option('--port <port>', 'port to listen on (0 = any free port)', integer, 4010)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--seed <seed>', 'dataset seed', integer, 42)
    .option('--size <size>', 'dataset size: small | medium | large', (v) => {
      if (!sizes.includes(v)) throw new InvalidArgumentError(`must be small, medium or large (got "${v}")`);
      return v;
    }, 'small')
    .option('--fault <spec>', "inject a fault, repeatable, e.g. 'leads/updateLeads:http=503,rate=0.2' (see README)", collect, [])
    .option('--rate-limit <spec>', "per-service limits, repeatable, e.g. 'leads=5/MINUTE' or '*=100/MINUTE;1000/HOUR'", collect, [])
    .option('--max-recorded <n>', 'requests kept by /__sandbox/requests', integer, 10_000)
    .option('--profile <profile>', `what answers carry: ${sandboxProfiles.join(' | ')} (default: SANDBOX_PROFILE, else rich; see README "Profiles")`, (v) => {
      if (!isSandboxProfile(v)) throw new InvalidArgumentError(`must be ${sandboxProfiles.join(' or ')} (got "${v}")`);
      return v;
    });
}

/** The flags as startSandbox options; a malformed --fault or --rate-limit throws with what is wrong. */
export function sandboxStartOptions(flags: SandboxFlags): StartSandboxOptions {
  return {
    port: flags.port,
    host: flags.host,
    seed: flags.seed,
    size: flags.size as DatasetSize,
    faults: parseFaultFlags(flags.fault),
    rateLimits: parseRateLimitFlags(flags.rateLimit),
    maxRecordedRequests: flags.maxRecorded,
    ...(isSandboxProfile(flags.profile) ? { profile: flags.profile } : {}),
  };
}
