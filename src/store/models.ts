/**
 * The normalized models the store keeps, and how each one is indexed. One descriptor per model
 * drives the upsert (which data fields feed the filter columns) and the list endpoints (which
 * columns and links a filter may use, what can be sorted). The migrations create the tables on
 * their own: a new filter column here needs a migration too (models.test.ts checks they agree).
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
  /**
   * The PMS's ids of this model are only unique within a property (pick-list values such as event
   * types, results, lead sources, and agents listed per property): the record's identity is then
   * (integration, x_property_id, x_id), and x_id stays the PMS's own id.
   */
  perProperty?: boolean;
  /**
   * A link kind of which a record has at most one target (an event's lead), also kept in a column
   * of the record: "the events of this lead" is then one range of an index in created_at order
   * instead of a lookup per record. upsertRecords refuses a record with two targets of this kind.
   */
  owner?: { rel: string; column: string };
  /**
   * Fields of the record's data a list may also sort by, read from the JSON (no column, no index:
   * the filtered rows are sorted, so keep these to fields users sort small lists by). ISO 8601
   * instants in UTC, so text order is time order.
   */
  dataSortable?: readonly string[];
}

export const models: Record<ModelName, ModelDef> = {
  properties: { name: 'properties', columns: { is_active: 'is_active' }, links: [], propertyScoped: true },
  units: { name: 'units', columns: { unit_number: 'number' }, links: [], propertyScoped: true },
  employees: { name: 'employees', columns: {}, links: [], propertyScoped: true, perProperty: true },
  lead_sources: { name: 'lead_sources', columns: {}, links: [], propertyScoped: true, perProperty: true },
  event_types: { name: 'event_types', columns: {}, links: ['model'], propertyScoped: true, perProperty: true },
  event_sub_types: { name: 'event_sub_types', columns: { event_type_id: 'event_type_id' }, links: [], propertyScoped: true, perProperty: true },
  event_results: { name: 'event_results', columns: {}, links: ['event_type'], propertyScoped: true, perProperty: true },
  leads: {
    name: 'leads',
    columns: { email_1: 'email_1', email_2: 'email_2', phone_1: 'phone_1', x_unit_id: 'x_unit_id' },
    links: [],
    propertyScoped: true,
  },
  applicants: { name: 'applicants', columns: { email_1: 'email_1', phone_1: 'phone_1' }, links: [], propertyScoped: true },
  residents: { name: 'residents', columns: { email_1: 'email_1', phone_1: 'phone_1' }, links: ['lease'], propertyScoped: true },
  events: {
    name: 'events',
    columns: { x_type_id: 'x_type_id' },
    links: ['lead', 'applicant', 'resident'],
    propertyScoped: true,
    owner: { rel: 'lead', column: 'lead_id' },
    dataSortable: ['event_datetime'],
  },
};

/** The key a record's id is derived from: x_id, or x_property_id + x_id for per-property models. */
export function identityKey(model: ModelName, xId: string, xPropertyId: string | null): string {
  return models[model].perProperty ? `${xPropertyId ?? ''}:${xId}` : xId;
}
