import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metaJson } from './listing.ts';

describe('metaJson', () => {
  it('is the JSON of the meta object, keys in the published order', () => {
    const orderKey = fc.record({ field: fc.string(), direction: fc.constantFrom('asc' as const, 'desc' as const) });
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 250 }), fc.array(orderKey, { maxLength: 4 }), fc.boolean(), fc.nat(), (offset, limit, orderBy, hasMore, total) => {
        const text = metaJson(offset, limit, orderBy, hasMore, total);
        expect(text).toBe(JSON.stringify({ offset, limit, orderBy, hasMore, total }));
        expect(JSON.parse(text)).toEqual({ offset, limit, orderBy, hasMore, total });
      }),
    );
  });

  it('writes the default by-id meta', () => {
    expect(metaJson(0, 100, [{ field: 'created_at', direction: 'desc' }], false, 1)).toBe(
      '{"offset":0,"limit":100,"orderBy":[{"field":"created_at","direction":"desc"}],"hasMore":false,"total":1}',
    );
  });
});
