import { describe, expect, it } from 'vitest';
import { formatMtDate, formatMtDateTime, formatMtTime, mtDayBounds, parseMt, parseTimeOfDay } from '../time.ts';

const utc = (iso: string): number => Date.parse(iso);

describe('Mountain Time output', () => {
  it('formats date-times with microseconds and the DST-dependent abbreviation', () => {
    expect(formatMtDateTime(utc('2024-01-06T23:06:13.031Z'))).toBe('01/06/2024 16:06:13.031000 MST');
    expect(formatMtDateTime(utc('2025-07-04T18:00:00Z'))).toBe('07/04/2025 12:00:00.000000 MDT');
    expect(formatMtDate(utc('2025-07-04T05:59:59Z'))).toBe('07/03/2025');
    expect(formatMtTime(utc('2025-07-04T21:30:00Z'))).toBe('15:30:00');
  });

  it('jumps from 01:59:59 MST to 03:00:00 MDT on the spring-forward day', () => {
    expect(formatMtDateTime(utc('2025-03-09T08:59:59Z'))).toBe('03/09/2025 01:59:59.000000 MST');
    expect(formatMtDateTime(utc('2025-03-09T09:00:00Z'))).toBe('03/09/2025 03:00:00.000000 MDT');
  });

  it('shows 01:30 twice on the fall-back day, told apart by MDT/MST', () => {
    expect(formatMtDateTime(utc('2025-11-02T07:30:00Z'))).toBe('11/02/2025 01:30:00.000000 MDT');
    expect(formatMtDateTime(utc('2025-11-02T08:30:00Z'))).toBe('11/02/2025 01:30:00.000000 MST');
  });
});

describe('Mountain Time input', () => {
  it('accepts every inbound form of §6.3', () => {
    expect(parseMt('07/04/2025')).toMatchObject({ ms: utc('2025-07-04T06:00:00Z'), hasTime: false });
    expect(parseMt('2025-07-04')).toMatchObject({ ms: utc('2025-07-04T06:00:00Z'), hasTime: false });
    expect(parseMt('07/04/2025T14:03:00')?.ms).toBe(utc('2025-07-04T20:03:00Z'));
    expect(parseMt('07/04/2025 14:03:00')?.ms).toBe(utc('2025-07-04T20:03:00Z'));
    expect(parseMt('01/06/2024 16:06:13.031044 MST')?.ms).toBe(utc('2024-01-06T23:06:13.031Z'));
    expect(parseMt('07/04/2025 14:03:00 MDT')?.ms).toBe(utc('2025-07-04T20:03:00Z'));
  });

  it('moves a wall time in the spring gap forward by the gap (§6.4)', () => {
    const gap = parseMt('03/09/2025 02:30:00');
    expect(gap?.ms).toBe(utc('2025-03-09T09:30:00Z'));
    expect(formatMtDateTime(gap?.ms ?? 0)).toBe('03/09/2025 03:30:00.000000 MDT');
    expect(parseMt('03/09/2025T02:00:00')?.ms).toBe(utc('2025-03-09T09:00:00Z'));
  });

  it('reads a wall time in the autumn overlap as the earlier instant (MDT) unless the zone is named', () => {
    expect(parseMt('11/02/2025 01:30:00')?.ms).toBe(utc('2025-11-02T07:30:00Z'));
    expect(parseMt('11/02/2025T01:30:00')?.ms).toBe(utc('2025-11-02T07:30:00Z'));
    expect(parseMt('11/02/2025 01:30:00 MDT')?.ms).toBe(utc('2025-11-02T07:30:00Z'));
    expect(parseMt('11/02/2025 01:30:00 MST')?.ms).toBe(utc('2025-11-02T08:30:00Z'));
  });

  it('rejects impossible or foreign formats', () => {
    for (const bad of ['02/30/2025', '13/01/2025', '2025/01/01', '1/2/2025', '01/01/2025 24:00:00', '01/01/2025 10:00:00 EST', '', 'soon']) {
      expect(parseMt(bad), bad).toBeNull();
    }
  });

  it('bounds DST days correctly: 23 and 25 hours long', () => {
    const spring = mtDayBounds({ year: 2025, month: 3, day: 9 });
    expect((spring.end - spring.start) / 3_600_000).toBe(23);
    const autumn = mtDayBounds({ year: 2025, month: 11, day: 2 });
    expect((autumn.end - autumn.start) / 3_600_000).toBe(25);
  });

  it('parses times of day', () => {
    expect(parseTimeOfDay('15:30:00')).toBe(55_800);
    expect(parseTimeOfDay('9:05')).toBe(32_700);
    expect(parseTimeOfDay('25:00:00')).toBeNull();
  });
});
