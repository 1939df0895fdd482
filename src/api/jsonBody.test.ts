import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/support/app.ts';
import { ApiError } from './errors.ts';
import { jsonErrorPosition, parseJsonBody } from './jsonBody.ts';

describe('jsonErrorPosition', () => {
  it.each([
    ['{"a":}', 5],
    ['{"a":1,}', 7],
    ['{"a" 1}', 5],
    ['x', 0],
    ['{"a":"b', 7],
    ['[1,2', 4],
    ['{"a":tru}', 8],
    ['{"a":1}x', 7],
    ['{"a":"\\q"}', 7],
    ['{"a":"\\u12G4"}', 10],
    ['{"a":01}', 6],
    ['{\n  "a": 1\n  "b": 2\n}', 13],
  ])('%j breaks at %i', (text, position) => {
    expect(jsonErrorPosition(text)).toBe(position);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('points past the end of valid JSON (the caller only asks about invalid text)', () => {
    expect(jsonErrorPosition('{"a":[1,{"b":null}],"c":"\\u00e9"}')).toBe(33);
  });
});

describe('parseJsonBody', () => {
  const refusal = (text: string): ApiError => {
    try {
      parseJsonBody(text);
    } catch (e) {
      if (e instanceof ApiError) return e;
      throw e;
    }
    throw new Error(`${text} was accepted`);
  };

  it('reads an empty or blank body as no body', () => {
    expect(parseJsonBody('')).toBeUndefined();
    expect(parseJsonBody(' \n')).toBeUndefined();
    expect(parseJsonBody('{"a":1}')).toEqual({ a: 1 });
  });

  it('says once what is wrong and where', () => {
    const e = refusal('{"integration_id": "int_1",}');
    expect(e.statusCode).toBe(400);
    expect(e.message).toBe(
      'The body is not valid JSON: Expected double-quoted property name at position 27 (line 1, column 28), near ": \\"int_1\\",}". Send a JSON object, e.g. {"integration_id": "…"}.',
    );
    expect(e.message.match(/not valid JSON/g)).toHaveLength(1);
    expect(refusal('{"a":}').message).toMatch(/^The body is not valid JSON: Unexpected token '}' at position 5 \(line 1, column 6\)/);
    expect(refusal('{"a":\n  "b').message).toMatch(/Unterminated string at position 10 \(line 2, column 5\)/);
    expect(refusal('{"a": 1').details).toMatchObject({ issues: [{ code: 'invalid_json', position: 7, line: 1, column: 8 }] });
  });

  it('refuses "__proto__" and constructor.prototype keys by name, wherever they are', () => {
    const top = refusal('{"__proto__": {"admin": true}}');
    expect(top.message).toMatch(/^The body has a "__proto__" key\. Leasewire refuses that key name because it can change object prototypes/);
    expect(top.message).not.toMatch(/not valid JSON/);
    expect(refusal('{"a": [{"b": {"__proto__": 1}}]}').details).toMatchObject({ issues: [{ code: 'forbidden_key', path: ['a', 0, 'b', '__proto__'] }] });
    expect(refusal('{"constructor": {"prototype": {"x": 1}}}').message).toMatch(/"prototype" key at constructor/);
    // The words as values, or a constructor without a prototype, are ordinary data.
    expect(parseJsonBody('{"notes": "__proto__ and prototype", "constructor": "Acme"}')).toEqual({ notes: '__proto__ and prototype', constructor: 'Acme' });
  });
});

describe('the app', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());
  const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, payload?: string, contentType = 'application/json') =>
    ctx.app.inject({ method, url, headers: { ...ctx.tenant.headers, ...(payload === undefined ? {} : { 'content-type': contentType }) }, ...(payload === undefined ? {} : { payload }) });

  it('answers a bad JSON body with a 400 naming the position', async () => {
    const res = await send('POST', '/v1/webhooks/', '{"url": "https://example.com" "triggers": []}');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_request', details: { issues: [{ code: 'invalid_json', position: 30 }] } });
  });

  it('refuses a "__proto__" key truthfully (the JSON is valid)', async () => {
    const res = await send('POST', '/v1/webhooks/', '{"url": "https://example.com", "triggers": ["DATA_NEW"], "__proto__": {"x": 1}}');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^The body has a "__proto__" key/);
  });

  it('says a required body is missing, with or without a JSON content type', async () => {
    for (const res of [await send('POST', '/v1/webhooks/'), await send('POST', '/v1/webhooks/', '')]) {
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(/^This endpoint needs a JSON object body and none was sent/);
    }
  });

  it('takes retry-write with no body, an empty JSON body or {} (the job is unknown: 404, not 400)', async () => {
    for (const payload of [undefined, '', '{}']) {
      const res = await send('POST', '/v1/admin/retry-write/job_nope', payload);
      expect(res.statusCode, `${String(payload)}: ${res.body}`).toBe(404);
    }
  });

  it('answers a wrong method on a known path with 405 and Allow', async () => {
    const res = await send('DELETE', '/v1/events/');
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.json().error).toMatchObject({ code: 'method_not_allowed', message: '/v1/events/ does not take DELETE; it takes GET, HEAD. The API reference is at /docs.' });
    const byId = await send('PATCH', '/v1/webhooks/wh_1');
    expect(byId.statusCode).toBe(405);
    expect(byId.headers.allow).toBe('DELETE, GET, HEAD, PUT');
    const unknown = await send('GET', '/v1/nothing-here');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers.allow).toBeUndefined();
  });
});
