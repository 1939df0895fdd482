import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntrataClient } from '../../src/connectors/entrata/client.ts';
import { buildUpdateLeadsParams, prospectOutcome, type EntrataEventWrite } from '../../src/connectors/entrata/writes/updateLeads.ts';
import { validateEntrataEvent } from '../../src/connectors/entrata/writes/rules.ts';
import { createWriteHarness, personAt, type StoreRow, type WriteHarness } from './writeHarness.ts';

// The per-type rules Entrata applies to updateLeads (appointments, calls, outgoing emails, appointment
// times), enforced before anything is queued: each is a 400 naming the field, and each is grounded
// by showing that the sandbox refuses the updateLeads call the write would otherwise have made.
const P = '100101';
let w: WriteHarness;
let lead: StoreRow & { applicationId: string };
let ids: { notes: string; call: string; email: string; appointment: string; tourSub: string; leasingSub: string };

beforeAll(async () => {
  w = await createWriteHarness({ worker: true });
  lead = await personAt(w, 'leads', P, 3);
  const t = async (x: string) => (await w.pick('event_types', P, x)).id;
  ids = {
    notes: await t('8'),
    call: await t('4'),
    email: await t('2'),
    appointment: await t('17'),
    tourSub: (await w.pick('event_sub_types', P, '454')).id,
    leasingSub: (await w.pick('event_sub_types', P, '453')).id,
  };
}, 60_000);
afterAll(() => w?.close());

const url = '/v1/events/leads/entrata/';
const base = () => ({ integration_id: w.integrationId, lead_id: lead.id, event_datetime: '2026-04-01T10:00:00-06:00' });
const appointment = () => ({ ...base(), event_type_id: ids.appointment, event_sub_type_id: ids.tourSub, appointment_datetime: '2026-04-03T15:30:00-06:00', time_from: '15:30:00', time_to: '16:00:00' });
const call = () => ({ ...base(), event_type_id: ids.call, call_phone_number_from: '3035550111', call_phone_number_to: '3035550100', call_status: 'ANSWER', call_duration: 30, call_audio_link: 'https://calls.example.com/1.mp3' });
const without = (body: Record<string, unknown>, ...fields: string[]) => Object.fromEntries(Object.entries(body).filter(([k]) => !fields.includes(k)));

interface Issue {
  code: string;
  path: string[];
  message: string;
}

/** Posts and expects a 400 invalid_request whose issues are exactly at `paths`; returns the issues. */
async function refused(body: Record<string, unknown>, paths: string[], endpoint = url): Promise<Issue[]> {
  const r = await w.post(endpoint, body);
  expect(r.statusCode, r.body).toBe(400);
  const error = r.json().error as { code: string; message: string; details: { issues: Issue[] } };
  expect(error.code).toBe('invalid_request');
  expect(error.details.issues.map((i) => i.path.join('.'))).toEqual(paths);
  expect(error.message).toBe(`Invalid body: ${paths[0]}: ${error.details.issues[0]!.message}${paths.length > 1 ? ` (and ${paths.length - 1} more in details.issues)` : ''}`);
  return error.details.issues;
}

