import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { nowInstant } from '../../lib/time.ts';
import { findActiveKey, hashApiKey, touchApiKey } from '../../store/repositories/accounts.ts';
import type { Database } from '../../store/schema.ts';
import { ApiError } from '../errors.ts';

export interface AuthContext {
  accountId: string;
  keyId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

/**
 * A key is looked up once and then remembered for a short while: the hot read path must not pay a
 * database round trip for authentication. A revoked key stops working within CACHE_MS.
 */
const CACHE_MS = 30_000;
const TOUCH_MS = 60_000;

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

const keyHashes = new WeakMap<FastifyRequest, string | null>();

/**
 * The hash of the request's bearer key (null without one), computed once per request: the rate
 * limiter and the auth hook both need it.
 */
export function apiKeyHashOf(request: FastifyRequest): string | null {
  let hash = keyHashes.get(request);
  if (hash === undefined) {
    const token = bearerToken(request);
    hash = token ? hashApiKey(token) : null;
    keyHashes.set(request, hash);
  }
  return hash;
}

export function registerAuth(app: FastifyInstance, db: Kysely<Database>): void {
  const cache = new Map<string, { auth: AuthContext | null; until: number }>();
  const lastTouch = new Map<string, number>();

  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/v1/')) return;
    const hash = apiKeyHashOf(request);
    if (!hash) {
      throw new ApiError(401, 'unauthorized', 'Missing API key: send it as the header "Authorization: Bearer <key>". Create one with `leasewire keys create --name <name>`.');
    }
    const now = Date.now();
    let entry = cache.get(hash);
    if (!entry || entry.until < now) {
      const key = await findActiveKey(db, hash);
      entry = { auth: key ? { accountId: key.account_id, keyId: key.id } : null, until: now + CACHE_MS };
      if (cache.size > 10_000) cache.clear();
      cache.set(hash, entry);
    }
    if (!entry.auth) {
      throw new ApiError(401, 'unauthorized', 'The API key is not valid or was revoked. Check the "Authorization: Bearer <key>" header, or create a new key with `leasewire keys create`.');
    }
    request.auth = entry.auth;
    const keyId = entry.auth.keyId;
    if ((lastTouch.get(keyId) ?? 0) + TOUCH_MS < now) {
      lastTouch.set(keyId, now);
      touchApiKey(db, keyId, nowInstant()).catch((err: unknown) => request.log.warn({ err }, 'could not record key use'));
    }
  });
}

/** The authenticated account of a /v1 request (the auth hook guarantees one). */
export function accountOf(request: FastifyRequest): string {
  if (!request.auth) throw new ApiError(401, 'unauthorized', 'Missing API key.');
  return request.auth.accountId;
}
