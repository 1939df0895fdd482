import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Harness, Json } from './harness.ts';
import { errorOf, resultOf, startHarness } from './harness.ts';

const NOW = Date.parse('2026-11-01T18:00:00Z');
let h: Harness;
let propertyId: number;
let otherPropertyId: number;
let appId: number;
let email: string;
let agentId: number;
let otherAgentId: number;
let unitId: number;
let otherUnitId: number;

const update = (params: unknown): ReturnType<Harness['call']> => h.call('leads', 'updateLeads', params, { version: 'r2' });
const nested = (applicationId: number, ...events: unknown[]): unknown => ({
  propertyId,
  prospects: { prospect: [{ applicationId, events: { event: events } }] },
});
const storedEvents = async (applicationId: number): Promise<Json[]> =>
  (await h.inspect('GET', `/__sandbox/events?applicationId=${applicationId}`)).body.events;
const readEvents = async (applicationId: number, typeIds: string): Promise<Json[]> =>
  resultOf(await h.call('leads', 'getLeads', { propertyId, leadId: applicationId, eventTypeIds: typeIds })).prospects.prospect[0].events.event;

const CALL = { callFrom: '3035550111', ringThrough: '3035550100', callStatus: 'Answered', duration: 125, audioLink: 'https://calls.example.com/1.mp3' };

beforeAll(async () => {
  h = await startHarness({ now: () => NOW });
  const info = h.sb.info;
  [propertyId = 0, otherPropertyId = 0] = info.propertyIds;
  appId = info.examples.leadApplicationId;
  const lead = resultOf(await h.call('leads', 'getLeads', { propertyId, leadId: appId })).prospects.prospect[0];
  email = lead.customers.customer[0].email;
  const agents = async (id: number): Promise<number> =>
    Number(resultOf(await h.call('leads', 'getLeadPickLists', { propertyId: id }, { version: 'r2' })).property.leasingAgents.leasingAgent[0]['@attributes'].id);
  agentId = await agents(propertyId);
  otherAgentId = await agents(otherPropertyId);
  const units = resultOf(await h.call('propertyunits', 'getPropertyUnits', { propertyIds: `${propertyId},${otherPropertyId}` })).properties.property;
  unitId = Number(units[0].units.unit[0].id);
  otherUnitId = Number(units[1].units.unit[0].id);
});
beforeEach(() => h.sb.reset());
afterAll(() => h.close());

