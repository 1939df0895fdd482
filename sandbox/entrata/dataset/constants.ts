import type { DatasetSize } from './model.ts';
import { mtDayBounds } from '../time.ts';

export interface SizeProfile {
  properties: number;
  prospects: number;
  events: number;
  unitsPerProperty: number;
  agentsPerProperty: number;
}

export const SIZE_PROFILES: Readonly<Record<DatasetSize, SizeProfile>> = {
  small: { properties: 3, prospects: 300, events: 3_000, unitsPerProperty: 40, agentsPerProperty: 4 },
  medium: { properties: 5, prospects: 5_000, events: 60_000, unitsPerProperty: 150, agentsPerProperty: 6 },
  large: { properties: 8, prospects: 50_000, events: 1_000_000, unitsPerProperty: 300, agentsPerProperty: 8 },
};

/**
 * The data ends on a fixed day so that a given seed yields the same records whenever it runs:
 * the last instant of 06/30/2026 in Mountain Time. History covers the 730 days before it.
 */
export const ANCHOR_MS = mtDayBounds({ year: 2026, month: 7, day: 1 }).start - 1;
export const HISTORY_START = { year: 2024, month: 7, day: 1 };
export const HISTORY_DAYS = 730;

export const FIRST_PROPERTY_ID = 100_101;
export const FIRST_UNIT_ID = 4_000_001;
export const FIRST_AGENT_ID = 175_141;
export const FIRST_EVENT_ID = 60_000_001;

export const ID_BASES = {
  application: 10_000_001,
  customer: 20_000_001,
  applicant: 30_000_001,
  lease: 40_000_001,
  leaseInterval: 50_000_001,
} as const;

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/**
 * Per zone and history day: the UTC instant of local midnight's wall clock and the offset in
 * force during business hours, so the event loop never calls into Intl.
 */
export interface DayTables {
  dayWallMs: Float64Array;
  offsetByZone: Map<string, Int16Array>;
}

