import { describe, expect, it } from 'vitest';
import { attemptsOf, personNeedle, personOf } from './writeView.ts';

describe('writeView', () => {
  it('finds the person in a Propexo-shaped or generic accepted body', () => {
    expect(personOf({ meta: { job_id: 'wj_1' }, result: { lead_id: 'l1', notes: 'x' } })).toBe('l1');
    expect(personOf({ job_id: 'wj_1', data: { resident_id: 'r1' } })).toBe('r1');
    expect(personOf({ result: { applicant_id: 'a1' } })).toBe('a1');
    expect(personOf({ result: { lead_id: '' } })).toBeNull();
    expect(personOf(null)).toBeNull();
    expect(personOf('text')).toBeNull();
  });

  it('the needle is the text JSON.stringify writes for the key and id', () => {
    const id = 'c"odd\\id';
    expect(JSON.stringify({ result: { lead_id: id } })).toContain(personNeedle('lead_id', id));
  });

  it('times each attempt from the previous one (the first from submission), and survives a broken log', () => {
    const created_at = '2026-12-01T10:00:00.000Z';
    const log = JSON.stringify([
      { at: '2026-12-01T10:00:02.000Z', attempt: 1, action: 'retry', reason: 'timeout' },
      { at: '2026-12-01T10:00:05.500Z', attempt: 2, action: 'succeed', reason: 'ok' },
    ]);
    expect(attemptsOf({ created_at, log }).map((a) => [a.outcome, a.since_previous_ms])).toEqual([['will_retry', 2000], ['succeeded', 3500]]);
    expect(attemptsOf({ created_at, log: 'not json' })).toEqual([]);
    expect(attemptsOf({ created_at, log: '{}' })).toEqual([]);
  });
});
