import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Validators for Buildium's published schemas, read from the subset kept in the repository
 * (spec/buildium-openapi.subset.json, made by `npm run buildium:refresh`). OpenAPI 3.0's
 * `nullable: true` is not JSON Schema: it is rewritten to a union with null before compiling.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface SpecParameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: Obj;
}
export interface SpecOperation {
  operationId: string;
  parameters: SpecParameter[];
  requestBody?: { required: boolean; schema: Obj };
  responses: Record<string, { headers?: string[]; schema?: Obj }>;
}
export interface BuildiumSpec {
  openapi: string;
  paths: Record<string, Record<string, SpecOperation>>;
  components: { schemas: Record<string, Obj> };
}

const specFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'buildium-openapi.subset.json');
let cached: BuildiumSpec | undefined;
export function loadBuildiumSpec(): BuildiumSpec {
  cached ??= JSON.parse(fs.readFileSync(specFile, 'utf8')) as BuildiumSpec;
  return cached;
}

/** OpenAPI 3.0 → JSON Schema: `nullable` becomes a null alternative, refs point at our $id. */
export function toJsonSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!isObj(schema)) return schema;
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'nullable') continue;
    if (k === '$ref' && typeof v === 'string') out[k] = `buildium${v}`;
    else if (k === 'properties' && isObj(v)) out[k] = Object.fromEntries(Object.entries(v).map(([n, s]) => [n, toJsonSchema(s)]));
    else out[k] = toJsonSchema(v);
  }
  if (schema.nullable !== true) return out;
  if (typeof out.type === 'string' && !out.allOf && !out.oneOf && !out.anyOf) {
    const nullable: Obj = { ...out, type: [out.type, 'null'] };
    if (Array.isArray(out.enum)) nullable.enum = [...out.enum, null];
    return nullable;
  }
  return { anyOf: [out, { type: 'null' }] };
}

export class BuildiumSpecValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly spec: BuildiumSpec = loadBuildiumSpec()) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(this.ajv);
    const schemas = Object.fromEntries(Object.entries(spec.components.schemas).map(([k, v]) => [k, toJsonSchema(v)]));
    this.ajv.addSchema({ $id: 'buildium', components: { schemas } });
  }

  operation(method: string, p: string): SpecOperation {
    const op = this.spec.paths[p]?.[method.toLowerCase()];
    if (!op) throw new Error(`the Buildium spec subset has no ${method.toUpperCase()} ${p}`);
    return op;
  }

  private compile(key: string, schema: Obj): ValidateFunction {
    let v = this.compiled.get(key);
    if (!v) {
      v = this.ajv.compile(toJsonSchema(schema) as Obj);
      this.compiled.set(key, v);
    }
    return v;
  }

  /** Problems of a response body against the spec's schema for that status (empty: valid). */
  response(method: string, p: string, status: number, body: unknown): string[] {
    const r = this.operation(method, p).responses[String(status)];
    if (!r) return [`${method.toUpperCase()} ${p} does not declare a ${status} response`];
    if (!r.schema) return body === undefined || body === '' ? [] : [`${method.toUpperCase()} ${p} ${status} declares no body`];
    return problems(this.compile(`res ${method} ${p} ${status}`, r.schema), body);
  }

  /** Problems of a body against a named component, e.g. ApiErrorResponse for the 429/5xx the spec leaves undeclared. */
  component(name: string, body: unknown): string[] {
    if (!this.spec.components.schemas[name]) return [`the spec subset has no component ${name}`];
    return problems(this.compile(`component ${name}`, { $ref: `#/components/schemas/${name}` }), body);
  }

  /** Problems of a request body against the spec's request schema. */
  requestBody(method: string, p: string, body: unknown): string[] {
    const rb = this.operation(method, p).requestBody;
    if (!rb) return body === undefined ? [] : [`${method.toUpperCase()} ${p} takes no body`];
    return problems(this.compile(`req ${method} ${p}`, rb.schema), body);
  }

  /** Problems of a query string against the declared query parameters (unknown names, bad values). */
  query(method: string, p: string, query: URLSearchParams): string[] {
    const params = this.operation(method, p).parameters.filter((x) => x.in === 'query');
    const out: string[] = [];
    for (const [name, value] of query) {
      const prm = params.find((x) => x.name === name);
      if (!prm) {
        out.push(`query parameter ${name} is not declared`);
        continue;
      }
      const itemSchema = prm.schema.type === 'array' && isObj(prm.schema.items) ? prm.schema.items : prm.schema;
      const coerced = itemSchema.type === 'integer' ? (/^-?\d+$/.test(value) ? Number(value) : value) : value;
      out.push(...problems(this.compile(`q ${method} ${p} ${name}`, itemSchema), coerced).map((m) => `${name}: ${m}`));
    }
    return out;
  }
}

function problems(v: ValidateFunction, data: unknown): string[] {
  if (v(data)) return [];
  return (v.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '(root)'} ${e.message ?? 'invalid'}`);
}
