import { zoneOffsetMinutes } from '../time.ts';
import type { DayTables } from './constants.ts';
import {
  ANCHOR_MS,
  FIRST_AGENT_ID,
  FIRST_EVENT_ID,
  FIRST_PROPERTY_ID,
  FIRST_UNIT_ID,
  HISTORY_DAYS,
  HISTORY_START,
  ID_BASES,
  SIZE_PROFILES,
  slug,
} from './constants.ts';
import { EventStore } from './eventStore.ts';
import { generateProspects } from './generateProspects.ts';
import type { Company, DatasetSize, OfficeHour } from './model.ts';
import { Dataset } from './model.ts';
import { Prng } from './prng.ts';
import { COMPANY_NAMES, FIRST_NAMES, FLOORPLANS, LAST_NAMES, PROPERTY_TEMPLATES } from './text.ts';

const ALNUM = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const HEX = '0123456789abcdef';

function makeCompany(rng: Prng): Company {
  const name = rng.pick(COMPANY_NAMES);
  const subdomain = slug(name);
  return {
    name,
    subdomain,
    username: `${subdomain}_api`,
    password: rng.token(20, ALNUM),
    apiKey: rng.token(40, HEX),
  };
}

const OFFICE_HOURS: OfficeHour[] = [
  ...['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'].map((day) => ({ day, openTime: '9:00 AM', closeTime: '6:00 PM' })),
  { day: 'Saturday', openTime: '10:00 AM', closeTime: '5:00 PM' },
  { day: 'Sunday', openTime: null, closeTime: null },
];

export function generateDataset(seed: number, size: DatasetSize): Dataset {
  const profile = SIZE_PROFILES[size];
  const rng = new Prng(seed);
  const company = makeCompany(rng);
  const events = new EventStore(FIRST_EVENT_ID, Math.ceil(profile.events * 1.02) + 64);
  const ds = new Dataset(seed, size, company, ANCHOR_MS, events, { ...ID_BASES });

  let unitId = FIRST_UNIT_ID;
  let agentId = FIRST_AGENT_ID;
  for (let i = 0; i < profile.properties; i++) {
    const t = PROPERTY_TEMPLATES[i % PROPERTY_TEMPLATES.length];
    if (!t) throw new Error('no property template');
    const id = FIRST_PROPERTY_ID + i;
    const host = `${slug(t.name)}.example.com`;
    ds.addProperty({
      id,
      name: t.name,
      type: t.type,
      street: t.street,
      city: t.city,
      state: t.state,
      postalCode: t.postalCode,
      country: 'US',
      email: `leasing@${host}`,
      phone: `${t.areaCode}555${String(100 + i).padStart(4, '0')}`,
      timeZone: t.timeZone,
      yearBuilt: t.yearBuilt,
      shortDescription: `${t.name} in ${t.city}, ${t.state}.`,
      longDescription: `${t.name} offers studio to three-bedroom homes in ${t.city}, ${t.state}, managed by ${company.name}.`,
      website: `https://www.${host}`,
      isDisabled: false,
      officeHours: OFFICE_HOURS,
    });
    const buildings = Math.max(1, Math.ceil(profile.unitsPerProperty / 60));
    for (let u = 0; u < profile.unitsPerProperty; u++) {
      const building = u % buildings;
      const floorplanIndex = rng.int(FLOORPLANS.length);
      const fp = FLOORPLANS[floorplanIndex];
      if (!fp) throw new Error('no floorplan');
      const perBuilding = Math.floor(u / buildings);
      const floor = 1 + Math.floor(perBuilding / 12);
      ds.addUnit({
        id: unitId++,
        propertyId: id,
        unitNumber: `${String.fromCharCode(65 + building)}${floor}${String((perBuilding % 12) + 1).padStart(2, '0')}`,
        buildingId: id * 10 + building,
        buildingName: `Building ${String.fromCharCode(65 + building)}`,
        floorplanId: id * 10 + floorplanIndex,
        floorplanName: fp.name,
        unitTypeId: 300 + floorplanIndex,
        unitTypeName: fp.unitType,
        bedrooms: fp.bedrooms,
        bathrooms: fp.bathrooms,
        squareFeet: fp.squareFeet + rng.int(60),
      });
    }
    for (let a = 0; a < profile.agentsPerProperty; a++) {
      const firstName = rng.pick(FIRST_NAMES);
      const lastName = rng.pick(LAST_NAMES);
      const id2 = agentId++;
      ds.addAgent({
        id: id2,
        propertyId: id,
        firstName,
        lastName,
        email: `${slug(firstName)}.${slug(lastName)}.${id2}@${company.subdomain}.example.com`,
      });
    }
  }

  generateProspects(ds, rng, profile, dayTables(ds));
  return ds;
}

function dayTables(ds: Dataset): DayTables {
  const days = HISTORY_DAYS + 40;
  const dayWallMs = new Float64Array(days);
  const base = Date.UTC(HISTORY_START.year, HISTORY_START.month - 1, HISTORY_START.day);
  for (let d = 0; d < days; d++) dayWallMs[d] = base + d * 86_400_000;
  const offsetByZone = new Map<string, Int16Array>();
  for (const p of ds.properties) {
    if (offsetByZone.has(p.timeZone)) continue;
    const offsets = new Int16Array(days);
    // 19:00 UTC is midday in every US zone: after the 2 AM switch, so it is the business-hours offset.
    for (let d = 0; d < days; d++) offsets[d] = zoneOffsetMinutes(p.timeZone, (dayWallMs[d] ?? 0) + 19 * 3_600_000);
    offsetByZone.set(p.timeZone, offsets);
  }
  return { dayWallMs, offsetByZone };
}

