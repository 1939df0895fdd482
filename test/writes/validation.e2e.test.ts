import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant } from '../support/app.ts';
import { createWriteHarness, personAt, type StoreRow, type WriteHarness } from './writeHarness.ts';

// Acceptance and every validation rule, against the sandbox's data synced into the store. The queue
// takes jobs but does not run them: these tests look at what is answered before anything runs.
const P = '100101';
const OTHER_P = '100102';
let w: WriteHarness;
let lead: StoreRow & { applicationId: string };
let applicant: StoreRow & { applicationId: string };
let resident: StoreRow & { applicationId: string };
let ids: Record<'notes' | 'call' | 'email' | 'appointment' | 'application' | 'otherPropNotes' | 'agent' | 'otherAgent' | 'unit' | 'otherUnit', string>;
let sub: { ofAppointment: string; ofTour: string };
let res: { ofCall: string; ofNotes: string };

beforeAll(async () => {
  w = await createWriteHarness({ worker: { start: false } });
  lead = await personAt(w, 'leads', P);
  applicant = await personAt(w, 'applicants', P);
  resident = await personAt(w, 'residents', P);
  const t = (x: string, p = P) => w.pick('event_types', p, x).then((r) => r.id);
  ids = {
    notes: await t('8'),
    call: await t('4'),
    email: await t('2'),
    appointment: await t('17'),
    application: await t('131'),
    otherPropNotes: await t('8', OTHER_P),
    agent: (await w.rows('employees', P))[0]!.id,
    otherAgent: (await w.rows('employees', OTHER_P))[0]!.id,
    unit: (await w.rows('units', P))[0]!.id,
    otherUnit: (await w.rows('units', OTHER_P))[0]!.id,
  };
  sub = { ofAppointment: (await w.pick('event_sub_types', P, '454')).id, ofTour: (await w.pick('event_sub_types', P, '524')).id };
  res = { ofCall: (await w.pick('event_results', P, '104')).id, ofNotes: (await w.pick('event_results', P, '162')).id };
}, 60_000);
afterAll(() => w?.close());

const leadBody = (extra: Record<string, unknown> = {}) => ({ integration_id: w.integrationId, lead_id: lead.id, event_type_id: ids.notes, event_datetime: '2024-01-15T09:30:00-07:00', ...extra });
const call = { call_phone_number_from: '3035550111', call_phone_number_to: '3035550100', call_status: 'ANSWER', call_duration: 30, call_audio_link: 'https://x.example.com/a.mp3' };

/** Posts and expects a 400 whose message matches and whose issues name the field. */
async function rejects(url: string, body: Record<string, unknown>, path: string, message: RegExp, query = ''): Promise<void> {
  const r = await w.post(`${url}${query}`, body);
  expect(r.statusCode, r.body).toBe(400);
  const error = r.json().error as { code: string; message: string; details: { issues: Array<{ path: string[]; keys?: string[]; message: string }> } };
  expect(error.code).toBe('invalid_request');
  // Zod names unrecognized keys in `keys`, at the object's path.
  const issue = error.details.issues.find((i) => i.path[0] === path || i.keys?.includes(path));
  expect(issue, `no issue for ${path} in ${r.body}`).toBeDefined();
  expect(`${error.message} ${issue!.message}`).toMatch(message);
}