describe('per-type rules: 400 before anything is queued', () => {
  it('a scheduled appointment without a sub type names the type’s sub types', async () => {
    const [i] = await refused(without(appointment(), 'event_sub_type_id'), ['event_sub_type_id']);
    expect(i!.message).toBe(`Event type "Scheduled Appointment" is an appointment: Entrata requires its sub type. Send event_sub_type_id, one of Leasing Appointments (${ids.leasingSub}), Tour (${ids.tourSub}), Virtual Tour (${(await w.pick('event_sub_types', P, '525')).id}), Self-Guided Tour (${(await w.pick('event_sub_types', P, '560')).id}).`);
  });

  it('a scheduled appointment without appointment_datetime', async () => {
    const [i] = await refused(without(appointment(), 'appointment_datetime'), ['appointment_datetime']);
    expect(i!.message).toMatch(/^Event type "Scheduled Appointment" is an appointment: Entrata requires its date and start\. Send appointment_datetime \(ISO 8601 with an offset/);
  });

  it('a scheduled appointment without time_to', async () => {
    const [i] = await refused(without(appointment(), 'time_to'), ['time_to']);
    expect(i!.message).toMatch(/^Event type "Scheduled Appointment" is an appointment: Entrata requires its end time\. Send time_to \(HH:MM:SS, Mountain Time wall clock/);
  });

  it('a bare scheduled appointment gets all three issues at once, on the generic endpoint too', async () => {
    const bare = without(appointment(), 'event_sub_type_id', 'appointment_datetime', 'time_from', 'time_to');
    await refused(bare, ['event_sub_type_id', 'appointment_datetime', 'time_to']);
    await refused(bare, ['event_sub_type_id', 'appointment_datetime', 'time_to'], '/v1/events/leads');
  });

  it('time_from / time_to on any type need appointment_datetime', async () => {
    const [i] = await refused({ ...base(), event_type_id: ids.notes, time_from: '09:00:00' }, ['time_from']);
    expect(i!.message).toMatch(/^time_from is a time of the appointment's day: send appointment_datetime with it/);
    await refused({ ...base(), event_type_id: ids.notes, time_to: '09:30:00' }, ['time_to']);
  });

  it('a call with a blank phone number', async () => {
    const [i] = await refused({ ...call(), call_phone_number_from: '   ' }, ['call_phone_number_from']);
    expect(i!.message).toMatch(/is a call: send all of .*\(missing call_phone_number_from; a blank value counts as missing\)/);
  });

  it('a call whose audio link is not http(s)', async () => {
    const [i] = await refused({ ...call(), call_audio_link: 'mailto:calls@example.com' }, ['call_audio_link']);
    expect(i!.message).toMatch(/is a call: call_audio_link must be an http\(s\) URL of the recording, e\.g\. https:/);
  });

  it('an outgoing email with a blank email_from', async () => {
    const [i] = await refused({ ...base(), event_type_id: ids.email, email_from: ' ' }, ['email_from']);
    expect(i!.message).toMatch(/is an outgoing email: send email_from/);
  });
});

describe('each rule matches a refusal of the sandbox’s updateLeads', () => {
  /** The request validation builds for a body it accepts. */
  async function requestFor(body: Record<string, unknown>): Promise<EntrataEventWrite> {
    const v = await validateEntrataEvent(w.h.store, w.h.integration, 'leads', body);
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    return v.request as unknown as EntrataEventWrite;
  }
  const send = async (req: EntrataEventWrite) => {
    const { subdomain, username, password } = w.h.sandbox.info;
    const client = new EntrataClient({ subdomain, username, password, base_url: w.h.sandbox.url }, { integrationId: w.integrationId });
    return prospectOutcome((await client.call({ service: 'leads', method: 'updateLeads', version: 'r2', params: buildUpdateLeadsParams(req), retry: false })).result);
  };

  it.each([
    ['no sub type', (r: EntrataEventWrite) => ({ ...r, subtypeId: undefined }), /"subtypeId" is required/],
    ['no appointment date', (r: EntrataEventWrite) => ({ ...r, appointmentDatetime: undefined }), /"timeFrom"\/"timeTo" need "appointmentDate"/],
    ['no appointment date nor times', (r: EntrataEventWrite) => ({ ...r, appointmentDatetime: undefined, timeFrom: undefined, timeTo: undefined }), /require "appointmentDate", "timeFrom" and "timeTo"/],
    ['no end time', (r: EntrataEventWrite) => ({ ...r, timeTo: undefined }), /require "appointmentDate", "timeFrom" and "timeTo"/],
  ])('appointment with %s', async (_, change, message) => {
    const req = await requestFor({ ...appointment(), notes: 'grounding' });
    const outcome = await send(change(req));
    expect(outcome).toEqual({ ok: false, message: expect.stringMatching(message) });
  });

  it('times without an appointment date', async () => {
    const req = await requestFor({ ...base(), event_type_id: ids.notes, notes: 'grounding' });
    expect(await send({ ...req, timeFrom: '09:00:00' })).toEqual({ ok: false, message: expect.stringMatching(/"timeFrom"\/"timeTo" need "appointmentDate"/) });
  });

  it('a blank call number, a non-http audio link', async () => {
    const req = await requestFor({ ...call(), notes: 'grounding' });
    expect(await send({ ...req, call: { ...req.call!, from: '   ' } })).toEqual({ ok: false, message: expect.stringMatching(/Call events require callData\.callFrom/) });
    expect(await send({ ...req, call: { ...req.call!, audioLink: 'mailto:calls@example.com' } })).toEqual({ ok: false, message: expect.stringMatching(/"callData\.audioLink" must be an http\(s\) URL/) });
  });

  it('a blank sender of an outgoing email', async () => {
    const req = await requestFor({ ...base(), event_type_id: ids.email, email_from: 'office@example.com', notes: 'grounding' });
    expect(await send({ ...req, email: { ...req.email, from: ' ' } })).toEqual({ ok: false, message: expect.stringMatching(/Outgoing email events require "emailData\.from"/) });
  });

  it('nothing was stored by the refused calls', async () => {
    expect((await w.sandboxEvents(`applicationId=${lead.applicationId}&origin=api`)).filter((e) => e.comments === 'grounding')).toEqual([]);
  });
});

describe('a complete scheduled appointment', () => {
  it('reaches SUCCESS end to end, with sub type and MT times, and is readable (time_from derived)', async () => {
    const body = { ...without(appointment(), 'time_from'), event_sub_type_id: ids.leasingSub, notes: 'complete appointment' };
    const r = await w.post(url, body);
    expect(r.statusCode, r.body).toBe(200);
    const status = await w.settle(r.json().meta.job_id as string);
    expect(status).toMatchObject({ write_status: 'SUCCESS', errors: [], created_record_id: expect.any(String) });
    const [event, ...more] = (await w.sandboxEvents(`applicationId=${lead.applicationId}&origin=api`)).filter((e) => e.comments === 'complete appointment');
    expect(more).toEqual([]);
    expect(event).toMatchObject({ typeId: 17, subtypeId: 453, appointment: { appointmentDate: '04/03/2026', timeFrom: '15:30:00', timeTo: '16:00:00' } });
    const stored = (await w.get(`/v1/events/${status.created_record_id}`)).json().results as { x_id: string; appointment_datetime: string };
    expect(stored).toMatchObject({ x_id: String(event!.eventId), appointment_datetime: '2026-04-03T21:30:00.000Z' });
  });
});
