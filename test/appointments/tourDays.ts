import { DateTime } from 'luxon';

/** The next Mountain Time weekday (1 = Monday … 7 = Sunday) at least `minDaysAhead` days after today, YYYY-MM-DD. */
export function nextMtWeekday(weekday: number, minDaysAhead = 2, now = Date.now()): string {
  let d = DateTime.fromMillis(now, { zone: 'America/Denver' }).startOf('day').plus({ days: minDaysAhead });
  while (d.weekday !== weekday) d = d.plus({ days: 1 });
  return d.toISODate()!;
}
