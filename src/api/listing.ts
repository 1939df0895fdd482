import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { integrationVendorSchema } from '../domain/common.ts';
import { parseIsoInstant } from '../lib/time.ts';
import { models, type ModelName } from '../store/models.ts';
import { getRecord, listRecords, type OrderKey, type RecordListQuery } from '../store/repositories/recordQueries.ts';
import { recordJson, type RecordRow } from '../store/repositories/records.ts';
import type { Store } from '../store/db.ts';
import { accountOf } from './plugins/auth.ts';
import { invalidRequest, notFound, type Issue } from './errors.ts';

/**
 * Shared machinery of the Propexo-style list and get-by-id endpoints: the common query
 * parameters, the x_* rule, order-by parsing, and the { meta, results } envelope.
 */

/** How a query filter applies to the store. */
export type FilterSpec =
  | { kind: 'column'; column: string }
  | { kind: 'link'; rel: string }
  /** Accepted for compatibility but no connector has the concept (Rent Manager locations): matches nothing. */
  | { kind: 'none' };

export interface ListSpec {
  model: ModelName;
  filters: Record<string, FilterSpec>;
  /** Column values every listed record has, whatever the query (e.g. the appointments among events). */
  fixed?: ReadonlyArray<{ column: string; value: string }>;
}

const optionalText = (description: string) => z.string().min(1).optional().describe(description);
// Documented as date-time (RFC 3339: with an offset or Z); a plain date (2024-01-15) is taken too.
const instantFilter = (description: string) =>
  z.string().optional().meta({ description: `${description} (ISO 8601 date, or date-time with an offset or Z)`, format: 'date-time', examples: ['2024-01-15T09:30:00-07:00'] });

const offsetRule = 'must be a whole number, 0 or more: the rows to skip';
const limitRule = 'must be a whole number from 0 to 250: the page size (0 answers only meta, e.g. the total)';

export const paginationQuery = {
  'order-by': z
    .string()
    .optional()
    .describe('Order by one or more fields, e.g. "updated_at:desc" or "x_id:asc,created_at:desc". Default created_at:desc.'),
  offset: z.coerce
    .number({ error: offsetRule })
    .int(offsetRule)
    .min(0, offsetRule)
    .default(0)
    .describe('Rows to skip, for paging'),
  limit: z.coerce
    .number({ error: limitRule })
    .int(limitRule)
    .min(0, limitRule)
    .max(250, limitRule)
    .default(100)
    .describe('Page size, 0 to 250. 0 answers no records, only meta (total, hasMore): a count. Empty means the default, 100'),
};

export const timestampQuery = {
  updated_at_gte: instantFilter('Only records updated at or after this time'),
  updated_at_lte: instantFilter('Only records updated at or before this time'),
  last_seen_gte: instantFilter('Only records last seen in the PMS at or after this time'),
  last_seen_lte: instantFilter('Only records last seen in the PMS at or before this time'),
};

/** A filter's query parameter: a description (any non-empty text), or its own optional Zod schema. */
export type FilterParam = string | z.ZodOptional;

/** The query schema of a list endpoint: common parameters plus its filters, unknown keys refused. */
/**
 * The order-by parameter of a model's endpoints. Validation stays with parseOrderBy (its messages
 * name the sortable fields); the pattern tells the document, and clients generated from it, which
 * values are valid.
 */
export function orderByParam(model: ModelName) {
  return orderByOf(sortableFields(model));
}

/** The order-by parameter over these sortable fields (endpoints outside the record models). */
export function orderByOf(fields: readonly string[]) {
  const field = `(${fields.join('|')})`;
  return paginationQuery['order-by'].meta({
    pattern: `^${field}(:(asc|desc))?(,${field}(:(asc|desc))?)*$`,
    examples: ['created_at:desc', 'updated_at:asc,x_id:desc'],
  });
}

