import { describe, expect, it, vi } from 'vitest';
import { newId } from './ids.ts';

describe('newId', () => {
  it('makes ids that sort in creation order, within one millisecond too, and never repeat', () => {
    const ids = Array.from({ length: 20_000 }, () => newId('wj_'));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^wj_[0-9a-z]{24}$/);
  });

  it('starts with the creation time and keeps its order when the clock goes back', () => {
    const before = Date.now();
    const a = newId('ob_');
    expect(parseInt(a.slice(3, 12), 36)).toBeGreaterThanOrEqual(before);
    const now = vi.spyOn(Date, 'now').mockReturnValue(before - 60_000);
    try {
      const b = newId('ob_');
      expect(b > a).toBe(true);
    } finally {
      now.mockRestore();
    }
  });
});
