/**
 * A Propexo customer's day, written against a client generated from Propexo's published spec
 * (openapi-typescript types + openapi-fetch) and nothing Leasewire-specific: only the base URL
 * changes. The test generates ./generated/propexo.ts, type-checks this file against it, then runs
 * it against a live Leasewire and the Entrata sandbox. Every call throws on an unexpected answer.
 */
import createClient from 'openapi-fetch';
import type { paths } from './generated/propexo.ts';

export type PropexoClient = ReturnType<typeof createClient<paths>>;

export function propexoClient(baseUrl: string, apiKey: string): PropexoClient {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });
}

/** What the customer knows before the day starts: ids from their own records. */
export interface DayInput {
  integrationId: string;
  propertyId: string;
  leadId: string;
  applicantId: string;
  residentId: string;
  /** Event types of the property that the PMS takes writes for (a note, a call, a tour). */
  noteTypeId: string;
  callTypeId: string;
  tourTypeId: string;
  webhookUrl: string;
  /** The Entrata vendor paths are not in Propexo's OpenAPI document: called with plain fetch. */
  baseUrl: string;
  apiKey: string;
}

export interface DayReport {
  eventsSeen: number;
  pages: number;
  jobIds: string[];
  statuses: string[];
  writeLogs: number;
  syncStarted: boolean;
}

function ok<T>(what: string, res: { data?: T; error?: unknown; response: Response }): T {
  if (res.data === undefined) throw new Error(`${what}: HTTP ${res.response.status} ${JSON.stringify(res.error)}`);
  return res.data;
}

