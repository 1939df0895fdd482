import { describe, expect, it } from 'vitest';
import { BuildiumSpecValidator, toJsonSchema } from '../spec/validator.ts';

describe('Buildium spec subset', () => {
  const v = new BuildiumSpecValidator();

  it('keeps every operation Leasewire calls, without prose', () => {
    for (const [m, p] of [['get', '/v1/rentals'], ['get', '/v1/applicants'], ['post', '/v1/applicants/{applicantId}/notes'], ['post', '/v1/leases/tenants/{tenantId}/notes'], ['get', '/v1/communications/phonelogs']] as const) {
      expect(v.operation(m, p).operationId).toMatch(/^ExternalApi/);
    }
    expect(JSON.stringify(v.spec)).not.toMatch(/"description"|"example"/);
  });

  it('turns nullable into a null alternative', () => {
    expect(toJsonSchema({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(toJsonSchema({ type: 'string', enum: ['A'], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['A', null] });
    expect(toJsonSchema({ allOf: [{ $ref: '#/components/schemas/X' }], nullable: true })).toEqual({ anyOf: [{ allOf: [{ $ref: 'buildium#/components/schemas/X' }] }, { type: 'null' }] });
  });

  it('validates a note against NoteMessage: nullable fields, types, no extra properties', () => {
    const p = '/v1/applicants/{applicantId}/notes';
    expect(v.response('post', p, 201, { Id: 1, Note: 'x', LastUpdatedByUser: null })).toEqual([]);
    expect(v.response('post', p, 201, { Id: 1, Note: null, LastUpdatedByUser: { Id: 2, FirstName: 'A', LastName: 'B', Href: null, UpdatedDateTime: '2026-01-01T00:00:00Z' } })).toEqual([]);
    expect(v.response('post', p, 201, { Id: '1', Note: 'x' })).not.toEqual([]);
    expect(v.response('post', p, 201, { Id: 1, Note: 'x', Extra: 1 })).not.toEqual([]);
    expect(v.response('get', p, 200, [{ Id: 1 }])).toEqual([]);
    expect(v.response('get', p, 200, { Id: 1 })).not.toEqual([]);
  });

  it('checks request bodies and query strings', () => {
    const p = '/v1/leases/tenants/{tenantId}/notes';
    expect(v.requestBody('post', p, { Note: 'hello' })).toEqual([]);
    expect(v.requestBody('post', p, { Note: '' })).not.toEqual([]);
    expect(v.requestBody('post', p, {})).not.toEqual([]);
    expect(v.query('get', '/v1/rentals', new URLSearchParams('limit=10&offset=0&orderby=Id&lastupdatedfrom=2026-01-01T00:00:00Z'))).toEqual([]);
    expect(v.query('get', '/v1/rentals', new URLSearchParams('limit=ten'))).not.toEqual([]);
    expect(v.query('get', '/v1/rentals', new URLSearchParams('pageSize=10'))).not.toEqual([]);
  });

  it('validates the error shape', () => {
    expect(v.response('get', '/v1/rentals', 401, { UserMessage: 'x', ErrorCode: 'Unauthorized', Errors: [] })).toEqual([]);
    expect(v.response('get', '/v1/rentals', 401, { error: 'x' })).not.toEqual([]);
  });
});
