import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, resultOf, startHarness, type Harness, type Json } from './harness.ts';

// The `spec` profile answers with only what the public evidence shows (profile.ts); the envelope
// facts of the evidence hold in both profiles.
let spec: Harness;
let rich: Harness;
let propertyId: number;
let appId: number;
beforeAll(async () => {
  [spec, rich] = await Promise.all([startHarness({ profile: 'spec' }), startHarness({ profile: 'rich' })]);
  propertyId = spec.sb.info.propertyIds[0] ?? 0;
  appId = spec.sb.info.examples.leadApplicationId;
});
beforeEach(() => {
  spec.sb.reset();
  rich.sb.reset();
});
afterAll(async () => {
  await spec?.close();
  await rich?.close();
});

const ALL_TYPES = '1,2,3,4,8';
const eventsOf = (r: Json): Json[] => resultOf(r).prospects.prospect.flatMap((p: Json) => p.events.event);

describe('sandbox profiles', () => {
  it('reports its profile in /__sandbox/info', async () => {
    expect((await spec.inspect('GET', '/__sandbox/info')).body.profile).toBe('spec');
    expect((await rich.inspect('GET', '/__sandbox/info')).body.profile).toBe('rich');
  });

  it('spec getLeadEvents: only the published fields, dates without a time', async () => {
    const events = eventsOf(await spec.call('leads', 'getLeadEvents', { propertyId, applicationId: appId }));
    expect(events.length).toBeGreaterThan(0);
    const allowed = new Set(['eventId', 'typeId', 'type', 'leaseId', 'leaseIntervalId', 'applicantId', 'date', 'appointmentDate', 'timeFrom', 'timeTo', 'eventResultId', 'eventResult', 'eventReason']);
    for (const e of events) {
      for (const k of Object.keys(e)) expect(allowed, `getLeadEvents field ${k}`).toContain(k);
      expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    // The rich profile still carries the notes.
    expect(eventsOf(await rich.call('leads', 'getLeadEvents', { propertyId, applicationId: appId })).some((e) => 'comments' in e)).toBe(true);
  });

  it('spec getLeads: events add comments, eventReasons and callData (no audio link), still no title, agent, unit or sub type', async () => {
    const events = eventsOf(await spec.call('leads', 'getLeads', { propertyId, leadId: appId, eventTypeIds: ALL_TYPES }));
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      for (const k of ['title', 'subtypeId', 'leasingAgentId', 'propertyUnitId', 'emailData', 'eventReason']) expect(e).not.toHaveProperty(k);
      if (e.callData) expect(Object.keys(e.callData).sort()).toEqual(['callFrom', 'callId', 'callStatus', 'duration', 'ringThrough'].filter((k) => k in e.callData).sort());
      if (e.callData) expect(e.callData).not.toHaveProperty('audioLink');
    }
    expect(events.some((e) => typeof e.comments === 'string')).toBe(true);
  });

  it('spec: an empty read is {"success":"No Records Found."}; rich keeps an empty list', async () => {
    const q = { propertyId, eventTypeIds: '8', eventDateFrom: '01/01/1990', eventDateTo: '01/02/1990' };
    expect(resultOf(await spec.call('leads', 'getLeadEvents', q))).toEqual({ success: 'No Records Found.' });
    expect(resultOf(await rich.call('leads', 'getLeadEvents', q))).toEqual({ prospects: { prospect: [] } });
    expect(resultOf(await spec.call('leads', 'getLeads', { propertyId, leadId: 1 }))).toEqual({ success: 'No Records Found.' });
  });

  it('spec updateLeads: title and non-empty comments are required, and a failed prospect sets the envelope code', async () => {
    const update = (event: Json) => spec.call('leads', 'updateLeads', { propertyId, prospects: { prospect: { applicationId: appId, events: { event: [event] } } } }, { version: 'r2' });
    const noTitle = await update({ typeId: 8, date: '10/15/2025 09:30:00', comments: 'a note' });
    expect(noTitle.body.response.code).toBe(400);
    expect(noTitle.body.response.result.prospects[0]).toMatchObject({ status: 'Failure', message: expect.stringMatching(/"title" is required/) });
    const blank = await update({ typeId: 8, date: '10/15/2025 09:30:00', title: 'Note', comments: '  ' });
    expect(blank.body.response.result.prospects[0].message).toMatch(/"comments" must not be empty/);
    const ok = await update({ typeId: 8, date: '10/15/2025 09:30:00', title: 'Note', comments: 'a note' });
    expect(ok.body.response.code).toBe(200);
    expect(resultOf(ok).prospects[0].status).toBe('Success');
    // The rich profile takes an event without a title.
    const richOk = await rich.call('leads', 'updateLeads', { propertyId, prospects: { prospect: { applicationId: appId, events: { event: [{ typeId: 8, comments: 'x' }] } } } }, { version: 'r2' });
    expect(resultOf(richOk).prospects[0].status).toBe('Success');
  });

  for (const profile of ['spec', 'rich'] as const) {
    it(`${profile}: an event dated after the current Mountain Time is a per-prospect Failure`, async () => {
      const h = profile === 'spec' ? spec : rich;
      const future = new Date(Date.now() + 2 * 3_600_000);
      const mt = future.toLocaleString('en-US', { timeZone: 'America/Denver', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).replace(',', '').replace(' 24:', ' 00:');
      const r = await h.call('leads', 'updateLeads', { propertyId, prospects: { prospect: { applicationId: appId, events: { event: [{ typeId: 8, date: mt, title: 'Note', comments: 'later' }] } } } }, { version: 'r2' });
      expect(r.body.response.result.prospects[0]).toMatchObject({ status: 'Failure', message: expect.stringMatching(/in the future/) });
    });

    it(`${profile}: no method name is code 108, and requestId is echoed only when sent`, async () => {
      const h = profile === 'spec' ? spec : rich;
      const noName = await h.raw('/api/v1/status', JSON.stringify({ requestId: 7, method: { params: {} } }), { Authorization: h.basicAuth });
      expect(errorOf(noName)).toEqual({ code: 108, message: 'Please provide a API method name.' });
      expect(noName.body.response.requestId).toBe('7');
      const anonymous = await h.raw('/api/v1/status', JSON.stringify({ method: { name: 'getStatus' } }), { Authorization: h.basicAuth });
      expect(anonymous.body.response).not.toHaveProperty('requestId');
      // Envelope errors carry the rate headers only in the rich profile; successes always do.
      expect(noName.headers.has('x-ratelimit-limit')).toBe(profile === 'rich');
      expect(anonymous.headers.has('x-ratelimit-limit')).toBe(true);
    });
  }
});