describe('updateLeads r2: writing events', () => {
  it('adds an event with the nested form and answers per prospect', async () => {
    const r = await update(nested(appId, { typeId: 8, date: '10/15/2026 09:30:00', comments: 'Nested note' }));
    expect(resultOf(r)).toEqual({ prospects: [{ node: '1', status: 'Success', message: 'Lead updated successfully.' }] });
    const mine = (await storedEvents(appId)).filter((e) => e.origin === 'api');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ typeId: 8, comments: 'Nested note', date: { utc: '2026-10-15T15:30:00.000Z', mountain: '10/15/2026 09:30:00.000000 MDT' } });
    const read = (await readEvents(appId, '8')).find((e) => e.comments === 'Nested note');
    expect(read).toMatchObject({ eventId: String(mine[0].eventId), typeId: '8', type: 'Notes', date: '10/15/2026 09:30:00.000000 MDT' });
  });

  it('adds an event with the flat form, and accepts a single prospect/event object instead of arrays', async () => {
    resultOf(await update({ propertyId: String(propertyId), applicationId: String(appId), typeId: '8', comments: 'Flat note' }));
    resultOf(await update({ propertyId, prospects: { prospect: { applicationId: appId, events: { event: { typeId: 8, comments: 'Single' } } } } }));
    const comments = (await storedEvents(appId)).filter((e) => e.origin === 'api').map((e) => e.comments);
    expect(comments).toEqual(['Flat note', 'Single']);
  });

  it('defaults the event date to now and bumps the lead’s lastUpdatedDate to now', async () => {
    resultOf(await update(nested(appId, { typeId: 8, comments: 'No date' })));
    const [event] = (await storedEvents(appId)).filter((e) => e.origin === 'api');
    expect(event.date.utc).toBe(new Date(NOW).toISOString());
    const lead = resultOf(await h.call('leads', 'getLeads', { propertyId, leadId: appId })).prospects.prospect[0];
    expect(lead.lastUpdatedDate).toBe('11/01/2026 11:00:00.000000 MST');
    const since = resultOf(await h.call('leads', 'getLeads', { propertyId, fromDate: '11/01/2026', toDate: '11/01/2026' })).prospects.prospect;
    expect(since.map((p: Json) => p.applicationId)).toEqual([String(appId)]);
  });

  it('stores every §6.2 node and returns them on reads (emailData included, our choice)', async () => {
    resultOf(
      await update(
        nested(
          appId,
          {
            typeId: 17,
            subtypeId: 454,
            eventResultId: 121,
            date: '10/20/2026 10:00:00',
            eventReasons: 'Availability',
            comments: 'Tour booked',
            title: 'Tour with the Lee family',
            leasingAgentId: agentId,
            propertyUnitId: unitId,
            appointmentDate: '10/22/2026',
            timeFrom: '15:30:00',
            timeTo: '16:00:00',
          },
          { typeId: 4, eventResultId: 104, date: '10/20/2026T11:00:00', comments: 'Called back', callData: { ...CALL, duration: '37' } },
          {
            typeId: 2,
            date: '10/20/2026 12:00:00 MDT',
            comments: 'Pricing sent',
            emailData: { from: 'agent@example.com', to: email.toUpperCase(), cc: 'cc@example.com', bcc: 'bcc@example.com', subject: 'Pricing', body: 'Here you go', sendEmail: '0' },
          },
        ),
      ),
    );
    const [appt, call, mail] = (await readEvents(appId, '17,4,2')).filter((e) => e.date.startsWith('10/20/2026'));
    expect(appt).toMatchObject({
      typeId: '17', type: 'Scheduled Appointment', subtypeId: '454', eventResultId: '121', eventResult: 'Completed',
      eventReasons: 'Availability', comments: 'Tour booked', title: 'Tour with the Lee family',
      leasingAgentId: String(agentId), propertyUnitId: String(unitId),
      appointmentDate: '10/22/2026', timeFrom: '15:30:00', timeTo: '16:00:00', date: '10/20/2026 10:00:00.000000 MDT',
    });
    expect(appt.leasingAgent).toEqual(expect.any(String));
    expect(call).toMatchObject({ typeId: '4', date: '10/20/2026 11:00:00.000000 MDT', callData: { ...CALL, duration: '37', callId: expect.any(String) } });
    expect(mail.emailData).toEqual({ from: 'agent@example.com', to: email.toUpperCase(), cc: 'cc@example.com', bcc: 'bcc@example.com', subject: 'Pricing', body: 'Here you go', sendEmail: '0' });
    const viaEvents = resultOf(await h.call('leads', 'getLeadEvents', { propertyId, applicationId: appId, eventTypeIds: '17', eventDateFrom: '10/20/2026', eventDateTo: '10/20/2026' }));
    expect(viaEvents.prospects.prospect[0].events.event[0]).toMatchObject({ eventReason: 'Availability', eventResultId: 121 });
  });

  it('updates an existing event in place when eventId is given', async () => {
    resultOf(await update(nested(appId, { typeId: 17, subtypeId: 453, date: '10/20/2026 10:00:00', appointmentDate: '10/22/2026', timeFrom: '15:30:00', timeTo: '16:00:00', comments: 'First' })));
    const [created] = (await storedEvents(appId)).filter((e) => e.origin === 'api');
    const before = (await storedEvents(appId)).length;
    const r = await update(nested(appId, { eventId: String(created.eventId), typeId: 17, appointmentDate: '10/23/2026', timeFrom: '09:00:00', timeTo: '09:45:00' }));
    expect(resultOf(r).prospects[0].status).toBe('Success');
    const after = await storedEvents(appId);
    expect(after).toHaveLength(before);
    const updated = after.find((e) => e.eventId === created.eventId);
    expect(updated).toMatchObject({ comments: 'First', subtypeId: 453, appointment: { appointmentDate: '10/23/2026', timeFrom: '09:00:00', timeTo: '09:45:00' } });
    // Seeded events can be updated too.
    const seeded = (await storedEvents(appId)).find((e) => e.origin === 'seed');
    resultOf(await update(nested(appId, { eventId: seeded.eventId, typeId: seeded.typeId, comments: 'Edited seeded event' })));
    expect((await storedEvents(appId)).find((e) => e.eventId === seeded.eventId).comments).toBe('Edited seeded event');
  });
});