describe('accepting an event write', () => {
  it('answers exactly {meta:{job_id}, result} and the job is PENDING', async () => {
    const body = { integration_id: w.integrationId, lead_id: lead.id, event_type_id: ids.notes, event_datetime: '2024-01-15T09:30:00-07:00' };
    const r = await w.post('/v1/events/leads/entrata/', body);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ meta: { job_id: expect.any(String) }, result: body });
    expect((await w.get(`/v1/admin/write-status/${r.json().meta.job_id}`)).json()).toEqual({ write_status: 'PENDING', errors: [], created_record_id: null });
  });

  it('replays the same Idempotency-Key and body, refuses another body with 409', async () => {
    const first = await w.post('/v1/events/leads/entrata/', leadBody(), { 'idempotency-key': 'k1' });
    const again = await w.post('/v1/events/leads/entrata/', leadBody(), { 'idempotency-key': 'k1' });
    expect(again.json()).toEqual(first.json());
    const other = await w.post('/v1/events/leads/entrata/', leadBody({ notes: 'different' }), { 'idempotency-key': 'k1' });
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toMatchObject({ code: 'idempotency_conflict', message: expect.stringMatching(/different request/) });
  });

  it('two concurrent requests with one new Idempotency-Key get one job, never a 500', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => w.post('/v1/events/leads/entrata/', leadBody({ notes: 'race' }), { 'idempotency-key': 'race-1' })));
    expect(results.map((r) => r.statusCode)).toEqual(Array(6).fill(200));
    expect(new Set(results.map((r) => r.json().meta.job_id)).size).toBe(1);
    const jobs = await w.h.store.db.selectFrom('write_jobs').select('id').where('request', 'like', '%race%').execute();
    expect(jobs).toHaveLength(1);
  });

  it('requires an API key, and another account sees neither the job nor the integration', async () => {
    expect((await w.ctx.app.inject({ method: 'POST', url: '/v1/events/leads/entrata/', payload: leadBody() })).statusCode).toBe(401);
    const r = await w.post('/v1/events/leads/entrata/', leadBody());
    const stranger = await createTenant(w.h.store, 'Stranger');
    const s = await w.ctx.app.inject({ method: 'GET', url: `/v1/admin/write-status/${r.json().meta.job_id}`, headers: stranger.headers });
    expect(s.statusCode).toBe(404);
    const p = await w.ctx.app.inject({ method: 'POST', url: '/v1/events/leads/entrata/', headers: stranger.headers, payload: leadBody() });
    expect(p.statusCode).toBe(400);
    expect(p.json().error.message).toMatch(/No integration/);
  });
});

describe('validation: types and formats (400 with the field path)', () => {
  const url = '/v1/events/leads/entrata/';
  it.each([
    ['event_datetime', { event_datetime: '2024-01-15T09:30:00' }, /offset or Z/],
    ['event_datetime', { event_datetime: 'yesterday' }, /offset or Z/],
    ['appointment_datetime', { appointment_datetime: '2024-01-15 09:30' }, /offset or Z/],
    ['call_duration', { call_duration: 86401 }, /0–86400/],
    ['call_duration', { call_duration: -1 }, /0–86400/],
    ['call_audio_link', { call_audio_link: 'not a url' }, /must be a URL/],
    ['call_status', { call_status: 'RINGING' }, /one of BUSY/],
    ['time_from', { time_from: '9:30' }, /HH:MM:SS/],
    ['time_to', { time_to: '24:00:00' }, /HH:MM:SS/],
    ['notes', { notes: 'x'.repeat(257) }, /at most 256/],
    ['bogus', { bogus: 1 }, /bogus|Unrecognized/i],
  ])('%s: %j', async (path, extra, message) => {
    await rejects(url, leadBody(extra), path, message);
  });

  it.each([['lead_id'], ['event_type_id'], ['event_datetime'], ['integration_id']])('%s is required', async (field) => {
    const body: Record<string, unknown> = leadBody();
    delete body[field];
    await rejects(url, body, field, /required|expected string/i);
  });
});

