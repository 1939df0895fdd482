import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  entrataDateToIsoDate,
  formatMountainDate,
  formatMountainDateTime,
  formatMountainTime,
  mountainDateShifted,
  mountainDay,
  mountainToIso,
  parseMountain,
} from './time.ts';

describe('parseMountain', () => {
  it.each([
    ['01/06/2024 16:06:13.031044 MST', '2024-01-06T23:06:13.031Z'],
    ['07/04/2024 10:00:00.000000 MDT', '2024-07-04T16:00:00.000Z'],
    ['07/04/2024T10:00:00', '2024-07-04T16:00:00.000Z'],
    ['01/15/2024T10:00:00', '2024-01-15T17:00:00.000Z'],
    ['02/01/2021', '2021-02-01T07:00:00.000Z'],
    ['2019-09-20', '2019-09-20T06:00:00.000Z'],
    ['2019-09-20 23:30:00', '2019-09-21T05:30:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(mountainToIso(text)).toBe(iso);
  });

  it('refuses garbage and impossible dates', () => {
    for (const t of ['', 'yesterday', '13/01/2024', '02/30/2024', '2024-02-30', '01/01/2024 25:00:00']) expect(parseMountain(t)).toBeNull();
  });

  // 2024-03-10: 02:00 MST jumps to 03:00 MDT. 2024-11-03: 02:00 MDT falls back to 01:00 MST.
  it('spring gap: a wall time inside the gap moves forward by the gap', () => {
    expect(mountainToIso('03/10/2024T02:30:00')).toBe('2024-03-10T09:30:00.000Z'); // = 03:30 MDT
    expect(mountainToIso('03/10/2024T01:59:59')).toBe('2024-03-10T08:59:59.000Z'); // last MST second
    expect(mountainToIso('03/10/2024T03:00:00')).toBe('2024-03-10T09:00:00.000Z'); // first MDT instant
  });

  it('autumn overlap: an ambiguous wall time reads as the earlier instant (MDT)', () => {
    expect(mountainToIso('11/03/2024T01:30:00')).toBe('2024-11-03T07:30:00.000Z');
    expect(mountainToIso('11/03/2024T00:59:59')).toBe('2024-11-03T06:59:59.000Z');
    expect(mountainToIso('11/03/2024T02:00:00')).toBe('2024-11-03T09:00:00.000Z');
  });

  it('an explicit MST/MDT suffix settles the overlap either way', () => {
    expect(mountainToIso('11/03/2024 01:30:00.000000 MDT')).toBe('2024-11-03T07:30:00.000Z');
    expect(mountainToIso('11/03/2024 01:30:00.000000 MST')).toBe('2024-11-03T08:30:00.000Z');
  });
});

describe('outbound formats', () => {
  it('formats instants on both sides of each transition', () => {
    expect(formatMountainDateTime('2024-03-10T08:59:59Z')).toBe('03/10/2024T01:59:59');
    expect(formatMountainDateTime('2024-03-10T09:00:00Z')).toBe('03/10/2024T03:00:00');
    expect(formatMountainDateTime('2024-11-03T07:30:00Z')).toBe('11/03/2024T01:30:00');
    expect(formatMountainDateTime('2024-11-03T08:30:00Z')).toBe('11/03/2024T01:30:00');
    expect(formatMountainDateTime('2024-11-03T09:00:00Z')).toBe('11/03/2024T02:00:00');
  });

  it('a New York local 10:00 (EDT) is 08:00 in Mountain Time', () => {
    const instant = '2024-07-04T10:00:00-04:00';
    expect(formatMountainDateTime(instant)).toBe('07/04/2024T08:00:00');
    expect(formatMountainTime(instant)).toBe('08:00:00');
    expect(formatMountainDate(instant)).toBe('07/04/2024');
  });

  it('gives the MT calendar day, not the UTC one', () => {
    expect(mountainDay('2024-01-02T05:00:00Z')).toBe('2024-01-01');
    expect(formatMountainDate('2024-01-02T07:00:00Z')).toBe('01/02/2024');
  });

  it('reads calendar dates without shifting them', () => {
    expect(entrataDateToIsoDate('02/01/2021')).toBe('2021-02-01');
    expect(entrataDateToIsoDate('2021-02-01')).toBe('2021-02-01');
    expect(entrataDateToIsoDate('soon')).toBeNull();
  });
});

describe('round trips', () => {
  const instant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }).map((ms) => Math.floor(ms / 1000) * 1000);

  it('format then parse gives back the instant, except the repeated autumn hour (MST side)', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const back = parseMountain(formatMountainDateTime(ms))!.ms;
        // The second pass through the repeated hour reads back one hour early (policy: earlier wins).
        expect(back === ms || back === ms - 3_600_000).toBe(true);
        if (back !== ms) expect(formatMountainDateTime(back)).toBe(formatMountainDateTime(ms));
      }),
      { numRuns: 2000 },
    );
  });

  it('the sandbox date-time form (with its abbreviation) round-trips exactly', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const wall = formatMountainDateTime(ms).replace('T', ' ');
        const abbr = DateTime.fromMillis(ms, { zone: 'America/Denver' }).offset === -360 ? 'MDT' : 'MST';
        expect(parseMountain(`${wall}.000000 ${abbr}`)!.ms).toBe(ms);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('outbound formatting agrees with Luxon', () => {
  const luxon = (ms: number) => DateTime.fromMillis(ms, { zone: 'America/Denver' });
  const check = (ms: number) => {
    expect(formatMountainDateTime(ms)).toBe(luxon(ms).toFormat("MM/dd/yyyy'T'HH:mm:ss"));
    expect(formatMountainDate(ms)).toBe(luxon(ms).toFormat('MM/dd/yyyy'));
    expect(formatMountainTime(ms)).toBe(luxon(ms).toFormat('HH:mm:ss'));
    expect(mountainDay(ms)).toBe(luxon(ms).toFormat('yyyy-MM-dd'));
    for (const days of [-1, 1, 31]) expect(mountainDateShifted(ms, days)).toBe(luxon(ms).plus({ days }).toFormat('MM/dd/yyyy'));
  };

  it('at random instants', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => check(ms)),
      { numRuns: 1000 },
    );
  });

  it('on both sides of every DST change from 1990 to 2040, and at the ends of the month and year', () => {
    const day = 86_400_000;
    let changes = 0;
    for (let start = Date.UTC(1990, 0, 1); start < Date.UTC(2040, 0, 1); start += day) {
      if (luxon(start).offset === luxon(start + day).offset) continue;
      for (let ms = start + 3_600_000; ms <= start + day; ms += 3_600_000) {
        if (luxon(ms).offset === luxon(ms - 1).offset) continue;
        changes++;
        for (const d of [-3_600_001, -3_600_000, -1000, -1, 0, 1, 1000, 3_599_999, 3_600_000]) check(ms + d);
      }
    }
    expect(changes).toBe(100);
    for (const iso of ['2024-12-31T23:59:59-07:00', '2025-01-01T06:59:59Z', '2025-01-01T07:00:00Z', '2024-02-29T12:00:00-07:00', '2024-03-01T06:59:59.999Z']) check(Date.parse(iso));
  });
});
