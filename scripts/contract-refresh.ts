/**
 * npm run contract:refresh — regenerates test/contract/fixtures/propexo-openapi.json from Propexo's
 * published OpenAPI document, which lives beside the clone (../shared/reference/propexo-openapi.yml)
 * or wherever PROPEXO_OPENAPI points. The tests read only the committed fixture; run this when the
 * published document changes or when Leasewire serves a new Propexo operation (add it to KEPT).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { pruneSpec, type OpenApiDocument } from '../test/contract/pruneSpec.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = process.env.PROPEXO_OPENAPI ?? path.resolve(repoRoot, '../shared/reference/propexo-openapi.yml');
const target = path.join(repoRoot, 'test/contract/fixtures/propexo-openapi.json');

/** The Propexo operations Leasewire serves, as Propexo spells their paths. */
export const KEPT = [
  'GET /v1/admin/integrations/',
  'POST /v1/admin/integrations/',
  'GET /v1/admin/integrations/{integration_id}/',
  'PUT /v1/admin/integrations/{integration_id}/',
  'DELETE /v1/admin/integrations/{integration_id}/',
  'POST /v1/admin/integrations/{integration_id}/back-sync',
  'POST /v1/admin/integrations/{integration_id}/manual-sync',
  'GET /v1/admin/logs/writes/',
  'POST /v1/admin/retry-write/{root_job_id}',
  'GET /v1/admin/write-status/{root_job_id}',
  'GET /v1/applicants/',
  'GET /v1/applicants/{id}',
  'GET /v1/employees/',
  'GET /v1/employees/{employee_id}',
  'GET /v1/event-results/',
  'GET /v1/event-results/{event_result_id}',
  'GET /v1/event-sub-types/',
  'GET /v1/event-sub-types/{event_sub_type_id}',
  'GET /v1/event-types/',
  'GET /v1/event-types/{event_type_id}',
  'GET /v1/events/',
  'GET /v1/events/{event_id}',
  'POST /v1/events/applicants',
  'POST /v1/events/leads',
  'POST /v1/events/residents',
  'GET /v1/lead-sources/',
  'GET /v1/lead-sources/{lead_source_id}',
  'GET /v1/leads/',
  'GET /v1/leads/{id}',
  'GET /v1/properties/',
  'GET /v1/properties/{id}',
  'GET /v1/residents/',
  'GET /v1/residents/{id}',
  'GET /v1/units/',
  'GET /v1/units/{id}',
  'GET /v1/webhooks/',
  'POST /v1/webhooks/',
  'GET /v1/webhooks/{webhook_id}',
  'PUT /v1/webhooks/{webhook_id}',
  'DELETE /v1/webhooks/{webhook_id}',
  'POST /v1/appointment-availability/',
  'GET /v1/appointments/',
  'POST /v1/events/appointments/leads',
  'POST /v1/events/appointments/applicants',
  'POST /v1/events/appointments/leads/cancel',
  'POST /v1/events/appointments/applicants/cancel',
  'PUT /v1/events/leads/{event_id}',
  'PUT /v1/events/applicants/{event_id}',
  'PUT /v1/events/residents/{event_id}',
] as const;

function main(): void {
  if (!fs.existsSync(source)) {
    console.error(
      `contract:refresh: Propexo's OpenAPI document is not at ${source}.\n` +
        'Nothing was changed: the tests keep using the committed fixture. To refresh it, put the published ' +
        'document at ../shared/reference/propexo-openapi.yml beside the clone, or set PROPEXO_OPENAPI to its path.',
    );
    process.exit(1);
  }
  const doc = YAML.parse(fs.readFileSync(source, 'utf8'), { maxAliasCount: -1 }) as OpenApiDocument;
  const fixture = pruneSpec(doc, KEPT);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${JSON.stringify(fixture, null, 1)}\n`);
  const kb = (fs.statSync(target).size / 1024).toFixed(0);
  console.log(`contract:refresh: wrote ${path.relative(repoRoot, target)} (${KEPT.length} operations, ${Object.keys((fixture.components.schemas ?? {}) as object).length} schemas, ${kb} KB)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
