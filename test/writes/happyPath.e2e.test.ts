import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteHarness, personAt, type SandboxEvent, type WriteHarness } from './writeHarness.ts';

// Each of the six event-write endpoints, end to end: API → job → worker → sandbox → read-back,
// in the storage mode of TEST_DATABASE_URL.
const P = '100101';
let w: WriteHarness;
beforeAll(async () => {
  w = await createWriteHarness();
}, 60_000);
afterAll(() => w?.close());

interface Written {
  jobId: string;
  createdRecordId: string;
  event: SandboxEvent;
}

/** Posts, waits for SUCCESS, and returns the one new event the sandbox holds for the application. */
async function write(url: string, body: Record<string, unknown>, applicationId: string, responseShape: 'vendor' | 'generic'): Promise<Written> {
  const before = new Set((await w.sandboxEvents(`applicationId=${applicationId}`)).map((e) => e.eventId));
  const res = await w.post(url, body);
  expect(res.statusCode, res.body).toBe(200);
  const json = res.json() as { meta?: { job_id: string }; result?: unknown; job_id?: string; data?: unknown };
  if (responseShape === 'vendor') expect(json).toEqual({ meta: { job_id: expect.any(String) }, result: body });
  else expect(json).toEqual({ job_id: expect.any(String), data: body });
  const jobId = (json.meta?.job_id ?? json.job_id)!;
  const status = await w.settle(jobId);
  expect(status, JSON.stringify(status)).toMatchObject({ write_status: 'SUCCESS', errors: [] });
  expect(status.created_record_id).toEqual(expect.any(String));
  const added = (await w.sandboxEvents(`applicationId=${applicationId}`)).filter((e) => !before.has(e.eventId));
  expect(added).toHaveLength(1);
  return { jobId, createdRecordId: status.created_record_id!, event: added[0]! };
}

/** The created record is served by id and in the person's event list. */
async function expectReadable(created: string, xId: number, filter: string): Promise<void> {
  const one = await w.get(`/v1/events/${created}`);
  expect(one.statusCode, one.body).toBe(200);
  expect(one.json().results).toMatchObject({ id: created, x_id: String(xId), integration_id: w.integrationId });
  const list = await w.get(`/v1/events/?${filter}&limit=250`);
  expect(list.statusCode, list.body).toBe(200);
  expect((list.json().results as Array<{ id: string }>).map((r) => r.id)).toContain(created);
}