describe('updateLeads: Mountain Time and DST on input', () => {
  it('moves a spring-gap wall time forward and reads the autumn overlap as MDT unless MST is named', async () => {
    resultOf(
      await update(
        nested(
          appId,
          { typeId: 8, date: '03/09/2025 02:30:00', comments: 'gap' },
          { typeId: 8, date: '11/02/2025 01:30:00', comments: 'overlap' },
          { typeId: 8, date: '11/02/2025T01:30:00', comments: 'overlap T' },
          { typeId: 8, date: '11/02/2025 01:30:00 MST', comments: 'overlap MST' },
          { typeId: 8, date: '2025-11-02', comments: 'iso date' },
          { typeId: 17, subtypeId: 525, date: '03/01/2025', appointmentDate: '03/09/2025', timeFrom: '02:30:00', timeTo: '03:30:00', comments: 'appt in gap' },
        ),
      ),
    );
    const byComment = new Map((await storedEvents(appId)).map((e) => [e.comments, e]));
    expect(byComment.get('gap').date).toEqual({ utc: '2025-03-09T09:30:00.000Z', mountain: '03/09/2025 03:30:00.000000 MDT' });
    expect(byComment.get('overlap').date).toEqual({ utc: '2025-11-02T07:30:00.000Z', mountain: '11/02/2025 01:30:00.000000 MDT' });
    expect(byComment.get('overlap T').date.utc).toBe('2025-11-02T07:30:00.000Z');
    expect(byComment.get('overlap MST').date).toEqual({ utc: '2025-11-02T08:30:00.000Z', mountain: '11/02/2025 01:30:00.000000 MST' });
    expect(byComment.get('iso date').date.utc).toBe('2025-11-02T06:00:00.000Z');
    expect(byComment.get('appt in gap').appointment).toMatchObject({ timeFrom: '03:30:00', timeTo: '03:30:00', start: { utc: '2025-03-09T09:30:00.000Z' } });
    const read = await readEvents(appId, '8');
    expect(read.filter((e) => e.comments?.startsWith('overlap')).map((e) => e.date)).toEqual([
      '11/02/2025 01:30:00.000000 MDT',
      '11/02/2025 01:30:00.000000 MDT',
      '11/02/2025 01:30:00.000000 MST',
    ]);
  });
});

