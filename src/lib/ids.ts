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

/** A new random id (accounts, integrations, keys, jobs): time-ordered prefix, random suffix. */
export function newId(prefix = 'c'): string {
  const time = Date.now().toString(36).padStart(9, '0');
  return prefix + time + toBase36(randomBytes(12)).slice(0, 15);
}

function toBase36(buf: Buffer): string {
  let out = '';
  for (let i = 0; i < buf.length; i += 6) {
    out += buf.readUIntBE(i, Math.min(6, buf.length - i)).toString(36).padStart(10, '0');
  }
  return out;
}
