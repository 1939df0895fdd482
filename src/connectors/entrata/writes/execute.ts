import type { EventExecution, WriteOutcome, WriteProgress } from '../../connector.ts';
import { EntrataClient } from '../client.ts';
import { sharedLimiter } from '../rateLimit.ts';
import type { EntrataCredentials } from '../credentials.ts';
import { field, items, str, type Obj } from '../envelope.ts';
import { EntrataError } from '../errors.ts';
import { eventRecords, mapEvent } from '../mappers/events.ts';
import { applicationContext } from './people.ts';
import { READ_BACK } from '../choices.ts';
import { buildAppointmentUpdateParams, isAppointmentUpdate, updateShown, type EntrataAppointmentUpdate } from './appointmentUpdates.ts';
import { mountainDateShifted } from '../time.ts';
import { buildUpdateLeadsParams, eventIdsIn, findWrittenEvent, newEventIds, prospectOutcome, readBackQuery, type EntrataEventWrite } from './updateLeads.ts';

const READ_PAGE_SIZE = 100;

/**
 * One attempt at an event write, exactly once across attempts and crashes:
 * 1. before the first send, snapshot the ids of the application's events of that type around the
 *    event's MT days (the read-back query, choices.ts READ_BACK);
 * 2. persist the snapshot and "sent" together before calling updateLeads (one save: a crash
 *    before the send then only costs the next attempt one look for an event that is not there);
 * 3. if a previous attempt was "sent" and its outcome unknown, look for the event before sending
 *    again: a new id (not in the snapshot), not claimed by another write job, matching every field
 *    sent that the read returns (updateLeads.ts findWrittenEvent).
 * Why a match is ours and not another Leasewire write's: the worker's gate keeps every other write
 * to this application from running while this one is in doubt, and claimed ids are skipped
 * ("Exactly once across retries", src/writes/worker.ts).
 */
export async function executeEntrataEvent(x: EventExecution<EntrataCredentials>): Promise<WriteOutcome> {
  if (isAppointmentUpdate(x.request)) return executeAppointmentUpdate(x);
  const w = x.request as unknown as EntrataEventWrite;
  // Reads retry inside the client; the send never does (its outcome may be unknown). The limiter is
  // the process's (the database's on PostgreSQL): writes and syncs share one pace per integration.
  const client = new EntrataClient(x.credentials, {
    integrationId: x.integrationId,
    limiter: sharedLimiter(x.db),
    maxAttempts: 3,
    baseBackoffMs: 50,
    timeoutMs: 15_000,
  });
  const readEvents = async () => {
    // Paged by prospect: one page for one application in practice, but never miss a later page.
    const prospects: Obj[] = [];
    for await (const page of client.pages({ ...READ_BACK, params: readBackQuery(w) }, READ_PAGE_SIZE)) {
      prospects.push(...items(field(page.result as Obj, 'prospects'), 'prospect'));
    }
    return { prospects: { prospect: prospects } };
  };
  const find = async (read: unknown, snapshot: readonly string[]) => findWrittenEvent(read, w, snapshot, await x.claimed(newEventIds(read, snapshot)));
  let progress: WriteProgress = x.progress;
  const save = async (p: WriteProgress) => {
    progress = p;
    await x.saveProgress(p);
  };
  try {
    const snapshot = progress.snapshot ?? eventIdsIn(await readEvents());
    // "Sent" without a snapshot cannot happen (both are saved together); such a write is sent as new.
    if (progress.sent && progress.snapshot !== null) {
      const found = await find(await readEvents(), snapshot);
      if (found) return await succeeded(x, w, found);
    }
    await save({ snapshot, sent: true });
    let answer: { result: unknown; code: number | null };
    try {
      answer = await client.call({ service: 'leads', method: 'updateLeads', version: 'r2', params: buildUpdateLeadsParams(w), retry: false });
    } catch (e) {
      if (e instanceof EntrataError && e.outcome === 'not_applied') await save({ snapshot, sent: false });
      throw e;
    }
    const outcome = prospectOutcome(answer.result, answer.code);
    if (!outcome.ok) {
      await save({ snapshot, sent: false });
      return { status: 'failed', kind: 'permanent', message: `Entrata refused the event: ${outcome.message}` };
    }
    return await succeeded(x, w, await find(await readEvents(), snapshot));
  } catch (e) {
    if (e instanceof EntrataError) {
      const { retryAfterMs } = e.details;
      return { status: 'failed', kind: e.kind, message: e.message, ...(retryAfterMs !== undefined && e.kind === 'transient' ? { retryAfterMs } : {}) };
    }
    throw e;
  }
}

