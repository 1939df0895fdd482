import { describe, expect, it } from 'vitest';
import { appointmentDay, appointmentStart, officeHoursProblem } from './appointments.ts';
import { propertyZone } from '../propertyZone.ts';

const hours = [
  ...['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((d) => ({ day_of_week: d, open_time: '9:00 AM', close_time: '6:00 PM' })),
  { day_of_week: 'SATURDAY', open_time: '10:00 AM', close_time: '5:00 PM' },
];

describe('appointment times', () => {
  it('reads the day and the MT wall clock across both 2026 changes', () => {
    expect(appointmentDay('2026-03-09')).toBe('2026-03-09');
    expect(appointmentDay('2026-03-09T05:00:00Z')).toBe('2026-03-08');
    expect(new Date(appointmentStart('2026-03-09', '09:00:00')).toISOString()).toBe('2026-03-09T15:00:00.000Z');
    expect(new Date(appointmentStart('2026-11-02', '09:00:00')).toISOString()).toBe('2026-11-02T16:00:00.000Z');
  });
  it('places properties by state (Arizona keeps MST)', () => {
    expect(propertyZone('az')).toBe('America/Phoenix');
    expect(propertyZone('NY')).toBe('America/New_York');
    expect(propertyZone('ZZ')).toBeNull();
    expect(propertyZone(null)).toBeNull();
  });
  it('checks office hours in the property’s own zone', () => {
    const at = (iso: string, minutes = 30) => [Date.parse(iso), Date.parse(iso) + minutes * 60_000] as const;
    // 09:00 EDT on Monday 9 March 2026 = 07:00 MDT.
    expect(officeHoursProblem(hours, 'NY', ...at('2026-03-09T13:00:00Z'))).toBeNull();
    expect(officeHoursProblem(hours, 'NY', ...at('2026-03-09T12:30:00Z'))).toMatch(/^06:30–07:00 Mountain Time is outside the office hours on Monday 9 March 2026 \(America\/New_York\): 9:00 AM–6:00 PM local, 07:00–16:00 Mountain Time$/);
    // Saturday closes at 5:00 PM in Tempe: 16:30–17:00 fits, 16:45–17:15 does not.
    expect(officeHoursProblem(hours, 'AZ', ...at('2026-03-14T23:30:00Z'))).toBeNull();
    expect(officeHoursProblem(hours, 'AZ', ...at('2026-03-14T23:45:00Z'))).toMatch(/^17:45–18:15 Mountain Time is outside the office hours on Saturday 14 March 2026 \(America\/Phoenix\): 10:00 AM–5:00 PM local, 11:00–18:00 Mountain Time$/);
    expect(officeHoursProblem(hours, 'AZ', ...at('2026-03-14T23:00:00Z'))).toBeNull();
    expect(officeHoursProblem(hours, 'CO', ...at('2026-03-15T17:00:00Z'))).toMatch(/^the office is closed on Sunday 15 March 2026/);
    // Not checkable: no hours synced, a state Leasewire cannot place, hours it cannot read.
    expect(officeHoursProblem([], 'CO', ...at('2026-03-15T17:00:00Z'))).toBeNull();
    expect(officeHoursProblem(hours, 'ZZ', ...at('2026-03-15T17:00:00Z'))).toBeNull();
    expect(officeHoursProblem([{ day_of_week: 'SUNDAY', open_time: 'noon', close_time: 'late' }], 'CO', ...at('2026-03-15T17:00:00Z'))).toBeNull();
  });
});
