/**
 * Derives the contract fixture from Propexo's published OpenAPI document: only the operations
 * Leasewire serves, their parameters, request and response schemas, and the components those
 * reach. Prose (descriptions, summaries, examples) and vendor extensions (`x-*`) are dropped, so
 * the fixture holds facts a test can check and nothing more.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface OpenApiDocument extends JsonObject {
  openapi: string;
  paths: { [path: string]: JsonObject };
  components: JsonObject;
}

/** Keys that hold prose or presentation only; dropped wherever they are keywords (not names). */
const PROSE = new Set(['description', 'summary', 'example', 'examples', 'externalDocs', 'tags']);

/** Keys whose value maps arbitrary names (property names, status codes, media types) to nodes. */
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'schemas', 'parameters', 'responses', 'content', 'headers', 'requestBodies', 'securitySchemes', 'dependentSchemas']);

/** Keys whose value is data (a default, an allowed value), copied as it is. */
const VALUES = new Set(['default', 'const', 'enum']);

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of node without prose keywords and x-* extensions; the names inside name maps are kept. */
export function stripProse(node: Json, isNameMap = false): Json {
  if (Array.isArray(node)) return node.map((v) => stripProse(v));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (!isNameMap && (PROSE.has(key) || key.startsWith('x-'))) continue;
    if (VALUES.has(key) && !isNameMap) {
      out[key] = value;
      continue;
    }
    // `parameters` is a list in an operation and a name map in components; both recurse the same.
    out[key] = stripProse(value, !isNameMap && NAME_MAPS.has(key) && isObject(value));
  }
  return out;
}

/** Every local $ref ("#/components/…") under node. */
export function localRefs(node: Json, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const v of node) localRefs(v, found);
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) found.add(value);
      else localRefs(value, found);
    }
  }
  return found;
}

const pointerPart = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

function resolve(doc: JsonObject, ref: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const part of ref.slice(2).split('/').map(pointerPart)) node = isObject(node) ? node[part] : undefined;
  return node;
}

/**
 * The fixture: `keep` lists "METHOD /path" operations (as Propexo spells the path). Components
 * are kept only when an operation reaches them, directly or through other components. Fails when
 * an operation to keep is not in the document, so a renamed path is noticed at refresh time.
 */
export function pruneSpec(doc: OpenApiDocument, keep: readonly string[]): OpenApiDocument {
  const paths: { [path: string]: JsonObject } = {};
  for (const entry of keep) {
    const [method, path] = entry.split(' ') as [string, string];
    const operation = doc.paths[path]?.[method.toLowerCase()];
    if (!isObject(operation)) throw new Error(`Propexo's document has no ${entry}; update the list of kept operations`);
    const item = (paths[path] ??= {});
    item[method.toLowerCase()] = stripProse(operation);
    const shared = doc.paths[path]?.parameters;
    if (shared !== undefined) item.parameters = stripProse(shared);
  }

  // Walk $refs to a fixed point: a component kept may reference others.
  const reached = new Set<string>();
  const pending = [...localRefs(paths)];
  while (pending.length > 0) {
    const ref = pending.pop() as string;
    if (reached.has(ref)) continue;
    reached.add(ref);
    const target = resolve(doc, ref);
    if (target === undefined) throw new Error(`Propexo's document has a dangling $ref ${ref}`);
    for (const next of localRefs(target)) if (!reached.has(next)) pending.push(next);
  }

  const components: JsonObject = {};
  const docComponents = doc.components;
  for (const [section, entries] of Object.entries(docComponents)) {
    if (!isObject(entries)) continue;
    const kept: JsonObject = {};
    for (const [name, value] of Object.entries(entries)) {
      const pointer = `#/components/${section}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (section === 'securitySchemes' || reached.has(pointer)) kept[name] = stripProse(value);
    }
    if (Object.keys(kept).length > 0) components[section] = kept;
  }

  const pathNames = Object.keys(doc.paths).sort();
  const info = isObject(doc.info) ? { title: doc.info.title ?? 'Propexo API', version: doc.info.version ?? '' } : { title: 'Propexo API', version: '' };
  return {
    openapi: doc.openapi,
    info,
    // Every path Propexo publishes, so a test can tell "not kept" from "not published".
    'x-published-paths': pathNames,
    ...(doc.security === undefined ? {} : { security: doc.security }),
    paths,
    components,
  };
}
