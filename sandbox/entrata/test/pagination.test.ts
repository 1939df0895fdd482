import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { errorOf, resultOf, startHarness } from './harness.ts';

let h: Harness;
let propertyId: number;
beforeAll(async () => {
  h = await startHarness();
  propertyId = h.sb.info.propertyIds[0] ?? 0;
});
afterAll(() => h.close());

const range = { fromDate: '01/01/2020', toDate: '12/31/2030' };
const leads = (query: string): ReturnType<Harness['call']> => h.call('leads', 'getLeads', { propertyId, ...range }, { query });

describe('pagination', () => {
  it('pages getLeads by prospect with X-Total-Count and an RFC 8288 Link header', async () => {
    const all = await leads('per_page=1000');
    const total = Number(all.headers.get('x-total-count'));
    expect(total).toBe(resultOf(all).prospects.prospect.length);
    expect(total).toBeGreaterThan(20);

    const page2 = await leads('page_no=2&per_page=5');
    const ids = resultOf(page2).prospects.prospect.map((p: { applicationId: string }) => p.applicationId);
    expect(ids).toEqual(resultOf(all).prospects.prospect.slice(5, 10).map((p: { applicationId: string }) => p.applicationId));
    expect(page2.headers.get('x-total-count')).toBe(String(total));
    const last = Math.ceil(total / 5);
    const base = `${h.sb.url}/api/v1/leads`;
    expect(page2.headers.get('link')).toBe(
      [
        `<${base}?page_no=1&per_page=5>; rel="first"`,
        `<${base}?page_no=1&per_page=5>; rel="prev"`,
        `<${base}?page_no=3&per_page=5>; rel="next"`,
        `<${base}?page_no=${last}&per_page=5>; rel="last"`,
      ].join(', '),
    );
  });

  it('defaults to page 1 of 100 and has no prev on the first page', async () => {
    const r = await leads('');
    expect(resultOf(r).prospects.prospect.length).toBe(Math.min(100, Number(r.headers.get('x-total-count'))));
    expect(r.headers.get('link')).not.toContain('rel="prev"');
    expect(r.headers.get('link')).toContain('per_page=100');
  });

  it('walks every page exactly once following rel="next"', async () => {
    const seen: string[] = [];
    let query = 'page_no=1&per_page=7';
    for (let guard = 0; guard < 100; guard++) {
      const r = await leads(query);
      seen.push(...resultOf(r).prospects.prospect.map((p: { applicationId: string }) => p.applicationId));
      const next = /<[^>]*\?([^>]*)>; rel="next"/.exec(r.headers.get('link') ?? '');
      if (!next?.[1]) break;
      query = next[1];
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(Number((await leads('')).headers.get('x-total-count')));
  });

  it('returns an empty collection past the last page', async () => {
    const r = await leads('page_no=9999&per_page=5');
    expect(resultOf(r).prospects.prospect).toEqual([]);
    expect(r.headers.get('link')).not.toContain('rel="next"');
  });

  it('rejects per_page outside 5–1000 and bad page numbers with an envelope 400', async () => {
    for (const q of ['per_page=4', 'per_page=1001', 'per_page=abc', 'page_no=0', 'page_no=-1']) {
      const r = await leads(q);
      expect(r.status).toBe(200);
      expect(errorOf(r).code).toBe(400);
      expect(errorOf(r).message).toMatch(/per_page|page_no/);
    }
    expect(resultOf(await leads('per_page=5')).prospects.prospect).toHaveLength(5);
    expect(resultOf(await leads('per_page=1000')).prospects.prospect.length).toBeGreaterThan(5);
  });

  it('pages getLeadEvents and getLeases too', async () => {
    const events = await h.call(
      'leads',
      'getLeadEvents',
      { propertyId, eventTypeIds: '2,3,4', eventDateFrom: '07/01/2024', eventDateTo: '06/30/2026' },
      { query: 'per_page=5' },
    );
    expect(resultOf(events).prospects.prospect).toHaveLength(5);
    expect(Number(events.headers.get('x-total-count'))).toBeGreaterThan(5);
    const leases = await h.call('leases', 'getLeases', { propertyId, leaseStatusTypeIds: '3,4,5,6' }, { version: 'r2', query: 'per_page=5&page_no=2' });
    expect(Number(leases.headers.get('x-total-count'))).toBeGreaterThan(5);
    expect(leases.headers.get('link')).toContain('rel="prev"');
  });
});
