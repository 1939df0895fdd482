/**
 * The normalized models the store keeps, and how each one is indexed. One descriptor per model
 * drives the migration (columns, indexes), the upsert (which data fields feed the filter
 * columns) and the list endpoints (which query filters exist and what can be sorted).
 */
export const modelNames = [
  'properties',
  'units',
  'employees',
  'lead_sources',
  'event_types',
  'event_sub_types',
  'event_results',
  'leads',
  'applicants',
  'residents',
  'events',
] as const;
export type ModelName = (typeof modelNames)[number];

export interface ModelDef {
  name: ModelName;
  /** Indexed filter columns: column name → the field of the record's data that fills it. */
  columns: Record<string, string>;
  /** Link kinds this model owns (many-to-many relations kept in record_links). */
  links: readonly string[];
  /** Whether the served record carries x_property_id / property_id (properties carry their own). */
  propertyScoped: boolean;
}

export const models: Record<ModelName, ModelDef> = {
  properties: { name: 'properties', columns: { is_active: 'is_active' }, links: [], propertyScoped: true },
  units: { name: 'units', columns: { unit_number: 'number' }, links: [], propertyScoped: true },
  employees: { name: 'employees', columns: {}, links: [], propertyScoped: true },
  lead_sources: { name: 'lead_sources', columns: {}, links: [], propertyScoped: true },
  event_types: { name: 'event_types', columns: {}, links: ['model'], propertyScoped: true },
  event_sub_types: { name: 'event_sub_types', columns: { event_type_id: 'event_type_id' }, links: [], propertyScoped: true },
  event_results: { name: 'event_results', columns: {}, links: ['event_type'], propertyScoped: true },
  leads: {
    name: 'leads',
    columns: { email_1: 'email_1', email_2: 'email_2', phone_1: 'phone_1', x_unit_id: 'x_unit_id' },
    links: [],
    propertyScoped: true,
  },
  applicants: { name: 'applicants', columns: { email_1: 'email_1', phone_1: 'phone_1' }, links: [], propertyScoped: true },
  residents: { name: 'residents', columns: { email_1: 'email_1', phone_1: 'phone_1' }, links: ['lease'], propertyScoped: true },
  events: { name: 'events', columns: { x_type_id: 'x_type_id' }, links: ['lead', 'applicant', 'resident'], propertyScoped: true },
};
