import type { FastifyReply, FastifyRequest } from 'fastify';
import { holdOpen, sleep } from '../kit/lifecycle.ts';
import { authenticate } from './auth.ts';
import type { ErrorEnvelope, SuccessEnvelope } from './envelope.ts';
import { EntrataError, ERROR_CODE, errorEnvelope, parseEnvelope, readEnvelope, requestIdOf, successEnvelope } from './envelope.ts';
import { findMethod, SERVICES } from './methods/registry.ts';
import type { MethodResult } from './methods/types.ts';
import type { PageRequest } from './pagination.ts';
import { DEFAULT_PER_PAGE, linkHeader, parsePage } from './pagination.ts';
import type { Gateway, Outcome, RecordedRequest } from './recorder.ts';
import type { SandboxState } from './state.ts';

export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

const STATIC_HEADERS = {
  'Content-Language': 'en-US',
  'Access-Control-Expose-Headers': 'Link, X-Total-Count, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Content-Language',
};

const STATUS_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One RPC call, in this order: credentials (401) → rate limit (429) → service (404) → envelope
 * (400) → method (404) → version (400) → injected faults → page params (400) → the method.
 * Faults therefore only hit authenticated, well-formed calls of the targeted method.
 */
export async function handleRpc(state: SandboxState, req: FastifyRequest, reply: FastifyReply, gateway: Gateway): Promise<void> {
  const started = performance.now();
  const routeParams = (req.params ?? {}) as Record<string, string | undefined>;
  const service = routeParams.service ?? '';
  const raw = typeof req.body === 'string' ? req.body : '';
  const parsed = parseEnvelope(raw);
  const body = 'body' in parsed ? parsed.body : undefined;
  let requestId = requestIdOf(body);
  const method = isObject(body) && isObject(body.method) ? body.method : undefined;
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) query[k] = String(v);
  const record: Omit<RecordedRequest, 'id'> = {
    receivedAt: new Date(state.now()).toISOString(),
    gateway,
    path: req.url,
    service,
    method: typeof method?.name === 'string' ? method.name : null,
    version: typeof method?.version === 'string' ? method.version : null,
    requestId: requestId ?? null,
    params: method?.params ?? null,
    query,
    outcome: 'ok',
    httpStatus: 200,
    errorCode: null,
    errorMessage: null,
    faults: [],
    durationMs: null,
  };
  const knownService = Object.hasOwn(SERVICES, service);
  const bucket = knownService ? service : '__unknown__';
  let rateHeaders: Record<string, string> = {};

  const finish = (outcome: Outcome, httpStatus: number | null, extra: Partial<RecordedRequest> = {}): void => {
    state.recorder.add({
      ...record,
      ...extra,
      outcome,
      httpStatus,
      durationMs: outcome === 'hung' ? null : Math.round((performance.now() - started) * 10) / 10,
    });
  };
  const sendJson = (status: number, payload: SuccessEnvelope | ErrorEnvelope, headers: Record<string, string> = {}, withRate = true): void => {
    void reply
      .code(status)
      .headers({ ...STATIC_HEADERS, ...(withRate ? rateHeaders : {}), ...headers, 'content-type': JSON_CONTENT_TYPE })
      .send(JSON.stringify(payload));
  };
  const fail = (code: number, message: string): void => {
    // The error answers recorded from a real tenant carried no X-RateLimit-* (reference §7.5.2).
    sendJson(200, errorEnvelope(requestId, code, message), {}, state.profile !== 'spec');
    finish('envelope_error', 200, { errorCode: code, errorMessage: message });
  };
  const throttle = (retryAfter: number, message: string): void => {
    sendJson(429, errorEnvelope(requestId, 429, message), { 'Retry-After': String(retryAfter) });
    finish('rate_limited', 429, { errorCode: 429, errorMessage: message });
  };

  const authError = authenticate(state.dataset.company, gateway, req.headers, routeParams.subdomain);
  if (authError) {
    rateHeaders = state.limiter.check(bucket, false).headers;
    return fail(ERROR_CODE.unauthorized, authError);
  }
  const rate = state.limiter.check(bucket, true);
  rateHeaders = rate.headers;
  if (!rate.allowed) {
    const limits = rate.headers['X-RateLimit-Limit'];
    return throttle(rate.retryAfter, `Rate limit exceeded for service "${service}" (${limits}). Retry after ${rate.retryAfter} seconds.`);
  }
  if (!knownService) return fail(ERROR_CODE.notFound, `Unknown service "${service}".`);
  if ('error' in parsed) return fail(parsed.error.code, parsed.error.message);
  let envelope;
  try {
    envelope = readEnvelope(body);
  } catch (e) {
    if (e instanceof EntrataError) return fail(e.code, e.message);
    throw e;
  }
  requestId = envelope.requestId;
  const def = findMethod(service, envelope.methodName);
  if (!def) return fail(ERROR_CODE.notFound, `Unknown method "${envelope.methodName}" for service "${service}".`);
  if (!def.versions.includes(envelope.version)) {
    return fail(ERROR_CODE.badRequest, `Version ${envelope.version} of ${envelope.methodName} is not supported; supported: ${def.versions.join(', ')}.`);
  }

  const decision = state.faults.decide(service, envelope.methodName);
  record.faults = decision.applied;
  if (decision.latencyMs > 0) await sleep(decision.latencyMs, state.closing.signal);
  const outcome = decision.outcome;
  if (state.closing.signal.aborted) {
    reply.hijack();
    req.raw.socket.destroy();
    return finish('dropped', null);
  }
  if (outcome?.kind === 'hang') {
    reply.hijack();
    holdOpen(state, req.raw.socket);
    return finish('hung', null);
  }
  if (outcome?.kind === 'http') {
    void reply
      .code(outcome.status)
      .headers({ ...rateHeaders, 'content-type': 'text/plain;charset=utf-8' })
      .send(`${outcome.status} ${STATUS_TEXT[outcome.status] ?? 'Error'} (sandbox fault)`);
    return finish('http_error', outcome.status);
  }
  if (outcome?.kind === 'envelope') return fail(outcome.code, outcome.message);
  if (outcome?.kind === 'throttle') return throttle(outcome.retryAfter, `Too many requests (sandbox fault). Retry after ${outcome.retryAfter} seconds.`);

  let page: PageRequest = { pageNo: 1, perPage: DEFAULT_PER_PAGE };
  let result: MethodResult;
  try {
    if (def.paginated) page = parsePage(req.query as Record<string, unknown>);
    result = def.handle({ ds: state.dataset, params: envelope.params, version: envelope.version, now: state.now(), page, profile: state.profile });
  } catch (e) {
    if (e instanceof EntrataError) {
      if (outcome?.kind !== 'drop') return fail(e.code, e.message);
      result = { result: null };
    } else {
      console.error('[entrata-sandbox] unexpected error in', `${service}/${envelope.methodName}:`, e);
      if (outcome?.kind !== 'drop') return fail(ERROR_CODE.internal, 'Internal error in the sandbox (a bug: please report it).');
      result = { result: null };
    }
  }
  if (outcome?.kind === 'drop') {
    // The write above is committed; the client never learns it, which is what makes blind retries duplicate.
    reply.hijack();
    req.raw.socket.destroy();
    return finish('dropped', null);
  }
  const headers: Record<string, string> = {};
  if (result.total !== undefined) {
    headers['X-Total-Count'] = String(result.total);
    const host = req.headers.host ?? 'localhost';
    headers.Link = linkHeader(`http://${host}${req.url.split('?')[0] ?? ''}`, page, result.total);
  }
  sendJson(200, successEnvelope(requestId, result.result, result.code), headers);
  finish('ok', 200);
}
