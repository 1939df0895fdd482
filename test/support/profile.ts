import { DateTime } from 'luxon';
import { profileFromEnv } from '../../sandbox/entrata/profile.ts';

/** The Entrata sandbox profile the suite runs against (SANDBOX_PROFILE; sandbox/entrata/profile.ts). */
export const sandboxProfile = profileFromEnv();

/**
 * An event instant as Leasewire serves it once read from Entrata: exact under `rich`; under `spec`
 * Entrata's event dates carry only the Mountain Time day, read as its midnight.
 */
export function asReadFromEntrata(utc: string): string {
  if (sandboxProfile === 'rich') return utc;
  return DateTime.fromISO(utc, { zone: 'utc' }).setZone('America/Denver').startOf('day').toUTC().toISO() ?? utc;
}
