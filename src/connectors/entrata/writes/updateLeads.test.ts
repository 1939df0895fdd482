import { describe, expect, it } from 'vitest';
import { readEnvelope, items } from '../envelope.ts';
import { eventRecords } from '../mappers/events.ts';
import { dateIssues } from './rules.ts';
import { buildUpdateLeadsParams, eventMatches, findWrittenEvent, prospectOutcome, readBackQuery, type EntrataEventWrite } from './updateLeads.ts';

const note: EntrataEventWrite = {
  propertyId: '100101',
  applicationId: '9001',
  typeId: '8',
  eventDatetime: '2025-06-01T16:00:00.000Z', // 10:00 MDT
  comments: 'Called back',
  title: 'Notes',
};
const call: EntrataEventWrite = { ...note, typeId: '4', call: { from: '3035550111', to: '3035550100', status: 'ANSWER', duration: 30, audioLink: 'https://calls.example.com/1.mp3' } };

describe('buildUpdateLeadsParams', () => {
  it('sends ids as JSON integers and one prospect as an object (§7.3.2), both agent and unit node names', () => {
    const p = buildUpdateLeadsParams({ ...note, leasingAgentId: '77', propertyUnitId: '501' }) as { propertyId: unknown; prospects: { prospect: { applicationId: unknown; events: { event: Array<Record<string, unknown>> } } } };
    expect(p.propertyId).toBe(100101);
    expect(p.prospects.prospect.applicationId).toBe(9001);
    expect(p.prospects.prospect.events.event[0]).toMatchObject({ typeId: 8, date: '06/01/2025T10:00:00', title: 'Notes', comments: 'Called back', leasingAgentId: '77', agentId: 77, propertyUnitId: '501', unitSpaceIds: '501' });
  });
});

describe('readBackQuery', () => {
  it('asks getLeads for the application and type over the event day and the appointment day, a day either side', () => {
    expect(readBackQuery({ ...note, appointmentDatetime: '2025-06-05T16:00:00.000Z' })).toEqual({ propertyId: 100101, leadId: 9001, eventTypeIds: '8', eventDateFrom: '05/31/2025', eventDateTo: '06/06/2025' });
  });
});

describe('eventMatches / findWrittenEvent', () => {
  const rich = { eventId: '5', typeId: '8', date: '06/01/2025 10:00:00.000000 MDT', comments: 'Called back', title: 'Notes' };
  it('compares every field sent that the read returns', () => {
    expect(eventMatches(rich, note)).toBe(true);
    expect(eventMatches({ ...rich, comments: 'Other' }, note)).toBe(false);
    expect(eventMatches({ ...rich, title: 'Other' }, note)).toBe(false);
    expect(eventMatches({ ...rich, date: '06/01/2025 10:00:01.000000 MDT' }, note)).toBe(false);
    expect(eventMatches({ ...rich, typeId: '4' }, note)).toBe(false);
  });
  it('a day-only date (the published examples) is compared by its Mountain Time day; absent fields cannot tell', () => {
    const spec = { eventId: '5', typeId: '8', date: '2025-06-01' };
    expect(eventMatches(spec, note)).toBe(true);
    expect(eventMatches({ ...spec, date: '2025-06-02' }, note)).toBe(false);
    // 23:30 MDT on June 1 is June 2 in UTC: still the MT day the read shows.
    expect(eventMatches(spec, { ...note, eventDatetime: '2025-06-02T05:30:00.000Z' })).toBe(true);
  });
  it('compares the call data getLeads returns (status in any case), without the audio link it omits', () => {
    const got = { eventId: '6', typeId: '4', date: '2025-06-01', comments: 'Called back', callData: { callId: '1', callFrom: '3035550111', ringThrough: '3035550100', duration: '30', callStatus: 'answered' } };
    expect(eventMatches(got, call)).toBe(true);
    expect(eventMatches({ ...got, callData: { ...got.callData, duration: '31' } }, call)).toBe(false);
  });
  it('takes neither a snapshotted nor a claimed event, nor one of another application', () => {
    const result = { prospects: { prospect: [{ applicationId: '9001', events: { event: [{ ...rich, eventId: '5' }, { ...rich, eventId: '7' }, { ...rich, eventId: '9' }] } }, { applicationId: '9002', events: { event: [{ ...rich, eventId: '3' }] } }] } };
    expect(findWrittenEvent(result, note, [])?.eventId).toBe('5');
    expect(findWrittenEvent(result, note, ['5'])?.eventId).toBe('7');
    expect(findWrittenEvent(result, note, ['5'], new Set(['7']))?.eventId).toBe('9');
    expect(findWrittenEvent(result, note, ['5', '9'], new Set(['7']))).toBeNull();
  });
});

