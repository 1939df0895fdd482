import type { z } from 'zod';
import { applicantSchema } from '../../src/domain/applicant.ts';
import { employeeSchema } from '../../src/domain/employee.ts';
import { eventSchema } from '../../src/domain/event.ts';
import { eventResultSchema } from '../../src/domain/eventResult.ts';
import { eventSubTypeSchema } from '../../src/domain/eventSubType.ts';
import { eventTypeSchema } from '../../src/domain/eventType.ts';
import { leadSchema } from '../../src/domain/lead.ts';
import { leadSourceSchema } from '../../src/domain/leadSource.ts';
import { propertySchema } from '../../src/domain/property.ts';
import { residentSchema } from '../../src/domain/resident.ts';
import { unitSchema } from '../../src/domain/unit.ts';
import type { ModelName } from '../../src/store/models.ts';
import type { SeededReadModels } from './readModels.ts';

/** A query that must return exactly the records with these keys (see readModels.ts). */
export interface FilterCase {
  query: (s: SeededReadModels) => string;
  expect: string[];
}

export interface ReadRoute {
  model: ModelName;
  /** The list path as published, e.g. /v1/leads/. */
  list: string;
  /** The published by-id path, e.g. /v1/leads/{id}. */
  byId: string;
  schema: z.ZodObject;
  filters: FilterCase[];
  /** Query strings the route must refuse with 400, beyond the ones every route refuses. */
  invalid: string[];
}

const A = (s: SeededReadModels) => s.integrations.A.id;

/** The shared filters, for the models with four records A1, A2 (property 100), A3 (200) and B1. */
function scopedCases(params: string[]): FilterCase[] {
  const has = (p: string) => params.includes(p);
  const cases: FilterCase[] = [];
  if (has('x_id')) {
    const scope = (s: SeededReadModels) => `integration_id=${A(s)}${has('x_property_id') ? '&x_property_id=100' : ''}`;
    cases.push({ query: (s) => `x_id=1&${scope(s)}`, expect: ['A1'] });
  }
  if (has('x_property_id')) cases.push({ query: (s) => `x_property_id=200&integration_id=${A(s)}`, expect: ['A3'] });
  if (has('property_id')) cases.push({ query: (s) => `property_id=${s.propertyId('A100')}`, expect: ['A1', 'A2'] });
  cases.push(
    { query: () => 'location_id=loc-1', expect: [] },
    { query: (s) => `integration_id=${A(s)}`, expect: ['A1', 'A2', 'A3'] },
    { query: () => 'integration_vendor=RESMAN', expect: ['B1'] },
  );
  return cases;
}

const all = ['x_id', 'x_property_id', 'property_id'];
const contactCases = (extra: FilterCase[] = []): FilterCase[] => [
  { query: () => 'email_1=jane.doe@example.com', expect: ['A1', 'B1'] },
  { query: () => 'phone_1=3035550101', expect: ['A1', 'A3'] },
  ...extra,
];
const badPhone = ['phone_1=303-555-0101', 'phone_1=1035550101'];