describe('updateLeads: per-prospect failures (§6.6)', () => {
  const failures: [string, unknown, RegExp][] = [
    ['unknown type', { typeId: 999 }, /Unknown event type id 999/],
    ['missing type', { comments: 'x' }, /typeId/],
    ['unknown sub type', { typeId: 17, subtypeId: 9999 }, /Unknown event sub type/],
    ['sub type of another type', { typeId: 17, subtypeId: 524, appointmentDate: '10/22/2026', timeFrom: '10:00', timeTo: '11:00' }, /524.*does not belong to event type 17/],
    ['unknown result', { typeId: 8, eventResultId: 4242 }, /Unknown event result id 4242/],
    ['result of another type', { typeId: 8, eventResultId: 83 }, /83.*does not belong to event type 8/],
    ['call without callData', { typeId: 3 }, /Call events require/],
    ...(['callFrom', 'ringThrough', 'callStatus', 'duration', 'audioLink'] as const).map(
      (field): [string, unknown, RegExp] => [`call without ${field}`, { typeId: 4, callData: { ...CALL, [field]: undefined } }, new RegExp(`callData\\.${field}`)],
    ),
    ['call duration over a day', { typeId: 3, callData: { ...CALL, duration: 86_401 } }, /duration/],
    ['negative call duration', { typeId: 3, callData: { ...CALL, duration: -1 } }, /duration/],
    ['unknown call status', { typeId: 3, callData: { ...CALL, callStatus: 'Maybe' } }, /callStatus/],
    ['audio link not a URL', { typeId: 3, callData: { ...CALL, audioLink: 'not a url' } }, /audioLink/],
    ['outgoing email without from', { typeId: 2, emailData: { to: 'x' } }, /emailData.from/],
    ['outgoing email without emailData', { typeId: 2 }, /emailData.from/],
    ['email to someone else', { typeId: 2, emailData: { from: 'a@example.com', to: 'someone@else.com' } }, /primary email/],
    ['unknown leasing agent', { typeId: 8, leasingAgentId: 1 }, /Leasing agent 1/],
    ['agent of another property', { typeId: 8, leasingAgentId: -1 }, /Leasing agent/],
    ['unknown unit', { typeId: 8, propertyUnitId: 1 }, /Unit 1 does not belong/],
    ['unit of another property', { typeId: 8, propertyUnitId: -2 }, /does not belong to property/],
    ['appointment without times', { typeId: 17, subtypeId: 453, appointmentDate: '10/22/2026' }, /appointmentDate.*timeFrom.*timeTo/],
    ['appointment without sub type', { typeId: 17, appointmentDate: '10/22/2026', timeFrom: '10:00:00', timeTo: '11:00:00' }, /subtypeId/],
    ['unparseable date', { typeId: 8, date: '2025/11/02' }, /"date"/],
    ['unknown eventId', { typeId: 8, eventId: 1 }, /Event 1 was not found/],
    ['non-string comments', { typeId: 8, comments: { a: 1 } }, /comments/],
  ];

  it.each(failures)('%s → Failure, nothing stored', async (_name, event, message) => {
    const e = event as Record<string, unknown>;
    if (e.leasingAgentId === -1) e.leasingAgentId = otherAgentId;
    if (e.propertyUnitId === -2) e.propertyUnitId = otherUnitId;
    const before = (await storedEvents(appId)).length;
    const r = await update(nested(appId, event));
    expect(r.body.response.code).toBe(200);
    const [result] = resultOf(r).prospects;
    expect(result.status).toBe('Failure');
    expect(result.message).toMatch(message);
    expect(await storedEvents(appId)).toHaveLength(before);
  });

  it('fails unknown applications, applications of another property and events of another application', async () => {
    const otherApp = resultOf(await h.call('leads', 'getLeads', { propertyId: otherPropertyId, fromDate: '01/01/2020', toDate: '12/31/2030' }, { query: 'per_page=5' })).prospects.prospect[0].applicationId;
    const foreignEvent = (await storedEvents(Number(otherApp)))[0].eventId;
    const r = resultOf(
      await update({
        propertyId,
        prospects: {
          prospect: [
            { applicationId: 1, events: { event: [{ typeId: 8 }] } },
            { applicationId: otherApp, events: { event: [{ typeId: 8 }] } },
            { applicationId: appId, events: { event: [{ typeId: 8, eventId: foreignEvent }] } },
            { applicationId: appId, events: { event: [{ typeId: 8, comments: 'fine' }] } },
            { applicationId: appId, events: { event: [{ typeId: 8, comments: 'ok' }, { typeId: 999 }] } },
            { events: { event: [{ typeId: 8 }] } },
            { applicationId: appId },
          ],
        },
      }),
    );
    expect(r.prospects.map((p: Json) => `${p.node}:${p.status}`)).toEqual(['1:Failure', '2:Failure', '3:Failure', '4:Success', '5:Failure', '6:Failure', '7:Failure']);
    expect(r.prospects[0].message).toMatch(/Application 1 was not found/);
    expect(r.prospects[1].message).toMatch(/does not belong to property/);
    expect(r.prospects[2].message).toMatch(/was not found for application/);
    expect(r.prospects[5].message).toMatch(/applicationId/);
    // One bad event fails its whole prospect: 'ok' was not stored.
    expect((await storedEvents(appId)).filter((e) => e.origin === 'api').map((e) => e.comments)).toEqual(['fine']);
  });

  it('accepts emailData.to equal to the primary email in any case, and a changed type on update fails', async () => {
    resultOf(await update(nested(appId, { typeId: 2, emailData: { from: 'a@example.com', to: email.toUpperCase() } })));
    const [mine] = (await storedEvents(appId)).filter((e) => e.origin === 'api');
    const r = resultOf(await update(nested(appId, { eventId: mine.eventId, typeId: 8 })));
    expect(r.prospects[0]).toMatchObject({ status: 'Failure', message: expect.stringMatching(/does not match/) });
  });

  it('keeps envelope errors for top-level problems', async () => {
    expect(errorOf(await update({ prospects: { prospect: [] } })).code).toBe(400);
    expect(errorOf(await update({ propertyId })).message).toMatch(/prospects.prospect|applicationId/);
    expect(errorOf(await update({ propertyId, prospects: 'x' })).code).toBe(400);
    expect(errorOf(await update({ propertyId, prospects: { prospect: [] } })).message).toMatch(/empty/);
    expect(errorOf(await update({ propertyId: 1, applicationId: appId, typeId: 8 })).code).toBe(403);
  });
});