export async function customerDay(client: PropexoClient, day: DayInput): Promise<DayReport> {
  const report: DayReport = { eventsSeen: 0, pages: 0, jobIds: [], statuses: [], writeLogs: 0, syncStarted: false };

  // Morning: page through the property's events, oldest first, 25 at a time.
  let offset = 0;
  for (;;) {
    const page = ok(
      'list events',
      await client.GET('/v1/events/', { params: { query: { integration_id: day.integrationId, property_id: day.propertyId, 'order-by': 'created_at:asc,x_id:desc', limit: 25, offset } } }),
    );
    report.pages++;
    report.eventsSeen += page.results.length;
    if (!page.meta.hasMore) break;
    offset += page.results.length;
  }
  const leadEvents = ok('events of a lead', await client.GET('/v1/events/', { params: { query: { lead_id: day.leadId, limit: 5, 'order-by': 'updated_at:desc' } } }));
  const first = leadEvents.results[0];
  if (first) ok('event by id', await client.GET('/v1/events/{event_id}', { params: { path: { event_id: first.id } } }));

  // The pick lists a form needs.
  const types = ok('event types', await client.GET('/v1/event-types/', { params: { query: { property_id: day.propertyId, limit: 250 } } }));
  const note = types.results.find((t) => t.id === day.noteTypeId);
  if (!note) throw new Error(`event type ${day.noteTypeId} is not in the property's event types`);
  ok('event type by id', await client.GET('/v1/event-types/{event_type_id}', { params: { path: { event_type_id: note.id } } }));
  const subTypes = ok('event sub types', await client.GET('/v1/event-sub-types/', { params: { query: { integration_id: day.integrationId, limit: 10 } } }));
  const sub = subTypes.results[0];
  if (sub) ok('event sub type by id', await client.GET('/v1/event-sub-types/{event_sub_type_id}', { params: { path: { event_sub_type_id: sub.id } } }));
  const results = ok('event results', await client.GET('/v1/event-results/', { params: { query: { integration_id: day.integrationId, limit: 10 } } }));
  const result = results.results[0];
  if (result) ok('event result by id', await client.GET('/v1/event-results/{event_result_id}', { params: { path: { event_result_id: result.id } } }));

  // The people.
  const lead = ok('lead', await client.GET('/v1/leads/{id}', { params: { path: { id: day.leadId } } }));
  ok('leads', await client.GET('/v1/leads/', { params: { query: { property_id: day.propertyId, limit: 10 } } }));
  ok('applicant', await client.GET('/v1/applicants/{id}', { params: { path: { id: day.applicantId } } }));
  ok('applicants', await client.GET('/v1/applicants/', { params: { query: { property_id: day.propertyId, limit: 10 } } }));
  ok('resident', await client.GET('/v1/residents/{id}', { params: { path: { id: day.residentId } } }));
  ok('residents', await client.GET('/v1/residents/', { params: { query: { property_id: day.propertyId, limit: 10 } } }));

  // Record the day's contacts: generic paths (event_type is "Note" in the generated body types).
  const at = '2026-05-01T12:00:00-06:00';
  const leadWrite = ok(
    'lead note',
    await client.POST('/v1/events/leads', { body: { integration_id: day.integrationId, lead_id: lead.results.id, event_type_id: day.noteTypeId, event_datetime: at, notes: 'Asked about parking' } }),
  );
  const applicantWrite = ok(
    'applicant call',
    await client.POST('/v1/events/applicants', {
      body: {
        integration_id: day.integrationId,
        applicant_id: day.applicantId,
        event_type: 'Note',
        event_type_id: day.callTypeId,
        event_datetime: at,
        call_phone_number_from: '7205550123',
        call_phone_number_to: '3035550100',
        call_status: 'ANSWER',
        call_duration: 60,
        call_audio_link: 'https://calls.example.com/1.mp3',
      },
    }),
  );
  const residentWrite = ok(
    'resident tour',
    await client.POST('/v1/events/residents', { body: { integration_id: day.integrationId, resident_id: day.residentId, event_type: 'Note', event_type_id: day.tourTypeId, event_datetime: at } }),
  );
  for (const w of [leadWrite, applicantWrite, residentWrite]) if (w.job_id) report.jobIds.push(w.job_id);

  // …and the Entrata vendor paths, which Propexo documents outside its OpenAPI document.
  const vendor = async (path: string, body: Record<string, unknown>) => {
    const res = await fetch(`${day.baseUrl}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${day.apiKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as { meta?: { job_id?: string } };
    if (res.status !== 200 || !json.meta?.job_id) throw new Error(`POST ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
    report.jobIds.push(json.meta.job_id);
  };
  await vendor('/v1/events/leads/entrata/', { integration_id: day.integrationId, lead_id: day.leadId, event_type_id: day.noteTypeId, event_datetime: at, notes: 'Vendor path note' });
  await vendor('/v1/events/applicants/entrata/', { integration_id: day.integrationId, applicant_id: day.applicantId, event_type_id: day.noteTypeId, event_datetime: at, notes: 'Vendor path note' });
  await vendor('/v1/events/residents/entrata/', { integration_id: day.integrationId, resident_id: day.residentId, event_type_id: day.noteTypeId, event_datetime: at, notes: 'Vendor path note' });

  // Poll each write until it is no longer PENDING.
  for (const jobId of report.jobIds) {
    for (let attempt = 0; ; attempt++) {
      const status = ok('write status', await client.GET('/v1/admin/write-status/{root_job_id}', { params: { path: { root_job_id: jobId } } }));
      if (status.write_status !== 'PENDING') {
        report.statuses.push(status.write_status);
        break;
      }
      if (attempt > 300) throw new Error(`write ${jobId} still PENDING`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const logs = ok('write logs', await client.GET('/v1/admin/logs/writes/', { params: { query: { integration_id: day.integrationId, limit: 50 } } }));
  report.writeLogs = logs.results.logs.length;

  // Webhooks: subscribe, list, read, change, remove.
  const created = ok('create webhook', await client.POST('/v1/webhooks/', { body: { url: day.webhookUrl, triggers: ['DATA_NEW', 'DATA_UPDATE'], model: 'events', active: true } }));
  const hookId = created.result.id;
  ok('list webhooks', await client.GET('/v1/webhooks/', { params: { query: { limit: 10 } } }));
  ok('get webhook', await client.GET('/v1/webhooks/{webhook_id}', { params: { path: { webhook_id: hookId } } }));
  ok('update webhook', await client.PUT('/v1/webhooks/{webhook_id}', { params: { path: { webhook_id: hookId } }, body: { triggers: ['DATA_NEW'], model: 'leads' } }));
  ok('delete webhook', await client.DELETE('/v1/webhooks/{webhook_id}', { params: { path: { webhook_id: hookId } } }));

  // Evening: ask for a fresh sync, with no body (the spec's body is optional).
  const sync = ok('manual sync', await client.POST('/v1/admin/integrations/{integration_id}/manual-sync', { params: { path: { integration_id: day.integrationId } } }));
  report.syncStarted = sync.result?.success === true;
  return report;
}
