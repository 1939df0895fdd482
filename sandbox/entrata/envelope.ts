/** §6.6 envelope error codes. */
export const ERROR_CODE = {
  badRequest: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  internal: 500,
  busy: 310,
  /** Real Entrata's code for a missing or null method name (§7.5.2). */
  noMethodName: 108,
} as const;

/** A method-level failure answered as `response.error` with HTTP 200. */
export class EntrataError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string): EntrataError => new EntrataError(ERROR_CODE.badRequest, message);

/** `requestId` is echoed (as a string) only when the request sent one (§7.5.2, recorded traffic). */
export interface SuccessEnvelope {
  response: { requestId?: string; code: number; result: unknown };
}

export interface ErrorEnvelope {
  response: { requestId?: string; error: { code: number; message: string } };
}

export function successEnvelope(requestId: string | undefined, result: unknown, code = 200): SuccessEnvelope {
  return { response: { ...(requestId === undefined ? {} : { requestId }), code, result } };
}

export function errorEnvelope(requestId: string | undefined, code: number, message: string): ErrorEnvelope {
  return { response: { ...(requestId === undefined ? {} : { requestId }), error: { code, message } } };
}

export interface ParsedRequest {
  requestId: string | undefined;
  methodName: string;
  version: string;
  params: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The requestId to echo even when the rest of the body is unusable. */
export function requestIdOf(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const id = body.requestId;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? String(id) : undefined;
}

/** Validates the envelope's top level; method-specific params are checked by each method. */
export function parseEnvelope(raw: string): { body: unknown } | { error: EntrataError } {
  if (raw.trim() === '') return { error: badRequest('Request body is empty; expected a JSON envelope.') };
  try {
    return { body: JSON.parse(raw) as unknown };
  } catch {
    return { error: badRequest('Request body is not valid JSON.') };
  }
}

export function readEnvelope(body: unknown): ParsedRequest {
  if (!isObject(body)) throw badRequest('Request body must be a JSON object with "method".');
  const requestId = body.requestId;
  if (requestId !== undefined && requestId !== null && typeof requestId !== 'string' && typeof requestId !== 'number') {
    throw badRequest('"requestId" must be a string or an integer.');
  }
  const method = body.method;
  const noName = new EntrataError(ERROR_CODE.noMethodName, 'Please provide a API method name.');
  if (method === undefined || method === null) throw noName;
  if (!isObject(method)) throw badRequest('"method" must be an object with "name".');
  const name = method.name;
  if (name === undefined || name === null || name === '') throw noName;
  if (typeof name !== 'string' || name.trim() === '') throw badRequest('"method.name" must be a string.');
  const version = method.version;
  let v = 'r1';
  if (version !== undefined && version !== null && version !== '') {
    if (typeof version !== 'string' || !/^r\d+$/i.test(version.trim())) {
      throw badRequest(`"method.version" must look like "r1" or "r2"; got ${JSON.stringify(version)}.`);
    }
    v = version.trim().toLowerCase();
  }
  let params = method.params;
  // Clients send `[{}]` for parameterless methods (seen against real Entrata).
  if (Array.isArray(params)) {
    if (params.length > 1) throw badRequest('"method.params" must be an object.');
    params = params[0] ?? {};
  }
  if (params === undefined || params === null || params === '') params = {};
  if (!isObject(params)) throw badRequest('"method.params" must be an object.');
  return { requestId: requestIdOf(body), methodName: name.trim(), version: v, params };
}