describe('event writes end to end (sandbox, small set)', () => {
  it('POST /v1/events/leads/entrata/: an outgoing call with result, agent, unit and call data', async () => {
    const lead = await personAt(w, 'leads', P);
    const type = await w.pick('event_types', P, '4');
    const result = await w.pick('event_results', P, '104');
    const agent = (await w.rows('employees', P))[0]!;
    const unit = (await w.rows('units', P))[3]!;
    const body = {
      integration_id: w.integrationId,
      lead_id: lead.id,
      event_type_id: type.id,
      event_datetime: '2026-01-15T09:30:00-07:00',
      event_result_id: result.id,
      employee_id: agent.id,
      unit_id: unit.id,
      notes: 'Called about the two-bedroom',
      call_phone_number_from: '3035550111',
      call_phone_number_to: '3035550100',
      call_status: 'VOICEMAIL',
      call_duration: 125,
      call_audio_link: 'https://calls.example.com/1.mp3',
    };
    const { event, createdRecordId } = await write('/v1/events/leads/entrata/', body, lead.applicationId, 'vendor');
    expect(event).toMatchObject({
      origin: 'api',
      typeId: 4,
      eventResultId: 104,
      leasingAgentId: Number(agent.x_id),
      propertyUnitId: Number(unit.x_id),
      comments: 'Called about the two-bedroom',
      callData: { callFrom: '3035550111', ringThrough: '3035550100', callStatus: 'Voicemail Left', duration: 125, audioLink: 'https://calls.example.com/1.mp3' },
    });
    expect(event.date.mountain).toMatch(/^01\/15\/2026 09:30:00(\.0+)? MST$/);
    await expectReadable(createdRecordId, event.eventId, `lead_id=${lead.id}`);
  });

  it('POST /v1/events/applicants/entrata/: an outgoing email with its email data', async () => {
    const applicant = await personAt(w, 'applicants', P);
    const type = await w.pick('event_types', P, '2');
    const result = await w.pick('event_results', P, '162');
    const body = {
      integration_id: w.integrationId,
      applicant_id: applicant.id,
      application_id: applicant.applicationId,
      event_type_id: type.id,
      event_datetime: '2026-07-15T15:45:10Z',
      event_result_id: result.id,
      email_from: 'leasing@aspen.example.com',
      email_to: String(applicant.data.email_1).toUpperCase(),
      email_cc: 'manager@aspen.example.com',
      email_subject: 'Your application',
      email_body: 'Thanks for applying.',
      email_send: false,
    };
    const { event, createdRecordId } = await write('/v1/events/applicants/entrata/', body, applicant.applicationId, 'vendor');
    expect(event).toMatchObject({
      typeId: 2,
      eventResultId: 162,
      emailData: { from: 'leasing@aspen.example.com', to: String(applicant.data.email_1).toUpperCase(), cc: 'manager@aspen.example.com', subject: 'Your application', body: 'Thanks for applying.', sendEmail: false },
    });
    expect(event.date.mountain).toMatch(/^07\/15\/2026 09:45:10(\.0+)? MDT$/);
    await expectReadable(createdRecordId, event.eventId, `applicant_id=${applicant.id}`);
  });

  it('POST /v1/events/residents/entrata/: a scheduled appointment with sub type, unit and MT times', async () => {
    const resident = await personAt(w, 'residents', P);
    const type = await w.pick('event_types', P, '17');
    const subType = await w.pick('event_sub_types', P, '454');
    const unit = (await w.rows('units', P))[1]!;
    const body = {
      integration_id: w.integrationId,
      resident_id: resident.id,
      event_type_id: type.id,
      event_sub_type_id: subType.id,
      event_datetime: '2026-03-02T10:00:00-07:00',
      appointment_datetime: '2026-03-05T15:30:00-07:00',
      time_from: '15:30:00',
      time_to: '16:00:00',
      unit_id: unit.id,
      title: 'Tour',
      reasons_for_event: 'Renewal walk-through',
    };
    const { event, createdRecordId } = await write('/v1/events/residents/entrata/', body, resident.applicationId, 'vendor');
    expect(event).toMatchObject({ typeId: 17, subtypeId: 454, propertyUnitId: Number(unit.x_id), title: 'Tour', eventReasons: 'Renewal walk-through' });
    expect(event.appointment).toMatchObject({ appointmentDate: '03/05/2026', timeFrom: '15:30:00', timeTo: '16:00:00' });
    expect(event.date.mountain).toMatch(/^03\/02\/2026 10:00:00(\.0+)? MST$/);
    await expectReadable(createdRecordId, event.eventId, `resident_id=${resident.id}`);
  });

  it('POST /v1/events/leads: a note, answered {job_id, data}', async () => {
    const lead = await personAt(w, 'leads', P, 1);
    const type = await w.pick('event_types', P, '8');
    const body = { integration_id: w.integrationId, lead_id: lead.id, event_type_id: type.id, event_datetime: '2026-05-01T12:00:00-06:00', notes: 'Prefers texts' };
    const { event, createdRecordId } = await write('/v1/events/leads', body, lead.applicationId, 'generic');
    expect(event).toMatchObject({ typeId: 8, comments: 'Prefers texts' });
    expect(event.date.mountain).toMatch(/^05\/01\/2026 12:00:00(\.0+)? MDT$/);
    await expectReadable(createdRecordId, event.eventId, `lead_id=${lead.id}`);
  });

  it('POST /v1/events/applicants: an incoming call', async () => {
    const applicant = await personAt(w, 'applicants', P, 1);
    const type = await w.pick('event_types', P, '3');
    const result = await w.pick('event_results', P, '101');
    const body = {
      integration_id: w.integrationId,
      applicant_id: applicant.id,
      event_type_id: type.id,
      event_datetime: '2026-02-10T17:05:00Z',
      event_result_id: result.id,
      call_phone_number_from: '7205550123',
      call_phone_number_to: '3035550100',
      call_status: 'ANSWER',
      call_duration: 60,
      call_audio_link: 'https://calls.example.com/2.mp3',
    };
    const { event, createdRecordId } = await write('/v1/events/applicants', body, applicant.applicationId, 'generic');
    expect(event).toMatchObject({ typeId: 3, eventResultId: 101, callData: { callFrom: '7205550123', callStatus: 'Answered', duration: 60 } });
    expect(event.date.mountain).toMatch(/^02\/10\/2026 10:05:00(\.0+)? MST$/);
    await expectReadable(createdRecordId, event.eventId, `applicant_id=${applicant.id}`);
  });

  it('POST /v1/events/residents: a tour with a result and an agent', async () => {
    const resident = await personAt(w, 'residents', P, 1);
    const type = await w.pick('event_types', P, '78');
    const result = await w.pick('event_results', P, '141');
    const agent = (await w.rows('employees', P))[1]!;
    const body = { integration_id: w.integrationId, resident_id: resident.id, event_type_id: type.id, event_datetime: '2026-06-20T11:15:00-06:00', event_result_id: result.id, employee_id: agent.id };
    const { event, createdRecordId } = await write('/v1/events/residents', body, resident.applicationId, 'generic');
    expect(event).toMatchObject({ typeId: 78, eventResultId: 141, leasingAgentId: Number(agent.x_id) });
    expect(event.date.mountain).toMatch(/^06\/20\/2026 11:15:00(\.0+)? MDT$/);
    await expectReadable(createdRecordId, event.eventId, `resident_id=${resident.id}`);
  });
});