export const readRoutes: ReadRoute[] = [
  {
    model: 'properties',
    list: '/v1/properties/',
    byId: '/v1/properties/{id}',
    schema: propertySchema,
    filters: [
      { query: (s) => `x_id=100&integration_id=${A(s)}&x_property_id=100`, expect: ['A100'] },
      { query: (s) => `x_property_id=200&integration_id=${A(s)}`, expect: ['A200'] },
      { query: () => 'location_id=loc-1', expect: [] },
      { query: (s) => `integration_id=${A(s)}`, expect: ['A100', 'A200'] },
      { query: () => 'integration_vendor=RESMAN', expect: ['B100'] },
      { query: () => 'is_active=false', expect: ['A200'] },
      { query: () => 'is_active=true', expect: ['A100', 'B100'] },
    ],
    invalid: ['is_active=yes', 'is_active=1'],
  },
  {
    model: 'units',
    list: '/v1/units/',
    byId: '/v1/units/{id}',
    schema: unitSchema,
    filters: [...scopedCases(all), { query: (s) => `unit_number=101&property_id=${s.propertyId('A100')}`, expect: ['A1'] }],
    invalid: ['unit_number=101'],
  },
  {
    model: 'employees',
    list: '/v1/employees/',
    byId: '/v1/employees/{employee_id}',
    schema: employeeSchema,
    filters: scopedCases(['property_id']),
    invalid: ['x_id=1'],
  },
  {
    model: 'lead_sources',
    list: '/v1/lead-sources/',
    byId: '/v1/lead-sources/{lead_source_id}',
    schema: leadSourceSchema,
    filters: scopedCases(['x_id', 'property_id']),
    invalid: ['x_property_id=100'],
  },
  {
    model: 'event_types',
    list: '/v1/event-types/',
    byId: '/v1/event-types/{event_type_id}',
    schema: eventTypeSchema,
    filters: [
      ...scopedCases(all),
      { query: () => 'models=applicants', expect: ['A2'] },
      { query: () => 'models=leads', expect: ['A1', 'B1'] },
      { query: (s) => `models=applicants&models=residents&integration_id=${A(s)}`, expect: ['A1', 'A2', 'A3'] },
      { query: (s) => `models=applicants,residents&integration_id=${A(s)}`, expect: ['A1', 'A2', 'A3'] },
      { query: (s) => `models=applicants, residents,applicants&integration_id=${A(s)}`, expect: ['A1', 'A2', 'A3'] },
      { query: () => 'models=,', expect: [] },
    ],
    invalid: ['models='],
  },
  {
    model: 'event_sub_types',
    list: '/v1/event-sub-types/',
    byId: '/v1/event-sub-types/{event_sub_type_id}',
    schema: eventSubTypeSchema,
    filters: [...scopedCases(all), { query: (s) => `event_type_id=${s.ids.event_types.A1}`, expect: ['A1', 'A2'] }],
    invalid: ['event_type_id=a&event_type_id=b'],
  },
  {
    model: 'event_results',
    list: '/v1/event-results/',
    byId: '/v1/event-results/{event_result_id}',
    schema: eventResultSchema,
    filters: scopedCases(all),
    invalid: [],
  },
  {
    model: 'leads',
    list: '/v1/leads/',
    byId: '/v1/leads/{id}',
    schema: leadSchema,
    filters: [
      ...scopedCases(all),
      ...contactCases([
        { query: () => 'email_2=sam@work.example', expect: ['A2'] },
        { query: (s) => `x_unit_id=5001&integration_id=${A(s)}&x_property_id=100`, expect: ['A1'] },
      ]),
    ],
    invalid: [...badPhone, 'x_unit_id=5001'],
  },
  {
    model: 'applicants',
    list: '/v1/applicants/',
    byId: '/v1/applicants/{id}',
    schema: applicantSchema,
    filters: [...scopedCases(['x_id', 'property_id']), ...contactCases()],
    invalid: badPhone,
  },
  {
    model: 'residents',
    list: '/v1/residents/',
    byId: '/v1/residents/{id}',
    schema: residentSchema,
    filters: [...scopedCases(all), ...contactCases([{ query: (s) => `lease_id=${s.leaseId('L1')}`, expect: ['A1', 'A3'] }])],
    invalid: badPhone,
  },
  {
    model: 'events',
    list: '/v1/events/',
    byId: '/v1/events/{event_id}',
    schema: eventSchema,
    filters: [
      ...scopedCases(all),
      { query: (s) => `x_type_id=2&integration_id=${A(s)}&x_property_id=100`, expect: ['A2'] },
      { query: (s) => `lead_id=${s.ids.leads.A1}`, expect: ['A1'] },
      { query: (s) => `applicant_id=${s.ids.applicants.A3}`, expect: ['A3'] },
      { query: (s) => `resident_id=${s.ids.residents.A2}`, expect: ['A2'] },
    ],
    invalid: ['x_type_id=2'],
  },
];

/** Refused by every list route. */
export const invalidForEveryList = ['colour=red', 'limit=-1', 'limit=251', 'offset=-1', 'order-by=notes:desc', 'updated_at_gte=yesterday'];

/** A by-id URL: the published path with the id in place of its parameter. */
export function byIdUrl(route: ReadRoute, id: string): string {
  return route.byId.replace(/\{[^}]+\}/, encodeURIComponent(id));
}

/** The query parameters a filter case uses. */
export function caseParams(query: string): string[] {
  return [...new URLSearchParams(query).keys()];
}

// integration_vendor is the published vendor enum on every list.
for (const route of readRoutes) route.invalid.push('integration_vendor=NOPE');
