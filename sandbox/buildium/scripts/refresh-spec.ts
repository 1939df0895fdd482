import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Derives sandbox/buildium/spec/buildium-openapi.subset.json from Buildium's published OpenAPI 3.0
 * document: only the operations Leasewire and the sandbox use (and the by-id reads a user tries
 * next), with their parameters, request and response schemas, the components they reference
 * (transitively) and nothing else — no prose, examples or vendor extensions. Tests read only the
 * subset, so they run on a machine that has just the clone.
 *
 *   npm run buildium:refresh [-- path/to/buildium-openapi.json]
 * (default: ../shared/reference/buildium-openapi.json beside the repository, or BUILDIUM_OPENAPI)
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const source = process.argv[2] ?? process.env.BUILDIUM_OPENAPI ?? path.resolve(repoRoot, '../shared/reference/buildium-openapi.json');
const target = path.resolve(here, '../spec/buildium-openapi.subset.json');

/** [method, path] of every operation kept. */
const OPERATIONS: ReadonlyArray<readonly [string, string]> = [
  ['get', '/v1/rentals'],
  ['get', '/v1/rentals/{propertyId}'],
  ['get', '/v1/rentals/units'],
  ['get', '/v1/rentals/units/{unitId}'],
  ['get', '/v1/users'],
  ['get', '/v1/users/{userId}'],
  ['get', '/v1/applicants'],
  ['get', '/v1/applicants/{applicantId}'],
  ['get', '/v1/applicants/{applicantId}/applications'],
  ['get', '/v1/applicants/{applicantId}/notes'],
  ['post', '/v1/applicants/{applicantId}/notes'],
  ['get', '/v1/applicants/{applicantId}/notes/{noteId}'],
  ['get', '/v1/leases'],
  ['get', '/v1/leases/{leaseId}'],
  ['get', '/v1/leases/tenants'],
  ['get', '/v1/leases/tenants/{tenantId}'],
  ['get', '/v1/leases/tenants/{tenantId}/notes'],
  ['post', '/v1/leases/tenants/{tenantId}/notes'],
  ['get', '/v1/leases/tenants/{tenantId}/notes/{noteId}'],
  ['get', '/v1/communications/phonelogs'],
  ['get', '/v1/communications/phonelogs/{phoneLogId}'],
];

/** Schema keywords kept; everything else (description, example, x-…) is prose or tooling. */
const SCHEMA_KEYS = new Set([
  'type', 'format', 'nullable', 'enum', 'items', 'properties', 'required', 'additionalProperties', 'allOf', 'oneOf', 'anyOf',
  '$ref', 'minLength', 'maxLength', 'minimum', 'maximum', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'default',
]);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function cleanSchema(schema: Json, refs: Set<string>): Json {
  if (!isObj(schema)) return schema;
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (!SCHEMA_KEYS.has(k)) continue;
    if (k === '$ref' && typeof v === 'string') {
      refs.add(v.replace('#/components/schemas/', ''));
      out[k] = v;
    } else if (k === 'properties' && isObj(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, cleanSchema(s, refs)]));
    } else if (Array.isArray(v) && (k === 'allOf' || k === 'oneOf' || k === 'anyOf')) {
      out[k] = v.map((s) => cleanSchema(s, refs));
    } else if ((k === 'items' || k === 'additionalProperties') && isObj(v)) {
      out[k] = cleanSchema(v, refs);
    } else {
      out[k] = v;
    }
  }
  return out;
}

function main(): void {
  if (!fs.existsSync(source)) {
    console.error(`Buildium's OpenAPI document is not at ${source}: pass its path as the first argument or set BUILDIUM_OPENAPI.`);
    process.exit(1);
  }
  const spec = JSON.parse(fs.readFileSync(source, 'utf8')) as Obj;
  const paths = spec.paths as Obj;
  const components = (spec.components as Obj).schemas as Obj;
  const refs = new Set<string>();
  const outPaths: Obj = {};
  for (const [method, p] of OPERATIONS) {
    const op = (paths[p] as Obj | undefined)?.[method];
    if (!isObj(op)) throw new Error(`${method.toUpperCase()} ${p} is not in Buildium's document any more`);
    const parameters = ((op.parameters ?? []) as Obj[]).map((prm) => ({
      name: prm.name as string,
      in: prm.in as string,
      ...(prm.required ? { required: true } : {}),
      schema: cleanSchema(prm.schema ?? {}, refs),
    }));
    const body = isObj(op.requestBody) ? ((op.requestBody.content as Obj)['application/json'] as Obj | undefined) : undefined;
    const responses: Obj = {};
    for (const [status, r] of Object.entries(op.responses as Obj)) {
      if (!isObj(r)) continue;
      const content = isObj(r.content) ? (r.content['application/json'] as Obj | undefined) : undefined;
      responses[status] = {
        ...(isObj(r.headers) ? { headers: Object.keys(r.headers) } : {}),
        ...(content ? { schema: cleanSchema(content.schema ?? {}, refs) } : {}),
      };
    }
    (outPaths[p] ??= {} as Obj);
    (outPaths[p] as Obj)[method] = {
      operationId: op.operationId as string,
      parameters,
      ...(body ? { requestBody: { required: Boolean((op.requestBody as Obj).required), schema: cleanSchema(body.schema ?? {}, refs) } } : {}),
      responses,
    };
  }
  // Close over references: a kept schema's $refs are kept too.
  const schemas: Obj = {};
  const queue = [...refs];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (name in schemas) continue;
    const s = components[name];
    if (s === undefined) throw new Error(`component ${name} is referenced but not defined`);
    const more = new Set<string>();
    schemas[name] = cleanSchema(s, more);
    for (const m of more) if (!(m in schemas)) queue.push(m);
  }
  const info = spec.info as Obj;
  const sorted = Object.fromEntries(Object.keys(schemas).sort().map((k) => [k, schemas[k] as Json]));
  const fixture = {
    '//': 'Derived from Buildium\'s published OpenAPI by sandbox/buildium/scripts/refresh-spec.ts (npm run buildium:refresh). Do not edit by hand.',
    openapi: spec.openapi as string,
    info: { title: info.title as string, version: info.version as string },
    paths: outPaths,
    components: { schemas: sorted },
  };
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${JSON.stringify(fixture, null, 1)}\n`);
  console.log(`wrote ${path.relative(repoRoot, target)}: ${OPERATIONS.length} operations, ${Object.keys(sorted).length} schemas`);
}

main();