export function listQuerySchema<K extends string>(filters: Record<K, FilterParam>, model?: ModelName) {
  const shape: Record<string, z.ZodOptional<z.ZodString>> = {};
  for (const [name, param] of Object.entries<FilterParam>(filters)) {
    // Typed as text for the handler; sendList reads filter values generically either way.
    shape[name] = typeof param === 'string' ? optionalText(param) : (param as unknown as z.ZodOptional<z.ZodString>);
  }
  return z
    .object({ ...paginationQuery, ...(model ? { 'order-by': orderByParam(model) } : {}), ...timestampQuery, ...(shape as Record<K, z.ZodOptional<z.ZodString>>) })
    .strict();
}

/** The query schema of a get-by-id endpoint: Propexo accepts (and ignores) the paging parameters there. */
export const byIdQuerySchema = z.object({ ...paginationQuery, ...timestampQuery }).strict();

/** byIdQuerySchema with the model's order-by pattern in the document. */
export function byIdQuery(model: ModelName) {
  return z.object({ ...paginationQuery, 'order-by': orderByParam(model), ...timestampQuery }).strict();
}

export const responseMetaSchema = z.object({
  offset: z.number().int().min(0),
  limit: z.number().int().min(0).max(250),
  orderBy: z.array(z.object({ field: z.string(), direction: z.enum(['asc', 'desc']) })),
  hasMore: z.boolean().nullable(),
  total: z.number().int().min(0),
});

export function listResponseSchema<T extends z.ZodType>(record: T) {
  return z.object({ meta: responseMetaSchema, results: z.array(record) });
}

export function oneResponseSchema<T extends z.ZodType>(record: T) {
  return z.object({ meta: responseMetaSchema, results: record });
}

/** Propexo's phone filter: 10 digits, as the store keeps phone numbers. */
export const phoneFilter = z
  .string()
  .regex(/^[2-9]\d{9}$/, 'must be a 10-digit phone number without +1, spaces or dashes, e.g. 3035550123')
  .optional()
  .describe('Phone number, 10 digits (e.g. 3035550123)');

/** A text filter Propexo still accepts but marks deprecated. */
export const deprecatedText = (description: string) => z.string().min(1).optional().meta({ description, deprecated: true });

/** A list endpoint's filter: its query parameter and where it looks in the store. */
export interface FilterDef {
  param: FilterParam;
  apply: FilterSpec;
}

/** The filters most list endpoints share; a route picks the ones its published path has. */
export const sharedFilters = {
  x_id: { param: "The PMS's id of the record (needs integration_id and x_property_id)", apply: { kind: 'column', column: 'x_id' } },
  x_property_id: { param: "The PMS's id of the property (needs integration_id)", apply: { kind: 'column', column: 'x_property_id' } },
  location_id: {
    param: 'Rent Manager location id (no Leasewire connector has locations: matches nothing)',
    apply: { kind: 'none' },
  },
  property_id: { param: 'Leasewire id of the property', apply: { kind: 'column', column: 'property_id' } },
  integration_id: { param: 'Leasewire id of the integration', apply: { kind: 'column', column: 'integration_id' } },
  integration_vendor: { param: integrationVendorSchema.optional(), apply: { kind: 'column', column: 'integration_vendor' } },
} satisfies Record<string, FilterDef>;

/** x_id on lists without x_property_id (applicants, lead sources): ids are unique per integration there. */
export const unscopedXIdFilter: FilterDef = { param: "The PMS's id of the record (needs integration_id)", apply: { kind: 'column', column: 'x_id' } };

/** The contact filters of the people models (leads, applicants, residents). */
export const contactFilters = {
  email_1: { param: 'Primary email address, exactly as stored', apply: { kind: 'column', column: 'email_1' } },
  phone_1: { param: phoneFilter, apply: { kind: 'column', column: 'phone_1' } },
} satisfies Record<string, FilterDef>;

