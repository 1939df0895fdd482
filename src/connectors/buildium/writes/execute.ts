import type { EventExecution, WriteOutcome, WriteProgress } from '../../connector.ts';
import { sharedLimiter } from '../../shared/outboundLimiter.ts';
import { BuildiumClient, type Obj } from '../client.ts';
import type { BuildiumCredentials } from '../credentials.ts';
import { BuildiumError } from '../errors.ts';
import { eventXId, mapNote } from '../mappers/events.ts';
import type { BuildiumNoteWrite } from './rules.ts';

/**
 * One attempt at a Buildium note, exactly once across attempts and crashes. Buildium has no
 * idempotency key and a note carries nothing of ours but its text, so:
 * 1. before the first send, snapshot the ids of the person's notes (every page);
 * 2. persist the snapshot and "sent" together before the POST (a crash before the send then only
 *    costs the next attempt one look for a note that is not there);
 * 3. a 201 gives the note's Id: success at once, the event record built from the 201 itself;
 * 4. if a previous attempt was "sent" and its outcome unknown (timeout, reset, a 5xx other than
 *    503), list the person's notes and take a note that is not in the snapshot, has exactly our
 *    text, and is not claimed by another write (the lowest such Id); only when there is none is
 *    the note sent again;
 * 5. an answer that says the note was not applied (4xx, 429, 503, refused connection) clears
 *    "sent", so the next attempt sends without looking.
 * Writes to one person are serialized by the caller (serialKey) and held while one of them is in
 * doubt (the worker's gate, "Exactly once across retries" in src/writes/worker.ts), so no other
 * write of that person sends between our in-doubt send and our look; a note another write job
 * claimed is never taken.
 */
export async function executeBuildiumNote(x: EventExecution<BuildiumCredentials>): Promise<WriteOutcome> {
  const w = x.request as unknown as BuildiumNoteWrite;
  const client = new BuildiumClient(x.credentials, { integrationId: x.integrationId, limiter: sharedLimiter(x.db), maxAttempts: 3, baseBackoffMs: 200, timeoutMs: 15_000 });
  const notesPath = w.model === 'applicants' ? `/v1/applicants/${w.personXId}/notes` : `/v1/leases/tenants/${w.personXId}/notes`;
  const kind = w.model === 'applicants' ? 'applicant_note' : 'tenant_note';
  let progress: WriteProgress = x.progress;
  const save = async (p: WriteProgress) => {
    progress = p;
    await x.saveProgress(p);
  };
  try {
    const snapshot = progress.snapshot ?? (await client.all(notesPath)).map((n) => String(n.Id));
    if (progress.sent && progress.snapshot !== null) {
      const found = await findOurNote(x, client, notesPath, w, new Set(snapshot), kind);
      if (found) return succeeded(x, w, found);
    }
    await save({ snapshot, sent: true });
    let created: unknown;
    try {
      created = (await client.post(notesPath, { Note: w.note })).body;
    } catch (e) {
      if (e instanceof BuildiumError && e.outcome === 'not_applied') await save({ snapshot, sent: false });
      throw e;
    }
    const note = typeof created === 'object' && created !== null ? (created as Obj) : null;
    // A 2xx without a note Id: applied, but unnamed; the next sync brings it in.
    if (!note || typeof note.Id !== 'number') return { status: 'succeeded', xRecordId: null, record: null };
    return succeeded(x, w, note);
  } catch (e) {
    if (e instanceof BuildiumError) {
      const { retryAfterMs } = e.details;
      return { status: 'failed', kind: e.kind, message: e.message, ...(retryAfterMs !== undefined && e.kind === 'transient' ? { retryAfterMs } : {}) };
    }
    throw e;
  }
}

async function findOurNote(x: EventExecution<BuildiumCredentials>, client: BuildiumClient, path: string, w: BuildiumNoteWrite, before: Set<string>, kind: 'applicant_note' | 'tenant_note'): Promise<Obj | null> {
  const candidates = (await client.all(path)).filter((n) => !before.has(String(n.Id)) && n.Note === w.note).sort((a, b) => Number(a.Id) - Number(b.Id));
  // Claims: a note another write job recorded as its own is never ours (src/writes/worker.ts).
  const claimed = await x.claimed(candidates.map((n) => eventXId(kind, String(n.Id))));
  return candidates.find((n) => !claimed.has(eventXId(kind, String(n.Id)))) ?? null;
}

function succeeded(x: EventExecution<BuildiumCredentials>, w: BuildiumNoteWrite, note: Obj): WriteOutcome {
  const owner = w.model === 'applicants' ? 'applicant' : 'resident';
  const input = mapNote({ integrationId: x.integrationId }, owner, w.personXId, w.propertyXId, note);
  return { status: 'succeeded', xRecordId: input.x_id, record: { model: 'events', input } };
}
