import type { FaultConfig } from './faults.ts';
import { faultConfigSchema } from './faults.ts';
import { validFlags } from '../kit/faults.ts';

/**
 * The `--fault` flag: `<key>:<fault>[;<fault>…]`, each fault `<kind>[=<value>][,<option>=<value>…]`.
 *
 *   leads/updateLeads:http=503,every=3      HTTP 503 on every 3rd updateLeads
 *   leads/getLeads:envelope=310,rate=0.1    envelope error 310 on ~10% of getLeads
 *   leads/updateLeads:error=0.2             shorthand for envelope=500,rate=0.2
 *   leads/*:latency=250                     250 ms added to every leads method
 *   leads/updateLeads:drop,times=1          commit the first updateLeads, then drop the connection
 *   *:hang,rate=0.01                        1% of all requests never answered
 *   status/getStatus:throttle=5,every=2     HTTP 429 with Retry-After: 5 on every 2nd call
 */
export function parseFaultFlags(flags: readonly string[]): FaultConfig {
  const config: Record<string, Record<string, unknown>[]> = {};
  for (const flag of flags) {
    const colon = flag.indexOf(':');
    if (colon <= 0) throw new Error(`--fault "${flag}": expected <service/method|*>:<fault>, e.g. leads/updateLeads:http=503,rate=0.2`);
    const key = flag.slice(0, colon).trim();
    for (const part of flag.slice(colon + 1).split(';')) {
      if (part.trim() === '') continue;
      (config[key] ??= []).push(parseOne(flag, part));
    }
  }
  return validFlags(faultConfigSchema, config);
}

const NUMERIC_OPTIONS = new Set(['rate', 'every', 'times', 'retryAfter', 'ms', 'status', 'code']);

function parseOne(flag: string, text: string): Record<string, unknown> {
  const [head = '', ...options] = text.split(',').map((s) => s.trim());
  const [kind = '', value] = head.split('=').map((s) => s.trim());
  const spec: Record<string, unknown> = {};
  const num = (v: string | undefined, what: string): number => {
    const n = Number(v);
    if (v === undefined || v === '' || !Number.isFinite(n)) throw new Error(`--fault "${flag}": ${what} needs a number`);
    return n;
  };
  switch (kind) {
    case 'latency':
      Object.assign(spec, { kind, ms: num(value, 'latency') });
      break;
    case 'http':
      Object.assign(spec, { kind, status: num(value, 'http') });
      break;
    case 'envelope':
      Object.assign(spec, { kind, code: num(value, 'envelope') });
      break;
    case 'error':
      Object.assign(spec, { kind: 'envelope', code: 500, rate: num(value, 'error') });
      break;
    case 'throttle':
      Object.assign(spec, { kind }, value === undefined ? {} : { retryAfter: num(value, 'throttle') });
      break;
    case 'hang':
    case 'drop':
      if (value !== undefined) throw new Error(`--fault "${flag}": ${kind} takes no value`);
      spec.kind = kind;
      break;
    default:
      throw new Error(`--fault "${flag}": unknown fault "${kind}" (latency, http, envelope, error, throttle, hang, drop)`);
  }
  for (const option of options) {
    const [name = '', v] = option.split('=').map((s) => s.trim());
    if (name === '') continue;
    spec[name] = NUMERIC_OPTIONS.has(name) ? num(v, name) : v;
  }
  return spec;
}

/** `--rate-limit leads=5/MINUTE` or `--rate-limit '*=100/MINUTE;1000/HOUR'`. */
export function parseRateLimitFlags(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new Error(`--rate-limit "${flag}": expected <service|*>=<count>/<PERIOD>[;…], e.g. leads=5/MINUTE`);
    out[flag.slice(0, eq).trim()] = flag.slice(eq + 1).trim();
  }
  return out;
}
