import { createHash, randomBytes } from 'node:crypto';

/**
 * Record ids are derived from (integration, model, x key) so that they are stable across syncs and
 * a mapper can name a related record (an event's lead) without a lookup. They are opaque to clients.
 * The x key is the PMS id, prefixed by the property for per-property models: use `idOfRecord` in
 * store/models-aware code rather than calling this directly.
 */
export function recordId(integrationId: string, model: string, xKey: string): string {
  const digest = createHash('sha256').update(`${integrationId}\u0000${model}\u0000${xKey}`).digest();
  return 'c' + toBase36(digest).slice(0, 24);
}

/**
 * A new unique id (accounts, integrations, keys, jobs, outbox rows): the time, then a counter, then
 * random characters. Ids made by one process sort in the order they were made, even within one
 * millisecond (queues run a named queue's jobs in id order when their run_at ties), and the time
 * prefix never goes backwards. Random bytes come from a pool: one randomBytes call per id was a
 * measurable part of accepting a write.
 */
export function newId(prefix = 'c'): string {
  let now = Date.now();
  if (now <= lastMs) {
    now = lastMs;
    sequence++;
  } else {
    lastMs = now;
    sequence = 0;
  }
  const time = now.toString(36).padStart(9, '0');
  const seq = (sequence % SEQUENCE_SPAN).toString(36).padStart(4, '0');
  return prefix + time + seq + randomChars();
}

const SEQUENCE_SPAN = 36 ** 4;
let lastMs = 0;
let sequence = 0;

/** Base-36 digits by byte value (byte % 36: a bias of 4 in 256, about 5.1 bits per character). */
const BASE36 = Buffer.from(Array.from({ length: 256 }, (_, b) => '0123456789abcdefghijklmnopqrstuvwxyz'.charCodeAt(b % 36)));
let pool = '';
let poolAt = 0;

/** 11 random base-36 characters (about 56 bits), cut from a pooled string of them. */
function randomChars(): string {
  if (poolAt + 11 > pool.length) {
    const bytes = randomBytes(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = BASE36[bytes[i]!]!;
    pool = bytes.toString('latin1');
    poolAt = 0;
  }
  poolAt += 11;
  return pool.slice(poolAt - 11, poolAt);
}

function toBase36(buf: Buffer): string {
  let out = '';
  for (let i = 0; i < buf.length; i += 6) {
    out += buf.readUIntBE(i, Math.min(6, buf.length - i)).toString(36).padStart(10, '0');
  }
  return out;
}