/** The query schema and the store spec of a list endpoint, from one table of filters. */
export function listFilters<K extends string>(model: ModelName, filters: Record<K, FilterDef>) {
  const params = {} as Record<K, FilterParam>;
  const spec: ListSpec = { model, filters: {} };
  for (const [name, def] of Object.entries<FilterDef>(filters)) {
    params[name as K] = def.param;
    spec.filters[name] = def.apply;
  }
  return { query: listQuerySchema(params, model), spec };
}

type ListQueryValues = {
  'order-by'?: string | undefined;
  offset: number;
  limit: number;
  updated_at_gte?: string | undefined;
  updated_at_lte?: string | undefined;
  last_seen_gte?: string | undefined;
  last_seen_lte?: string | undefined;
} & Record<string, unknown>;

const coreSortable = ['id', 'created_at', 'updated_at', 'last_seen', 'x_id', 'x_property_id', 'property_id', 'integration_id', 'integration_vendor'];

export function sortableFields(model: ModelName): string[] {
  return [...coreSortable, ...Object.keys(models[model].columns), ...(models[model].dataSortable ?? [])];
}

export function parseOrderBy(model: ModelName, value: string | undefined, issues: Issue[]): OrderKey[] {
  if (value === undefined || value.trim() === '') return [{ field: 'created_at', direction: 'desc' }];
  const allowed = sortableFields(model);
  const keys: OrderKey[] = [];
  for (const part of value.split(',')) {
    const [field = '', direction = 'asc', extra] = part.trim().split(':');
    if (!allowed.includes(field)) {
      issues.push({
        code: 'invalid_value',
        path: ['order-by'],
        message: `"${field}" is not a sortable field here; use one of: ${allowed.join(', ')} (optionally with :asc or :desc)`,
      });
    } else if ((direction !== 'asc' && direction !== 'desc') || extra !== undefined) {
      issues.push({ code: 'invalid_value', path: ['order-by'], message: `"${part}" must look like field:asc or field:desc` });
    } else if (!keys.some((k) => k.field === field)) {
      keys.push({ field, direction });
    }
  }
  return keys;
}

function ranges(query: ListQueryValues, issues: Issue[]): RecordListQuery['ranges'] {
  const out: RecordListQuery['ranges'] = [];
  const specs = [
    ['updated_at_gte', 'updated_at', '>='],
    ['updated_at_lte', 'updated_at', '<='],
    ['last_seen_gte', 'last_seen', '>='],
    ['last_seen_lte', 'last_seen', '<='],
  ] as const;
  for (const [param, column, op] of specs) {
    const raw = query[param];
    if (raw === undefined) continue;
    const value = parseIsoInstant(raw);
    if (value === null) {
      issues.push({
        code: 'invalid_format',
        path: [param],
        message: `"${raw}" is not an ISO 8601 date (2024-01-15) or date-time with an offset (2024-01-15T09:30:00-07:00 or …Z)`,
      });
    } else out.push({ column, op, value });
  }
  return out;
}

