import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { ApiError } from './errors.ts';

/**
 * Leasewire's JSON body parser, in place of Fastify's, for three things users met:
 * - an empty body with `Content-Type: application/json` is "no body" (Propexo's optional bodies,
 *   as generated clients send them), not an error;
 * - a malformed body is answered with where it breaks (position, line, column) and why, once;
 * - a `"__proto__"` key (or `"constructor": {"prototype": …}`) is refused by name: such keys can
 *   change object prototypes in JavaScript, so Leasewire takes no body that has them.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}

/** The parsed body, undefined for an empty one; an ApiError (400) when it is not acceptable JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badJson(text, err instanceof Error ? err.message : String(err));
  }
  // The slow check only when the text could hold such a key.
  if (text.includes('__proto__') || text.includes('prototype')) {
    const path = forbiddenKeyPath(value, []);
    if (path) {
      const where = path.length > 1 ? ` at ${path.slice(0, -1).join('.')}` : '';
      throw new ApiError(
        400,
        'invalid_request',
        `The body has a "${String(path[path.length - 1])}" key${where}. Leasewire refuses that key name because it can change object prototypes in JavaScript; rename or remove it.`,
        { issues: [{ code: 'forbidden_key', path, message: `"${String(path[path.length - 1])}" is not accepted as a key` }], name: 'ZodError' },
      );
    }
  }
  return value;
}

function forbiddenKeyPath(value: unknown, path: Array<string | number>): Array<string | number> | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = forbiddenKeyPath(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (key === '__proto__') return [...path, key];
    if (key === 'constructor' && child && typeof child === 'object' && Object.hasOwn(child, 'prototype')) return [...path, key, 'prototype'];
    const found = forbiddenKeyPath(child, [...path, key]);
    if (found) return found;
  }
  return null;
}

function badJson(text: string, engineMessage: string): ApiError {
  const position = jsonErrorPosition(text);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  // V8 appends the whole text ("…, "{…}" is not valid JSON") or the position: both said below.
  const reason = engineMessage
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/^Unexpected end of JSON input$/, 'the body ends too early');
  const near = text.slice(Math.max(0, position - 10), position + 10).replace(/\s+/g, ' ');
  const message = `The body is not valid JSON: ${reason} at position ${position} (line ${line}, column ${column}), near ${JSON.stringify(near)}. Send a JSON object, e.g. {"integration_id": "…"}.`;
  return new ApiError(400, 'invalid_request', message, { issues: [{ code: 'invalid_json', path: [], message: `${reason} at position ${position}`, position, line, column }], name: 'ZodError' });
}

/**
 * Where a text stops being JSON: the offset of the first character a JSON parser cannot take
 * (text.length when it ends too early). V8 names the position for some errors and not others.
 */
export function jsonErrorPosition(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i += k;
              fail();
            }
          }
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail();
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    return Math.min(typeof at === 'number' ? at : 0, text.length);
  }
}

/**
 * Fastify hands a body validator null when no body was sent; Zod's `.optional()` takes undefined.
 * Without this, every optional body (manual-sync, back-sync, retry-write) required `{}`.
 */
export function noBodyAsUndefined<T>(compiler: FastifySchemaCompiler<T>): FastifySchemaCompiler<T> {
  return (route) => {
    const validate = compiler(route);
    if (route.httpPart !== 'body') return validate;
    return (data: unknown) => validate(data === null ? undefined : data);
  };
}
