import { describe, expect, it } from 'vitest';
import { connectorFor } from '../connectors/registry.ts';
import type { Issue } from '../api/errors.ts';
import { checkCredentials, credentialShapes, flattenUnionIssues } from './credentials.ts';

const entrata = connectorFor('ENTRATA');
if (!entrata) throw new Error('the Entrata connector is not registered');

describe('checkCredentials', () => {
  it('accepts the three Entrata shapes, Propexo\'s {apiKey, companyId} among them, and returns the parsed value', () => {
    expect(checkCredentials(entrata, { subdomain: 'acme', apiKey: 'k' })).toEqual({ ok: true, value: { subdomain: 'acme', apiKey: 'k' } });
    expect(checkCredentials(entrata, { subdomain: 'acme', username: 'u', password: 'p', base_url: 'http://127.0.0.1:4010' }).ok).toBe(true);
    expect(checkCredentials(entrata, { apiKey: 'k', companyId: 'acme' })).toEqual({ ok: true, value: { apiKey: 'k', companyId: 'acme' } });
    expect(entrata.describeCredentials({ apiKey: 'k', companyId: 'acme' })).toEqual({ companyId: 'acme', auth: 'apiKey' });
  });

  it('refuses a companyId that is not a subdomain, and subdomain and companyId together', () => {
    const bad = checkCredentials(entrata, { apiKey: 'k', companyId: 'acme corp' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]).toMatchObject({ path: ['credentials', 'companyId'], message: expect.stringMatching(/company ID, which is its subdomain/) });
    const both = checkCredentials(entrata, { apiKey: 'k', companyId: 'acme', subdomain: 'acme' });
    expect(both.ok).toBe(false);
  });

  it.each([
    [{ subdomain: 'acme' }, [['credentials', 'apiKey']]],
    [{ subdomain: 'acme', username: 'u' }, [['credentials', 'password']]],
    [{ apiKey: 'k' }, [['credentials', 'subdomain']]],
    [{}, [['credentials', 'subdomain'], ['credentials', 'apiKey']]],
  ])('reports %j with the paths of the closest shape', (raw, paths) => {
    const res = checkCredentials(entrata, raw);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues.map((i) => i.path)).toEqual(paths);
  });
});

describe('flattenUnionIssues', () => {
  it('keeps plain issues and picks the branch with the fewest issues, prefixing the union path', () => {
    const plain: Issue = { code: 'too_small', path: ['a'], message: 'small' };
    const union: Issue = {
      code: 'invalid_union',
      path: ['outer'],
      message: 'Invalid input',
      errors: [
        [{ code: 'x', path: ['one'], message: '1' }, { code: 'x', path: ['two'], message: '2' }],
        [{ code: 'y', path: ['three'], message: '3' }],
      ],
    };
    expect(flattenUnionIssues([plain, union]).map((i) => i.path)).toEqual([['a'], ['outer', 'three']]);
  });
});

describe('credentialShapes', () => {
  it('describes the accepted shapes from the schema, marking optional fields', () => {
    expect(credentialShapes(entrata)).toBe(
      'ENTRATA credentials look like {subdomain, apiKey, base_url?} or {subdomain, username, password, base_url?} or {companyId, apiKey, base_url?}',
    );
  });
});
