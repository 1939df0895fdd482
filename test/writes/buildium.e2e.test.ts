import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../sandbox/buildium/index.ts';
import { expectSpecExchanges } from '../../sandbox/buildium/test/harness.ts';
import { storageMode } from '../support/store.ts';
import { createBuildiumWriteHarness, type BuildiumWriteHarness } from './buildiumHarness.ts';

// Buildium note writes end to end: API → job → worker → Buildium sandbox → read-back, exactly once.
let w: BuildiumWriteHarness;
beforeAll(async () => {
  w = await createBuildiumWriteHarness({ worker: { concurrency: 4 } });
}, 60_000);
afterAll(() => w?.close());
beforeEach(() => w.setFaults({}));

const jobOf = (res: { statusCode: number; body: string; json(): unknown }): string => {
  expect(res.statusCode, res.body).toBe(200);
  const b = res.json() as { meta?: { job_id: string }; job_id?: string };
  return (b.meta?.job_id ?? b.job_id) as string;
};

describe(`Buildium note writes (${storageMode})`, () => {
  it('a note on an applicant and on a resident: SUCCESS with created_record_id at once, listed by GET /v1/events with its text', async () => {
    const [applicant] = await w.people('applicants');
    const [resident] = await w.people('residents');
    const a = await w.settle(jobOf(await w.post('/v1/events/applicants/buildium/', { integration_id: w.integration.id, applicant_id: applicant!.id, notes: 'Toured unit 204, wants a June move-in' })));
    expect(a).toMatchObject({ write_status: 'SUCCESS', errors: [] });
    expect(a.created_record_id).toEqual(expect.any(String));
    const event = (await w.get(`/v1/events/${a.created_record_id}`)).json() as { results: Record<string, unknown> };
    expect(event.results).toMatchObject({ notes: 'Toured unit 204, wants a June move-in', event_name: 'Applicant note', associated_applicant_ids: [applicant!.id], integration_vendor: 'BUILDIUM' });
    const r = await w.settle(jobOf(await w.post('/v1/events/residents/buildium/', { integration_id: w.integration.id, resident_id: resident!.id, notes: 'Asked about the renewal', event_type: 'Note' })));
    expect(r.write_status).toBe('SUCCESS');
    const listed = (await w.get(`/v1/events/?integration_id=${w.integration.id}&limit=250&order-by=created_at:desc`)).json() as { results: Array<{ id: string; notes: string }> };
    expect(listed.results.find((e) => e.id === r.created_record_id)?.notes).toBe('Asked about the renewal');
    const notes = await w.writtenNotes();
    expect(notes.map((n) => [n.owner, String(n.ownerId), n.Note])).toEqual([
      ['applicant', applicant!.x_id, 'Toured unit 204, wants a June move-in'],
      ['tenant', resident!.x_id, 'Asked about the renewal'],
    ]);
  });

  it('the generic routes reach Buildium for a Buildium integration; a lead event is a 400 that says Buildium has no leads', async () => {
    const [, applicant] = await w.people('applicants');
    const s = await w.settle(jobOf(await w.post('/v1/events/applicants', { integration_id: w.integration.id, applicant_id: applicant!.id, notes: 'Generic route note', event_type: 'Note' })));
    expect(s.write_status).toBe('SUCCESS');
    const lead = await w.post('/v1/events/leads', { integration_id: w.integration.id, lead_id: 'anything', notes: 'x' });
    expect(lead.statusCode).toBe(400);
    expect(lead.json().error.message).toMatch(/Buildium has no leads/);
    const extra = await w.post('/v1/events/applicants', { integration_id: w.integration.id, applicant_id: applicant!.id, notes: 'x', event_type_id: 'c1' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.message).toMatch(/BUILDIUM does not take event_type_id/);
  });

  it('refuses what Buildium would refuse, with the field and the fix', async () => {
    const [applicant] = await w.people('applicants');
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['/v1/events/applicants/buildium/', { integration_id: w.integration.id, applicant_id: applicant!.id }, /notes/],
      ['/v1/events/applicants/buildium/', { integration_id: w.integration.id, applicant_id: applicant!.id, notes: '   ' }, /blank/],
      ['/v1/events/applicants/buildium/', { integration_id: w.integration.id, applicant_id: applicant!.id, notes: 'x', event_type: 'Call' }, /event_type must be "Note"/],
      ['/v1/events/applicants/buildium/', { integration_id: w.integration.id, applicant_id: 'c_nope', notes: 'x' }, /No applicant "c_nope"/],
      ['/v1/events/residents/buildium/', { integration_id: w.integration.id, resident_id: 'c_nope', notes: 'x' }, /No resident "c_nope"/],
      ['/v1/events/applicants/buildium/', { integration_id: w.integration.id, applicant_id: applicant!.id, notes: 'x', event_datetime: '2026-01-01T00:00:00Z' }, /event_datetime|Unrecognized/i],
    ];
    for (const [url, body, message] of cases) {
      const res = await w.post(url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.message, JSON.stringify(body)).toMatch(message);
    }
    expect(await w.writtenNotes()).toHaveLength(3);
  });

  it('30 notes under dropped answers, 5xx, 503s, 429s and failing reads: all SUCCESS, 0 lost, 0 duplicated', async () => {
    const before = new Set((await w.writtenNotes()).map((n) => `${n.owner}:${n.Id}`));
    w.setFaults({
      CreateApplicantNote: [{ kind: 'drop', rate: 0.2 }, { kind: 'http', status: 500, rate: 0.15 }, { kind: 'http', status: 503, rate: 0.1 }, { kind: 'throttle', rate: 0.1 }],
      CreateTenantNote: [{ kind: 'drop', rate: 0.25 }, { kind: 'http', status: 502, rate: 0.15 }],
      GetAllApplicantNotes: { kind: 'http', status: 503, rate: 0.1 },
      GetAllTenantNotes: { kind: 'http', status: 500, rate: 0.1 },
    });
    const applicants = (await w.people('applicants')).slice(0, 3);
    const residents = (await w.people('residents')).slice(0, 3);
    const jobs: Array<{ jobId: string; text: string; personXId: string }> = [];
    for (let i = 0; i < 30; i++) {
      // Every fifth note repeats an earlier text on the same person: the read-back must not double-claim.
      const text = i % 5 === 4 ? `Fault note ${i - 1}` : `Fault note ${i}`;
      const onApplicant = i % 2 === 0;
      const person = onApplicant ? applicants[i % 3]! : residents[i % 3]!;
      const url = onApplicant ? '/v1/events/applicants/buildium/' : '/v1/events/residents/buildium/';
      const body = { integration_id: w.integration.id, [onApplicant ? 'applicant_id' : 'resident_id']: person.id, notes: text };
      jobs.push({ jobId: jobOf(await w.post(url, body)), text, personXId: person.x_id });
    }
    const results = await Promise.all(jobs.map((j) => w.settle(j.jobId, 90_000)));
    expect(results.map((r) => r.write_status)).toEqual(jobs.map(() => 'SUCCESS'));
    const notes = (await w.writtenNotes()).filter((n) => !before.has(`${n.owner}:${n.Id}`));
    expect(notes).toHaveLength(30);
    // Each job names a distinct note with its text on its person.
    const created = results.map((r) => r.created_record_id);
    expect(new Set(created).size).toBe(30);
    const events = await w.store.db.selectFrom('events').select(['id', 'x_id', 'data']).where('id', 'in', created as string[]).execute();
    const byId = new Map(events.map((e) => [e.id, e]));
    const noteById = new Map(notes.map((n) => [`${n.owner === 'applicant' ? 'applicant_note' : 'tenant_note'}:${n.Id}`, n]));
    jobs.forEach((j, i) => {
      const e = byId.get(created[i] as string)!;
      const note = noteById.get(e.x_id)!;
      expect(note.Note).toBe(j.text);
      expect(String(note.ownerId)).toBe(j.personXId);
      expect((JSON.parse(e.data) as { notes: string }).notes).toBe(j.text);
    });
    const fired = (await (await fetch(`${w.sandbox.url}/__sandbox/faults`)).json()) as { counters: Record<string, Array<{ fired: number }>> };
    expect(fired.counters.CreateApplicantNote?.[0]?.fired).toBeGreaterThan(0);
    expect(fired.counters.CreateTenantNote?.[0]?.fired).toBeGreaterThan(0);
    // Every request the connector sent, and every answer it got, as Buildium's spec has them.
    expectSpecExchanges(((await (await fetch(`${w.sandbox.url}/__sandbox/requests`)).json()) as { requests: RecordedRequest[] }).requests);
  }, 180_000);

  it('a note Buildium keeps failing ends FAILURE with Buildium\'s reason after the attempt budget', async () => {
    const [applicant] = await w.people('applicants');
    const path = '/v1/events/applicants/buildium/';
    w.setFaults({ CreateApplicantNote: { kind: 'http', status: 500 } });
    const failing = await w.settle(jobOf(await w.post(path, { integration_id: w.integration.id, applicant_id: applicant!.id, notes: 'never lands' })), 120_000);
    expect(failing.write_status).toBe('FAILURE');
    expect(failing.errors.at(-1)).toMatch(/Buildium failed \(POST \/v1\/applicants\/\{id\}\/notes, HTTP 500\)/);
  }, 150_000);
});