/** Builds the store query from validated query parameters, enforcing the rules Zod cannot express. */
export function buildListQuery(spec: ListSpec, accountId: string, query: ListQueryValues): RecordListQuery | 'empty' {
  const issues: Issue[] = [];
  const given = Object.keys(spec.filters).filter((k) => query[k] !== undefined);
  const xParams = given.filter((k) => k.startsWith('x_'));
  if (xParams.length > 0) {
    // PMS ids are often per-customer auto-increments; alone they are ambiguous (Propexo's rule).
    const required = ['integration_id', ...('x_property_id' in spec.filters ? ['x_property_id'] : [])];
    for (const r of required) {
      if (query[r] === undefined) {
        issues.push({
          code: 'custom',
          path: [r],
          message: `filtering by ${xParams.join(', ')} needs ${required.join(' and ')} too: PMS ids are only unique within one integration and property`,
        });
      }
    }
  }
  const orderBy = parseOrderBy(spec.model, query['order-by'], issues);
  const rangeFilters = ranges(query, issues);
  if (issues.length) throw invalidRequest(`Invalid query string: ${issues[0]?.path.join('.')}: ${issues[0]?.message}`, issues);

  const q: RecordListQuery = {
    accountId,
    equals: [...(spec.fixed ?? [])],
    links: [],
    ranges: rangeFilters,
    orderBy,
    offset: query.offset,
    limit: query.limit,
  };
  for (const name of given) {
    const f = spec.filters[name];
    const raw = query[name];
    const value = String(raw);
    if (!f || f.kind === 'none') return 'empty';
    if (f.kind === 'column') q.equals.push({ column: f.column, value });
    else {
      // A repeated link filter (?models=a&models=b) or a comma list (?models=a,b) matches records
      // linked to any of the values (ids and model names hold no commas).
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      const targets = [...new Set(values.flatMap((v) => (v.includes(',') ? v.split(',').map((x) => x.trim()).filter(Boolean) : [v])))];
      // Only commas (",") name no record: nothing matches, as for any unknown id.
      if (targets.length === 0) return 'empty';
      q.links.push({ rel: f.rel, target: targets.length === 1 ? (targets[0] as string) : targets });
    }
  }
  return q;
}

/**
 * The envelope's meta as JSON text, keys in the published order. Built as text: JSON.stringify of
 * the object was 3.5% of a by-id request's CPU. Fields are sortable field names (checked by
 * parseOrderBy), quoted with JSON.stringify all the same.
 */
export function metaJson(offset: number, limit: number, orderBy: readonly OrderKey[], hasMore: boolean, total: number): string {
  let order = '';
  for (const key of orderBy) order += `${order && ','}{"field":${JSON.stringify(key.field)},"direction":"${key.direction}"}`;
  return `{"offset":${offset},"limit":${limit},"orderBy":[${order}],"hasMore":${hasMore},"total":${total}}`;
}

export async function sendList(
  store: Store,
  spec: ListSpec,
  request: FastifyRequest,
  reply: FastifyReply,
  query: ListQueryValues,
): Promise<void> {
  const built = buildListQuery(spec, accountOf(request), query);
  if (built === 'empty') {
    const orderBy = parseOrderBy(spec.model, query['order-by'], []);
    reply.type('application/json; charset=utf-8').send(`{"meta":${metaJson(query.offset, query.limit, orderBy, false, 0)},"results":[]}`);
    return;
  }
  const { rows, total } = await listRecords(store, spec.model, built);
  const hasMore = built.offset + rows.length < total;
  const body = `{"meta":${metaJson(built.offset, built.limit, built.orderBy, hasMore, total)},"results":[${rows.map(recordJson).join(',')}]}`;
  reply.type('application/json; charset=utf-8').send(body);
}

/**
 * Answers one record by id. Synchronous when the read answers synchronously (an in-memory SQLite
 * store); otherwise the read shares a statement with the others of its turn (pointReads.ts).
 */
export function sendOne(
  store: Store,
  model: ModelName,
  what: string,
  id: string,
  request: FastifyRequest,
  reply: FastifyReply,
  query: ListQueryValues,
): void | Promise<void> {
  // Propexo takes the list parameters here and ignores them, but a malformed one is refused as
  // on the list: a client's typo should not pass silently on one endpoint and fail on the other.
  const issues: Issue[] = [];
  const orderBy = parseOrderBy(model, query['order-by'], issues);
  ranges(query, issues);
  if (issues.length) throw invalidRequest(`Invalid query string: ${issues[0]?.path.join('.')}: ${issues[0]?.message}`, issues);
  const answer = (row: RecordRow | undefined): void => {
    if (!row) throw notFound(what, id);
    reply
      .type('application/json; charset=utf-8')
      .send(`{"meta":${metaJson(query.offset, query.limit, orderBy, false, 1)},"results":${recordJson(row)}}`);
  };
  const found = getRecord(store, model, accountOf(request), id);
  if (found instanceof Promise) return found.then(answer);
  answer(found);
}
