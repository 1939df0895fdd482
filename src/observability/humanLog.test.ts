import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { humanLogStream } from './humanLog.ts';

describe('human log lines for the local demo', () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, stream: humanLogStream((l) => lines.push(l)) };
  };

  it('turns a request into one line with method, URL, status and time, and other records into level + message', () => {
    const { lines, stream } = capture();
    const log = pino({ redact: ['password'] }, stream);
    log.info({ reqId: 'r1', req: { method: 'POST', url: '/v1/events/leads/entrata/' } }, 'incoming request');
    log.info({ reqId: 'r2', req: { method: 'GET', url: '/v1/events/' } }, 'incoming request');
    log.info({ reqId: 'r2', res: { statusCode: 404 }, responseTime: 3.4 }, 'request completed');
    log.info({ reqId: 'r1', res: { statusCode: 200 }, responseTime: 12.6 }, 'request completed');
    log.warn('Server listening at http://127.0.0.1:4000');
    log.error({ err: new Error('database is locked') }, 'sync failed');
    log.info({ password: 'hunter2' }, 'credentials checked');
    expect(lines.map((l) => l.slice(9))).toEqual([
      'GET /v1/events/ → 404 (3 ms)',
      'POST /v1/events/leads/entrata/ → 200 (13 ms)',
      'WARN Server listening at http://127.0.0.1:4000',
      'ERROR sync failed: database is locked',
      'INFO credentials checked',
    ]);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d /);
    expect(lines.join('\n')).not.toContain('hunter2');
  });

  it('redacts secret query parameters of a request URL that reached it unredacted', () => {
    const { lines, stream } = capture();
    const log = pino({}, stream);
    log.info({ reqId: 'r1', req: { method: 'GET', url: '/v1/events/?api_key=lw_TOPSECRET&limit=5' } }, 'incoming request');
    log.info({ reqId: 'r1', res: { statusCode: 401 }, responseTime: 1 }, 'request completed');
    expect(lines.map((l) => l.slice(9))).toEqual(['GET /v1/events/?api_key=[REDACTED]&limit=5 → 401 (1 ms)']);
  });

  it('passes through text that is not JSON', () => {
    const { lines, stream } = capture();
    stream.write('plain text\n');
    expect(lines).toEqual(['plain text']);
  });
});
