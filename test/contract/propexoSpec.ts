import fs from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Propexo's published OpenAPI 3.1 spec, the compatibility contract, as the tests see it: the
 * fixture committed beside this file (fixtures/propexo-openapi.json), derived from the published
 * document by `npm run contract:refresh` (operations Leasewire serves, their schemas, no prose).
 * Nothing here reads outside the repository.
 */
export const fixtureUrl = new URL('./fixtures/propexo-openapi.json', import.meta.url);

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: unknown;
}
export interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
export interface PropexoSpec {
  openapi: string;
  /** Every path Propexo publishes (the fixture keeps only the operations Leasewire serves). */
  'x-published-paths': string[];
  paths: Record<string, Partial<Record<HttpMethod, Operation>>>;
  components: { schemas: Record<string, unknown> };
}

let cached: PropexoSpec | undefined;
export function loadSpec(): PropexoSpec {
  cached ??= JSON.parse(fs.readFileSync(fixtureUrl, 'utf8')) as PropexoSpec;
  return cached;
}

/** The published operation, or an error naming what is missing (refresh the fixture?). */
export function operation(spec: PropexoSpec, method: HttpMethod, p: string): Operation {
  const op = spec.paths[p]?.[method];
  if (!op) throw new Error(`the Propexo fixture has no ${method.toUpperCase()} ${p}; add it to KEPT in scripts/contract-refresh.ts and run npm run contract:refresh`);
  return op;
}

/** Names of the published query parameters of GET path, in order. */
export function queryParams(spec: PropexoSpec, p: string): string[] {
  return (spec.paths[p]?.get?.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name);
}

/** Validators for the spec's schemas, $refs resolved against the whole document. */
export class SpecValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly spec: PropexoSpec) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(this.ajv);
    this.ajv.addSchema({ $id: 'propexo', components: spec.components });
  }

  /** The validator of a component, e.g. "errorResponse". */
  component(name: string): ValidateFunction {
    return this.ref(`propexo#/components/schemas/${name}`);
  }

  /** The validator of path's response for this status (GET unless method says otherwise). */
  response(p: string, status: string, method: HttpMethod = 'get'): ValidateFunction {
    const schema = operation(this.spec, method, p).responses[status]?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`the spec has no ${status} JSON response schema for ${method.toUpperCase()} ${p}`);
    return this.schema(`${method} ${p} ${status}`, schema);
  }

  /** The validator of path's JSON request body. */
  requestBody(p: string, method: HttpMethod): ValidateFunction {
    const schema = operation(this.spec, method, p).requestBody?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`the spec has no JSON request body for ${method.toUpperCase()} ${p}`);
    return this.schema(`${method} ${p} body`, schema);
  }

  private schema(key: string, schema: Record<string, unknown>): ValidateFunction {
    if (typeof schema.$ref === 'string') return this.ref(`propexo${schema.$ref}`);
    const known = this.compiled.get(key);
    if (known) return known;
    const v = this.ajv.compile(rebase(schema) as object);
    this.compiled.set(key, v);
    return v;
  }

  private ref(ref: string): ValidateFunction {
    const known = this.compiled.get(ref);
    if (known) return known;
    const v = this.ajv.compile({ $ref: ref });
    this.compiled.set(ref, v);
    return v;
  }
}

/** An inline schema's local $refs, pointed at the document registered as "propexo". */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `propexo${v}` : rebase(v)]));
}

/**
 * Propexo types some fields `["string", "null"]` with an enum that does not list null (applicants'
 * and residents' phone_1_type/phone_2_type, properties' manager phone types, integrations'
 * sync_cadence). Read literally, JSON Schema then refuses null, yet the type says the field is
 * nullable, and null is the truthful answer when the PMS gives no phone type. Leasewire answers
 * null there; validators built from withNullableEnums(spec) take it, and readEndpoints' contract
 * test shows the literal reading refuses it, so the difference stays visible.
 */
export function nullableEnumFields(spec: PropexoSpec): string[] {
  const found: string[] = [];
  visitNullableEnums(spec.components, '#/components', (_node, pointer) => found.push(pointer));
  return found;
}

/** A copy of spec where each `["…", "null"]`-typed enum also lists null (see nullableEnumFields). */
export function withNullableEnums(spec: PropexoSpec): PropexoSpec {
  const copy = structuredClone(spec);
  visitNullableEnums(copy.components, '#/components', (node) => node.enum.push(null));
  return copy;
}

function visitNullableEnums(node: unknown, pointer: string, visit: (node: { enum: unknown[] }, pointer: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((v, i) => visitNullableEnums(v, `${pointer}/${i}`, visit));
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as { type?: unknown; enum?: unknown };
  if (Array.isArray(o.type) && o.type.includes('null') && Array.isArray(o.enum) && !o.enum.includes(null)) visit(o as { enum: unknown[] }, pointer);
  for (const [k, v] of Object.entries(node)) visitNullableEnums(v, `${pointer}/${k}`, visit);
}
