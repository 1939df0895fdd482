import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { bearerToken } from '../../lib/bearer.ts';
import { nowInstant } from '../../lib/time.ts';
import { findActiveKey, hashApiKey, touchApiKey } from '../../store/repositories/accounts.ts';
import type { Database } from '../../store/schema.ts';
import { ApiError, invalidRequest } from '../errors.ts';
import type { ApiActivity } from '../../jobs/giveWay.ts';
import { RateLimiter, type RateBudget } from '../rateLimiter.ts';
import { SharedRateLimiter } from '../sharedRateLimiter.ts';

export interface AuthContext {
  accountId: string;
  keyId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyInstance {
    /** The per-key request budget this app enforces. */
    rateBudget: RateBudget;
  }
}

/**
 * A key is looked up once and then remembered for a short while: the hot read path must not pay a
 * database round trip for authentication. A revoked key stops working within CACHE_MS.
 */
const CACHE_MS = 30_000;
const TOUCH_MS = 60_000;
const MAX_REMEMBERED = 10_000;

export interface GateOptions {
  /** Requests per minute per API key (or per address for requests without one). */
  rateLimitPerMinute: number;
  /** Told of every /v1 request (the process's worker gives way to the API while it is busy). */
  activity?: ApiActivity | undefined;
  /** Share the budget with the other API processes on this database (PostgreSQL deployments). */
  sharedBudget?: boolean;
}

/**
 * One onRequest hook guards every request: it refuses NUL characters in the URL, spends the
 * caller's rate budget (x-ratelimit-* headers on every /v1 response, 429 past it) and resolves the
 * API key to its account. One hook rather than three: each costs a turn of Fastify's hook runner
 * on every request of the hot read path.
 */
export function registerGate(app: FastifyInstance, db: Kysely<Database>, options: GateOptions): void {
  const keys = new Map<string, { auth: AuthContext | null; until: number }>();
  // sha256 of the same few tokens on every request is measurable; the digests are remembered.
  const hashes = new Map<string, string>();
  const lastTouch = new Map<string, number>();
  const limiter: RateBudget = options.sharedBudget
    ? new SharedRateLimiter(db, options.rateLimitPerMinute, { onSyncError: (err) => app.log.warn({ err }, 'could not share the rate-limit counts with the other API processes; counting in this process meanwhile') })
    : new RateLimiter(options.rateLimitPerMinute, 60_000);
  app.addHook('onClose', async () => limiter.close?.());
  app.decorate('rateBudget', limiter);
  const activity = options.activity;

  const hashOf = (token: string): string => {
    let hash = hashes.get(token);
    if (hash === undefined) {
      if (hashes.size >= MAX_REMEMBERED) hashes.clear();
      hashes.set(token, (hash = hashApiKey(token)));
    }
    return hash;
  };

  /** Admits the request under the key's account, or answers why not (a revoked or unknown key). */
  const admit = (request: FastifyRequest, entry: { auth: AuthContext | null }, now: number): ApiError | undefined => {
    if (!entry.auth) {
      return new ApiError(401, 'unauthorized', 'The API key is not valid or was revoked. Check the "Authorization: Bearer <key>" header, or create a new key with `leasewire keys create`.');
    }
    request.auth = entry.auth;
    const keyId = entry.auth.keyId;
    if ((lastTouch.get(keyId) ?? 0) + TOUCH_MS < now) {
      if (lastTouch.size >= MAX_REMEMBERED) lastTouch.clear();
      lastTouch.set(keyId, now);
      touchApiKey(db, keyId, nowInstant()).catch((err: unknown) => request.log.warn({ err }, 'could not record key use'));
    }
    return undefined;
  };

  const lookUp = async (hash: string, now: number): Promise<{ auth: AuthContext | null; until: number }> => {
    const key = await findActiveKey(db, hash);
    const entry = { auth: key ? { accountId: key.account_id, keyId: key.id } : null, until: now + CACHE_MS };
    if (keys.size >= MAX_REMEMBERED) keys.clear();
    keys.set(hash, entry);
    return entry;
  };

  app.decorateRequest('auth', null);
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    const url = request.url;
    // PostgreSQL text cannot hold a NUL character and no id or filter value has one: refuse it up front.
    if (url.includes('%00')) {
      done(
        invalidRequest('The URL contains a NUL character (%00): remove it from the id or query value.', [
          { code: 'invalid_string', path: [], message: 'NUL characters (%00) are not allowed in URLs' },
        ]),
      );
      return;
    }
    if (!url.startsWith('/v1/')) return done();
    activity?.touch();

    const token = bearerToken(request.headers.authorization);
    const hash = token ? hashOf(token) : null;
    // One budget per API key (by its hash: the limiter never holds a secret); per address otherwise.
    const rate = limiter.take(hash ? `key:${hash}` : `ip:${request.ip}`);
    reply.header('x-ratelimit-limit', rate.limit).header('x-ratelimit-remaining', rate.remaining).header('x-ratelimit-reset', rate.resetSeconds);
    if (!rate.allowed) {
      reply.header('retry-after', rate.resetSeconds);
      const seconds = `${rate.resetSeconds} second${rate.resetSeconds === 1 ? '' : 's'}`;
      done(new ApiError(429, 'rate_limited', `Rate limit exceeded: ${rate.limit} requests per minute for this API key. Retry after ${seconds}.`));
      return;
    }
    if (!hash) {
      done(new ApiError(401, 'unauthorized', 'Missing API key: send it as the header "Authorization: Bearer <key>". Create one with `leasewire keys create --name <name>`.'));
      return;
    }
    const now = Date.now();
    const entry = keys.get(hash);
    // A remembered key is admitted without leaving this turn of the event loop.
    if (entry && entry.until >= now) return done(admit(request, entry, now));
    lookUp(hash, now).then(
      (fresh) => done(admit(request, fresh, now)),
      (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
    );
  });
}

/** The authenticated account of a /v1 request (the gate guarantees one). */
export function accountOf(request: FastifyRequest): string {
  if (!request.auth) throw new ApiError(401, 'unauthorized', 'Missing API key.');
  return request.auth.accountId;
}