describe('sendLeads', () => {
  it('inserts a guest card and returns its applicationId and applicantId', async () => {
    const r = resultOf(
      await h.call('leads', 'sendLeads', {
        propertyId,
        doNotSendConfirmationEmail: '1',
        isWaitList: '0',
        prospects: {
          prospect: {
            leadSource: { originatingLeadSourceId: 68509 },
            createdDate: '08/12/2025T14:03:00',
            customers: { customer: { name: { firstName: 'Ada', lastName: 'Lovelace' }, phone: { personalPhoneNumber: '3035550199' }, email: 'ada@example.com' } },
            customerPreferences: { desiredMoveInDate: '09/01/2025', comment: 'Quiet unit' },
          },
        },
      }),
    );
    const p = r.prospects.prospect[0];
    expect(p).toMatchObject({ node: '1', status: 'Success', message: 'Lead inserted successfully.', applicationId: expect.stringMatching(/^\d+$/) });
    expect(p.applicants.applicant[0]).toEqual({ id: p.applicantId, firstName: 'Ada', lastName: 'Lovelace' });
    const lead = resultOf(await h.call('leads', 'getLeads', { propertyId, leadId: p.applicationId })).prospects.prospect[0];
    expect(lead).toMatchObject({ status: 'Guest Card', leadSourceId: '68509', createdOn: '08/12/2025 14:03:00.000000 MDT' });
    expect(lead.customers.customer[0]).toMatchObject({ firstName: 'Ada', email: 'ada@example.com', personalPhoneNumber: '3035550199' });
    expect(lead.customerPreferences.targetMoveInDate).toBe('09/01/2025');
  });

  it('fails prospects without a name, a lead source or any contact, and keeps envelope errors for the rest', async () => {
    const r = resultOf(
      await h.call('leads', 'sendLeads', {
        propertyId,
        prospects: {
          prospect: [
            { leadSource: { originatingLeadSourceId: 68509 }, customers: { customer: { name: { firstName: 'A' }, email: 'a@example.com' } } },
            { customers: { customer: { name: { firstName: 'A', lastName: 'B' }, email: 'a@example.com' } } },
            { leadSource: { leadSourceName: 'Nowhere' }, customers: { customer: { name: { firstName: 'A', lastName: 'B' }, email: 'a@example.com' } } },
            { leadSource: { leadSourceName: 'zillow rentals' }, customers: { customer: { name: { firstName: 'A', lastName: 'B' } } } },
            { leadSource: { leadSourceName: 'zillow rentals' }, customers: { customer: { name: { firstName: 'A', lastName: 'B' }, phone: { cellPhoneNumber: '5' } } } },
          ],
        },
      }),
    );
    expect(r.prospects.prospect.map((p: Json) => p.status)).toEqual(['Failure', 'Failure', 'Failure', 'Failure', 'Success']);
    expect(errorOf(await h.call('leads', 'sendLeads', { propertyId })).code).toBe(400);
    expect(errorOf(await h.call('leads', 'sendLeads', { propertyId: 7, prospects: { prospect: [{}] } })).code).toBe(403);
  });
});
