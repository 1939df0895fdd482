/**
 * Request and response examples for /openapi.json and /docs, by operation ("METHOD fastify-url").
 * test/contract/openapi.test.ts checks each against the schema it illustrates, so an example that
 * stops being valid fails the suite.
 */
export interface OperationExamples {
  body?: Record<string, unknown>;
  response?: Record<string, unknown>;
}

const ids = {
  integration: 'int_0mxdym4hs0000du8e6fszk7j',
  lead: 'c1hl0r5m2a7b3d9e8f6g4h2j1',
  applicant: 'c2og2zvenx91u2aqtkgrm1z11',
  resident: 'c3pq8s0t1u2v3w4x5y6z7a8b9',
  eventType: 'c0et5k2m9n8p7q6r5s4t3u2v1',
  job: 'wj_0mxdz4u1b00007dn5m35aede',
  event: 'c0lj76zg3vu22i8pk9r9w1wad',
};

const note = { integration_id: ids.integration, event_type_id: ids.eventType, event_datetime: '2026-05-01T12:00:00-06:00', notes: 'Called to book a tour' };

export const operationExamples: Record<string, OperationExamples> = {
  'POST /v1/events/leads/entrata': { body: { ...note, lead_id: ids.lead }, response: { meta: { job_id: ids.job }, result: { ...note, lead_id: ids.lead } } },
  'POST /v1/events/applicants/entrata': { body: { ...note, applicant_id: ids.applicant }, response: { meta: { job_id: ids.job }, result: { ...note, applicant_id: ids.applicant } } },
  'POST /v1/events/residents/entrata': { body: { ...note, resident_id: ids.resident }, response: { meta: { job_id: ids.job }, result: { ...note, resident_id: ids.resident } } },
  'POST /v1/events/leads': { body: { ...note, lead_id: ids.lead }, response: { job_id: ids.job, data: { ...note, lead_id: ids.lead } } },
  'POST /v1/events/applicants': { body: { ...note, applicant_id: ids.applicant, event_type: 'Note' }, response: { job_id: ids.job, data: { ...note, applicant_id: ids.applicant } } },
  'POST /v1/events/residents': { body: { ...note, resident_id: ids.resident, event_type: 'Note' }, response: { job_id: ids.job, data: { ...note, resident_id: ids.resident } } },
  'GET /v1/admin/write-status/:job_id': { response: { write_status: 'SUCCESS', errors: [], created_record_id: ids.event } },
  'POST /v1/admin/retry-write/:job_id': { response: { success: true, job_id: 'wj_0mxe0a1b200007dn5m35aefg' } },
  'POST /v1/admin/integrations/:integration_id/manual-sync': { body: { models_to_sync: ['events', 'leads'] }, response: { result: { success: true, sync_id: 'sync_0mxe0c3d400007dn5m35aehi' } } },
  'POST /v1/admin/integrations/:integration_id/back-sync': { body: { models_to_sync: ['events'] }, response: { result: { success: true, sync_id: 'sync_0mxe0c3d400007dn5m35aehj' } } },
  'POST /v1/webhooks/': { body: { url: 'https://example.com/hooks/leasewire', triggers: ['DATA_NEW', 'WRITE_OPERATION_FAILURE'], model: 'events', active: true } },
};