async function succeeded(x: EventExecution<EntrataCredentials>, w: EntrataEventWrite, found: { eventId: string; event: Obj } | null): Promise<WriteOutcome> {
  // Entrata accepted it but did not show it yet: the next sync will bring it in.
  if (!found) return { status: 'succeeded', xRecordId: null, record: null };
  // The mapper asks for the agent's name only when the event names an agent without the name.
  const agentId = str(field(found.event, 'leasingAgentId'));
  const needsAgent = agentId !== null && str(field(found.event, 'leasingAgent', 'agentName')) === null;
  const { people, agentName } = await applicationContext(x.db, x.integrationId, w.propertyId, w.applicationId, needsAgent ? agentId : null);
  const input = mapEvent(
    { integrationId: x.integrationId, peopleOf: () => people, agentName: (id) => (id === agentId ? agentName : null) },
    w.propertyId,
    w.applicationId,
    found.event,
  );
  return { status: 'succeeded', xRecordId: found.eventId, record: { model: 'events', input } };
}

/**
 * A reschedule or cancel: updateLeads with the event's id (appointmentUpdates.ts placeEventId),
 * then the event read back by its id until it shows the update. Exactly once by nature: the update
 * sets values, so sending it again after an unknown outcome changes nothing more; no record is
 * created, so nothing is claimed (the job's created_record_id is the updated event).
 */
async function executeAppointmentUpdate(x: EventExecution<EntrataCredentials>): Promise<WriteOutcome> {
  const u = x.request as unknown as EntrataAppointmentUpdate;
  const client = new EntrataClient(x.credentials, { integrationId: x.integrationId, limiter: sharedLimiter(x.db), maxAttempts: 3, baseBackoffMs: 50, timeoutMs: 15_000 });
  const days = [u.eventDatetime, ...(u.appointmentDatetime ? [u.appointmentDatetime] : [])].map((d) => Date.parse(d));
  try {
    await x.saveProgress({ snapshot: x.progress.snapshot ?? [], sent: true });
    const answer = await client.call({ service: 'leads', method: 'updateLeads', version: 'r2', params: buildAppointmentUpdateParams(u), retry: false });
    const outcome = prospectOutcome(answer.result, answer.code);
    if (!outcome.ok) {
      await x.saveProgress({ snapshot: x.progress.snapshot ?? [], sent: false });
      return { status: 'failed', kind: 'permanent', message: `Entrata refused the update of event ${u.eventId}: ${outcome.message}` };
    }
    const prospects: Obj[] = [];
    const params = { propertyId: Number(u.propertyId), leadId: Number(u.applicationId), eventTypeIds: '17', eventDateFrom: mountainDateShifted(Math.min(...days), -1), eventDateTo: mountainDateShifted(Math.max(...days), 1) };
    for await (const page of client.pages({ ...READ_BACK, params }, READ_PAGE_SIZE)) prospects.push(...items(field(page.result as Obj, 'prospects'), 'prospect'));
    const read = { prospects: { prospect: prospects } };
    const found = eventIdsIn(read).includes(u.eventId) ? findById(read, u.eventId) : null;
    if (!found || !updateShown(found, u)) return { status: 'failed', kind: 'transient', message: `Entrata accepted the update of event ${u.eventId} but does not show it yet; Leasewire will look again.` };
    const asWrite = { propertyId: u.propertyId, applicationId: u.applicationId } as EntrataEventWrite;
    const done = await succeeded(x, asWrite, { eventId: u.eventId, event: found });
    return done.status === 'succeeded' ? { ...done, xRecordId: null } : done;
  } catch (e) {
    if (e instanceof EntrataError) {
      const { retryAfterMs } = e.details;
      return { status: 'failed', kind: e.kind, message: e.message, ...(retryAfterMs !== undefined && e.kind === 'transient' ? { retryAfterMs } : {}) };
    }
    throw e;
  }
}

function findById(read: unknown, eventId: string): Obj | null {
  for (const r of eventRecords(read)) if (str(field(r.event, 'eventId', 'id')) === eventId) return r.event;
  return null;
}