describe('reading Entrata shapes the evidence shows', () => {
  it('"No Records Found." is no rows', () => {
    const env = readEnvelope({ response: { requestId: '1', code: 200, result: { success: 'No Records Found.' } } });
    expect(env).toEqual({ ok: true, code: 200, result: { success: 'No Records Found.' } });
    expect(eventRecords(env && env.ok ? env.result : null)).toEqual([]);
  });
  it('prospects as a list of groups, as production code reads them (§7.2.3)', () => {
    expect(eventRecords({ prospects: [{ prospect: [{ applicationId: '1', events: { event: [{ eventId: '2' }] } }] }] })).toEqual([{ applicationId: '1', event: { eventId: '2' } }]);
    expect(items([{ prospect: { a: 1 } }, { prospect: [{ a: 2 }] }], 'prospect')).toEqual([{ a: 1 }, { a: 2 }]);
  });
  it('a per-prospect failure is a status other than Success, or an envelope code other than 200 (§7.3.7)', () => {
    expect(prospectOutcome({ prospects: [{ node: '1', status: 'Success', message: 'Lead updated successfully.' }] })).toEqual({ ok: true, message: 'Lead updated successfully.' });
    expect(prospectOutcome({ prospects: [{ node: 1, status: 'Failure', message: "Missing value for parameter 'id'." }] })).toEqual({ ok: false, message: "Missing value for parameter 'id'." });
    expect(prospectOutcome({ prospects: { prospect: [{ status: 'Success', message: 'odd' }] } }, 400).ok).toBe(false);
    expect(prospectOutcome({}, 300)).toEqual({ ok: false, message: 'Entrata answered code 300' });
    expect(readEnvelope({ response: { code: 400, result: { prospects: [] } } })).toMatchObject({ ok: true, code: 400 });
  });
});

describe('dateIssues', () => {
  const now = Date.parse('2026-12-08T12:00:00Z');
  const paths = (body: Record<string, unknown>) => dateIssues(body, now).map((i) => `${i.path.join('.')}: ${i.message}`);
  it('refuses an event after Entrata’s now, beyond the clock-skew tolerance, and says where a future appointment goes', () => {
    expect(paths({ event_datetime: '2026-12-08T12:04:00Z' })).toEqual([]);
    expect(paths({ event_datetime: '2026-12-08T13:00:00Z' })).toEqual([expect.stringMatching(/^event_datetime: .*in the future.*appointment_datetime/)]);
  });
  it.each(['0000-01-01T00:00:00Z', '1653-04-29T00:00:00Z', '2301-01-01T00:00:00Z', '9999-12-31T23:59:59Z'])('refuses %s for both fields, naming the accepted range', (at) => {
    const issues = paths({ event_datetime: at, appointment_datetime: at });
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/^event_datetime: .* outside the dates Entrata takes: send an instant from 1900-01-01T00:00:00.000Z to now/);
    expect(issues[1]).toMatch(/^appointment_datetime: .* from 1900-01-01T00:00:00.000Z to 2099-12-31T23:59:59.999Z/);
  });
});