describe('dates Entrata cannot take: 400 before anything is queued', () => {
  const url = '/v1/events/leads/entrata/';
  it.each(['0000-01-01T00:00:00Z', '1653-04-29T00:00:00Z', '2301-01-01T00:00:00Z', '9999-12-31T23:59:59Z'])('event_datetime and appointment_datetime %s', async (at) => {
    const jobs = async () => Number((await w.h.store.db.selectFrom('write_jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await jobs();
    await rejects(url, leadBody({ event_datetime: at }), 'event_datetime', /outside the dates Entrata takes: send an instant from 1900-01-01/);
    await rejects(url, leadBody({ appointment_datetime: at }), 'appointment_datetime', /outside the dates Entrata takes: send an instant from 1900-01-01.* to 2099-12-31/);
    expect(await jobs()).toBe(before);
  });
  it('an event_datetime after Entrata’s now (Mountain Time)', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    await rejects(url, leadBody({ event_datetime: inAnHour }), 'event_datetime', /in the future: Entrata refuses events dated after its current time/);
  });
});

describe('validation against the synced data', () => {
  const url = '/v1/events/leads/entrata/';
  it('the integration exists for this account', () => rejects(url, leadBody({ integration_id: 'int_nope' }), 'integration_id', /No integration "int_nope"/));
  it('the lead exists', () => rejects(url, leadBody({ lead_id: 'c_nope' }), 'lead_id', /No lead "c_nope" exists/));
  it('the applicant exists', () => rejects('/v1/events/applicants/entrata/', { ...leadBody(), lead_id: undefined, applicant_id: 'c_nope' }, 'applicant_id', /No applicant "c_nope"/));
  it('the resident exists', () => rejects('/v1/events/residents/entrata/', { ...leadBody(), lead_id: undefined, resident_id: 'c_nope' }, 'resident_id', /No resident "c_nope"/));
  it('application_id is one of the applicant’s applications', () =>
    rejects('/v1/events/applicants/entrata/', { ...leadBody(), lead_id: undefined, applicant_id: applicant.id, application_id: '1' }, 'application_id', /has no application "1"/));
  it('the event type exists at the person’s property', async () => {
    await rejects(url, leadBody({ event_type_id: 'c_nope' }), 'event_type_id', /No event type "c_nope" exists for property 100101/);
    await rejects(url, leadBody({ event_type_id: ids.otherPropNotes }), 'event_type_id', /No event type/);
  });
  it('the event type is writable, and the message lists the writable ones', () =>
    rejects(url, leadBody({ event_type_id: ids.application }), 'event_type_id', /cannot be written\. Writable types for this property: .*Notes \(/));
  it('the sub type exists and belongs to the type', async () => {
    await rejects(url, leadBody({ event_type_id: ids.appointment, event_sub_type_id: 'c_nope' }), 'event_sub_type_id', /No event sub type "c_nope"/);
    await rejects(url, leadBody({ event_type_id: ids.appointment, event_sub_type_id: sub.ofTour }), 'event_sub_type_id', /belongs to another event type than "Scheduled Appointment"/);
  });
  it('the result exists and applies to the type', async () => {
    await rejects(url, leadBody({ event_result_id: 'c_nope' }), 'event_result_id', /No event result "c_nope"/);
    await rejects(url, leadBody({ event_result_id: res.ofCall }), 'event_result_id', /does not apply to event type "Notes"/);
  });
  it('the employee is a leasing agent of the property', async () => {
    await rejects(url, leadBody({ employee_id: 'c_nope' }), 'employee_id', /No leasing agent "c_nope" exists at property 100101/);
    await rejects(url, leadBody({ employee_id: ids.otherAgent }), 'employee_id', /No leasing agent/);
  });
  it('the unit belongs to the property', async () => {
    await rejects(url, leadBody({ unit_id: 'c_nope' }), 'unit_id', /No unit "c_nope" exists at property 100101/);
    await rejects(url, leadBody({ unit_id: ids.otherUnit }), 'unit_id', /No unit/);
  });
  it('call types need every call field', async () => {
    for (const missing of Object.keys(call)) {
      const body: Record<string, unknown> = leadBody({ event_type_id: ids.call, ...call });
      delete body[missing];
      await rejects(url, body, missing, new RegExp(`is a call: send all of .*missing ${missing}`));
    }
  });
  it('outgoing-email types need email_from', () => rejects(url, leadBody({ event_type_id: ids.email }), 'email_from', /outgoing email: send email_from/));
  it('email_to must be the person’s primary email (case-insensitive)', async () => {
    await rejects(url, leadBody({ email_to: 'someone@else.example.com' }), 'email_to', /must be the lead's primary email/);
    const ok = await w.post(url, leadBody({ email_to: String(lead.data.email_1).toUpperCase() }));
    expect(ok.statusCode, ok.body).toBe(200);
  });
  it('applicant and resident endpoints apply the same rules to their person', async () => {
    await rejects('/v1/events/applicants/entrata/', { integration_id: w.integrationId, applicant_id: applicant.id, event_type_id: ids.call, event_datetime: '2024-01-15T09:30:00Z' }, 'call_status', /is a call/);
    await rejects('/v1/events/residents/entrata/', { integration_id: w.integrationId, resident_id: resident.id, event_type_id: ids.notes, event_datetime: '2024-01-15T09:30:00Z', email_to: 'x@y.example.com' }, 'email_to', /resident's primary email/);
    await rejects('/v1/events/residents/entrata/', { integration_id: w.integrationId, resident_id: resident.id, event_type_id: ids.notes, event_datetime: '2024-01-15T09:30:00Z', lead_id: lead.id }, 'lead_id', /lead_id|Unrecognized/i);
  });
});

describe('generic endpoints', () => {
  const generic = (extra: Record<string, unknown> = {}) => leadBody(extra);
  it('reject fields the vendor does not take, naming them', async () => {
    const r = await w.post('/v1/events/leads', generic({ agent_name: 'Pat', rent_amount_in_cents: 100 }));
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/ENTRATA does not take agent_name, rent_amount_in_cents on leads events.*ignore_unknown_fields=true/);
    expect(r.json().error.details.issues.map((i: { path: string[] }) => i.path[0])).toEqual(['agent_name', 'rent_amount_in_cents']);
  });
  it('accept and drop them with ?ignore_unknown_fields=true', async () => {
    const r = await w.post('/v1/events/leads?ignore_unknown_fields=true', generic({ agent_name: 'Pat', made_up: true }));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ job_id: expect.any(String), data: generic() });
  });
  it('validate against the vendor rules on all three person models', async () => {
    await rejects('/v1/events/leads', { integration_id: w.integrationId, event_type_id: ids.notes, event_datetime: '2024-01-15T09:30:00Z' }, 'lead_id', /lead_id is required/);
    await rejects('/v1/events/applicants', { integration_id: w.integrationId, applicant_id: applicant.id, event_type_id: ids.email, event_datetime: '2024-01-15T09:30:00Z' }, 'email_from', /outgoing email/);
    await rejects('/v1/events/residents', { integration_id: w.integrationId, resident_id: resident.id, event_type_id: ids.notes, event_datetime: '2024-01-15T09:30:00' }, 'event_datetime', /offset or Z/);
    await rejects('/v1/events/residents', { integration_id: w.integrationId, resident_id: resident.id, event_type_id: ids.notes, event_datetime: '2024-01-15T09:30:00Z', unit_id: ids.otherUnit }, 'unit_id', /No unit/);
  });
});

// Last in this file: it deletes the harness's integration.
describe('an integration deleted while writes are accepted', () => {
  it('is a 400 naming the integration, never a 500, when the delete lands between validation and insert', async () => {
    const url = '/v1/events/leads/entrata/';
    expect((await w.post(url, leadBody())).statusCode).toBe(200);
    const jobs = async () => (await w.h.store.db.selectFrom('write_jobs').select('id').execute()).length;
    const before = await jobs();
    // The race, made to happen: the integration row goes (as another process would delete it, so
    // this process's look-up is still fresh) while its records stay, so validation passes and the
    // job's insert meets the foreign key.
    await deleteRowOnly(w.h, w.integrationId);
    await rejects(url, leadBody({ notes: 'after the delete' }), 'integration_id', new RegExp(`No integration "${w.integrationId}"`));
    expect(await jobs()).toBe(before);
  });
});

/** Deletes the integration row without its cascade (foreign keys off for that one statement's connection). */
async function deleteRowOnly(h: WriteHarness['h'], integrationId: string): Promise<void> {
  if (h.store.sqlitePath) {
    const raw = new SQLite(h.store.sqlitePath);
    try {
      raw.pragma('foreign_keys = OFF');
      raw.prepare('DELETE FROM integrations WHERE id = ?').run(integrationId);
    } finally {
      raw.close();
    }
    return;
  }
  const c = new pg.Client({ connectionString: h.store.databaseUrl });
  await c.connect();
  try {
    // replica: foreign-key triggers do not fire in this session.
    await c.query(`SET search_path = ${h.store.pgSchema}; SET session_replication_role = replica`);
    await c.query('DELETE FROM integrations WHERE id = $1', [integrationId]);
  } finally {
    await c.end();
  }
}
