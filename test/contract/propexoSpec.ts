import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

/**
 * Propexo's published OpenAPI 3.1 spec, the compatibility contract. It lives beside the repository
 * (../shared/reference/); PROPEXO_OPENAPI points elsewhere.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const specPath = process.env.PROPEXO_OPENAPI ?? path.resolve(repoRoot, '../shared/reference/propexo-openapi.yml');

interface Operation {
  parameters?: Array<{ name: string; in: string; schema?: unknown }>;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
export interface PropexoSpec {
  paths: Record<string, { get?: Operation }>;
  components: { schemas: Record<string, unknown> };
}

let cached: PropexoSpec | undefined;
export function loadSpec(): PropexoSpec {
  if (!fs.existsSync(specPath)) {
    throw new Error(`Propexo's OpenAPI spec is not at ${specPath}; set PROPEXO_OPENAPI to its path to run the contract tests`);
  }
  cached ??= YAML.parse(fs.readFileSync(specPath, 'utf8')) as PropexoSpec;
  return cached;
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

  /** The validator of GET path's response for this status. */
  response(p: string, status: string): ValidateFunction {
    const ref = this.spec.paths[p]?.get?.responses[status]?.content?.['application/json']?.schema?.$ref;
    if (!ref) throw new Error(`the spec has no ${status} JSON response schema for GET ${p}`);
    return this.ref(`propexo${ref}`);
  }

  private ref(ref: string): ValidateFunction {
    const known = this.compiled.get(ref);
    if (known) return known;
    const v = this.ajv.compile({ $ref: ref });
    this.compiled.set(ref, v);
    return v;
  }
}
