import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { errorDescriptions, errorStatuses, type ErrorStatusConfig } from '../documentedStatuses.ts';
import { operationExamples } from '../openapiExamples.ts';

/** Tags in the order a user reads them: what is served first, then how to write, then operations. */
export const tagOrder = [
  { name: 'Events', description: 'Leasing activity (calls, emails, tours, appointments, notes) on leads, applicants and residents: read it, and record new events (the write flow below).' },
  { name: 'Event types', description: 'The kinds of events each property records; an event write names one by event_type_id.' },
  { name: 'Event sub types', description: 'Sub types of an event type (e.g. the kind of appointment).' },
  { name: 'Event results', description: 'Outcomes an event can record.' },
  { name: 'Appointments', description: 'Tours and other appointments: real-time availability from the PMS, booking, rescheduling and cancelling (durable write jobs, like events), and the appointments Leasewire holds.' },
  { name: 'Leads', description: 'Prospects.' },
  { name: 'Applicants', description: 'People who applied.' },
  { name: 'Residents', description: 'People on a lease.' },
  { name: 'Properties', description: 'Properties of the integration.' },
  { name: 'Units', description: 'Units of the properties.' },
  { name: 'Employees', description: 'Leasing agents and other staff.' },
  { name: 'Lead sources', description: 'Where leads come from.' },
  { name: 'Admin', description: 'Write status and retries, write logs, syncs.' },
  { name: 'Integrations', description: 'Connections to a PMS (credentials, sync cadence).' },
  { name: 'Webhooks', description: 'Subscriptions to data changes and write outcomes, signed with propexo-signature.' },
];

const description = `A self-hosted, Propexo-compatible unified API for property-management systems. Reads come from
Leasewire's store, synced from the PMS; writes are durable asynchronous jobs. Authenticate with
\`Authorization: Bearer <key>\` (create one with \`leasewire keys create\`).

**Writing an event** takes three steps:

1. \`POST /v1/events/leads\` (or \`/applicants\`, \`/residents\`, or the PMS's own path such as
   \`/v1/events/leads/entrata/\`). Leasewire checks the body against the PMS's rules and the synced data
   (the lead exists, the event type is writable, …) and answers at once with a \`job_id\`; a \`400\`
   means nothing was queued. Send an \`Idempotency-Key\` header to make the POST safe to repeat.
2. Poll \`GET /v1/admin/write-status/{job_id}\` until \`write_status\` is \`SUCCESS\` or \`FAILURE\`
   (or subscribe a webhook to \`WRITE_OPERATION_FAILURE\`). A worker calls the PMS, retrying
   transient failures with backoff, and never posts the same event twice.
3. On \`SUCCESS\`, \`created_record_id\` is the new event's id: it is served by
   \`GET /v1/events/{event_id}\` within about a second. A \`FAILURE\` can be retried with
   \`POST /v1/admin/retry-write/{job_id}\`.

Errors are \`{"error": {"code", "message", "details"}}\` with a message saying how to fix the request.`;

/** Propexo's error shape, one component every error answer refers to. */
const errorResponseSchema: OpenAPIV3_1.SchemaObject = {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: {
          code: { type: 'string', examples: ['invalid_request'] },
          message: { type: 'string', examples: ['Invalid query string: limit: must be a whole number from 0 to 250: the page size'] },
          details: { type: 'object', additionalProperties: true, examples: [{ issues: [{ code: 'too_big', path: ['limit'], message: 'must be a whole number from 0 to 250' }] }] },
        },
        required: ['code', 'message', 'details'],
      },
    },
    required: ['error'],
};

function errorResponse(status: number) {
  return { description: errorDescriptions[status] ?? 'error', $ref: '#/components/schemas/ErrorResponse' };
}

/** Components nothing in the paths reaches (the input twins of response-only schemas) are dropped. */
function pruneComponents<T extends { paths?: unknown; components?: { schemas?: Record<string, unknown> } }>(doc: T): T {
  const schemas = doc.components?.schemas;
  if (!schemas) return doc;
  const reached = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
          const name = v.slice('#/components/schemas/'.length);
          if (!reached.has(name)) {
            reached.add(name);
            visit(schemas[name]);
          }
        } else visit(v);
      }
    }
  };
  visit(doc.paths);
  return { ...doc, components: { ...doc.components, schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => reached.has(name))) } };
}

const icon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="2" y="2" width="28" height="28" rx="6" fill="#0f766e"/><path d="M10 9v14h12" stroke="#fff" stroke-width="3.5" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
const logo = `<svg xmlns="http://www.w3.org/2000/svg" width="220" height="40" viewBox="0 0 220 40"><rect x="2" y="6" width="28" height="28" rx="6" fill="#0f766e"/><path d="M10 13v14h12" stroke="#fff" stroke-width="3.5" fill="none" stroke-linecap="round" stroke-linejoin="round"/><text x="40" y="28" font-family="system-ui, sans-serif" font-size="22" font-weight="600" fill="#fff">Leasewire API</text></svg>`;

/** /openapi.json is generated from the same Zod schemas that validate requests; /docs renders it. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Leasewire API', version: '0.1.0', description },
      tags: tagOrder,
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } }, schemas: { ErrorResponse: errorResponseSchema } },
      security: [{ bearerAuth: [] }],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const schema = out.schema as FastifySchema & { security?: unknown[]; hide?: boolean; response?: Record<string, unknown> };
      if (schema.hide) return out;
      const methods = Array.isArray(input.route.method) ? input.route.method : [input.route.method];
      const statuses = errorStatuses({
        method: String(methods[0]).toUpperCase(),
        url: input.url,
        secured: Array.isArray(schema.security) && schema.security.length > 0,
        extra: (input.route.config as ErrorStatusConfig | undefined)?.errors ?? [],
      });
      const response = { ...(schema.response ?? {}) };
      for (const status of statuses) response[String(status)] ??= errorResponse(status);
      const examples = operationExamples[`${String(methods[0]).toUpperCase()} ${input.url}`];
      const ok = response['200'] as Record<string, unknown> | undefined;
      if (examples?.response && ok) response['200'] = { ...ok, examples: [examples.response] };
      const body = schema.body as Record<string, unknown> | undefined;
      return { ...out, schema: { ...schema, response, ...(examples?.body && body ? { body: { ...body, examples: [examples.body] } } : {}) } };
    },
    transformObject: (documentObject) => pruneComponents(jsonSchemaTransformObject(documentObject) as { paths?: unknown; components?: { schemas?: Record<string, unknown> } }) as ReturnType<typeof jsonSchemaTransformObject>,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Every asset (Swagger UI's bundle, CSS, this logo) is served by Leasewire itself: no CDN.
    logo: { type: 'image/svg+xml', content: Buffer.from(logo), href: '/docs', target: '_self' },
    theme: {
      title: 'Leasewire API reference',
      // The top bar's "Explore" box loads other documents: this page documents this server only.
      favicon: [{ filename: 'favicon.svg', rel: 'icon', sizes: 'any', type: 'image/svg+xml', content: Buffer.from(icon) }],
      css: [{ filename: 'leasewire.css', content: '.swagger-ui .topbar { background: #134e4a; } .swagger-ui .topbar .download-url-wrapper { display: none; }' }],
    },
    uiConfig: { docExpansion: 'list', deepLinking: true, tagsSorter: undefined, operationsSorter: undefined },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => reply.send(app.swagger()));
}
