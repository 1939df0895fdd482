import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { checkDocumentedStatuses, errorStatuses } from './documentedStatuses.ts';

describe('errorStatuses', () => {
  it('derives the statuses from what the operation is', () => {
    expect(errorStatuses({ method: 'GET', url: '/v1/events/', secured: true })).toEqual([400, 401, 429]);
    expect(errorStatuses({ method: 'GET', url: '/v1/events/:event_id', secured: true })).toEqual([400, 401, 404, 414, 429]);
    expect(errorStatuses({ method: 'POST', url: '/v1/x/:id/run', secured: true, extra: [409, 503] })).toEqual([400, 401, 404, 409, 413, 414, 415, 429, 503]);
  });
});

describe('checkDocumentedStatuses', () => {
  async function app() {
    const a = Fastify();
    checkDocumentedStatuses(a);
    const schema = { security: [{ bearerAuth: [] }] };
    a.get('/plain', { schema }, async (_req, reply) => reply.code(409).send({ error: { code: 'conflict', message: 'busy', details: {} } }));
    a.get('/declared', { schema, config: { errors: [409] } }, async (_req, reply) => reply.code(409).send({ error: { code: 'conflict', message: 'busy', details: {} } }));
    a.get('/hidden', { schema: { hide: true } }, async (_req, reply) => reply.code(409).send('x'));
    await a.ready();
    return a;
  }

  it('turns an undocumented status into a 500 that names it', async () => {
    const a = await app();
    const res = await a.inject({ method: 'GET', url: '/plain' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error).toMatchObject({ code: 'undocumented_status' });
    expect(res.json().error.message).toMatch(/^GET \/plain answered 409, which \/openapi.json does not list for it/);
    await a.close();
  });

  it('lets documented statuses, hidden routes and unmatched paths through', async () => {
    const a = await app();
    expect((await a.inject({ method: 'GET', url: '/declared' })).statusCode).toBe(409);
    expect((await a.inject({ method: 'GET', url: '/hidden' })).statusCode).toBe(409);
    expect((await a.inject({ method: 'GET', url: '/nowhere' })).statusCode).toBe(404);
    await a.close();
  });
});
