import type { Dataset, NoteRow } from '../dataset/model.ts';
import { href } from '../dataset/generate.ts';
import { ApiFailure, notFound } from '../errors.ts';
import { inWindow, instantParam, integerParam, page } from '../query.ts';
import type { SandboxState } from '../state.ts';
import { idParam, list, type Operation, type OperationContext } from './types.ts';

interface NoteOwner {
  /** "applicants" or "tenants": the notes list and the owner list of the dataset. */
  notes: (d: Dataset) => NoteRow[];
  exists: (d: Dataset, id: number) => boolean;
  what: string;
  param: string;
  base: string;
}

const applicantOwner: NoteOwner = { notes: (d) => d.applicantNotes, exists: (d, id) => d.applicants.some((a) => a.id === id), what: 'Applicant', param: 'applicantId', base: 'applicants' };
const tenantOwner: NoteOwner = { notes: (d) => d.tenantNotes, exists: (d, id) => d.tenants.some((t) => t.id === id), what: 'Tenant', param: 'tenantId', base: 'leases/tenants' };

function owned(ctx: OperationContext, o: NoteOwner): number {
  const id = idParam(ctx.params, o.param);
  if (!o.exists(ctx.state.dataset, id)) throw notFound(o.what, id);
  return id;
}

function listNotes(o: NoteOwner) {
  return (ctx: OperationContext) => {
    const id = owned(ctx, o);
    const q = ctx.query;
    const from = instantParam(q, 'updateddatetimefrom');
    const to = instantParam(q, 'updateddatetimeto');
    const byUser = integerParam(q, 'lastupdatedbyuserid');
    const rows = o.notes(ctx.state.dataset).filter(
      (n) => n.ownerId === id && inWindow(n.updated, from, to) && (byUser === undefined || (n.message.LastUpdatedByUser as { Id: number } | null)?.Id === byUser),
    );
    return list(page(q, rows));
  };
}

function noteById(o: NoteOwner) {
  return (ctx: OperationContext) => {
    const id = owned(ctx, o);
    const noteId = idParam(ctx.params, 'noteId');
    const note = o.notes(ctx.state.dataset).find((n) => n.ownerId === id && n.id === noteId);
    if (!note) throw notFound('Note', noteId);
    return { status: 200, body: note.message };
  };
}

/** NotePostMessage: `{ "Note": "…" }`, Note required and non-empty, nothing else. */
export function readNotePost(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiFailure(400, 'BadRequest', 'The request body must be a JSON object such as {"Note": "text"}.');
  const extra = Object.keys(body).filter((k) => k !== 'Note');
  if (extra.length > 0) throw new ApiFailure(400, 'BadRequest', `Unknown field(s): ${extra.join(', ')}. A note takes only "Note".`, extra.map((k) => ({ Key: k, Value: 'Unknown field.' })));
  const note = (body as { Note?: unknown }).Note;
  if (typeof note !== 'string' || note.trim() === '') throw new ApiFailure(422, 'ValidationFailed', 'The Note field is required.', [{ Key: 'Note', Value: 'The Note field is required and must be a non-empty string.' }]);
  if (note.length > 65_535) throw new ApiFailure(422, 'ValidationFailed', 'The Note field is too long.', [{ Key: 'Note', Value: 'At most 65535 characters.' }]);
  return note;
}

/** Adds a note as Buildium would: a new id, the API key's user as its author, the clock's instant. */
export function addNote(state: SandboxState, list: NoteRow[], ownerId: number, text: string, origin: NoteRow['origin']): NoteRow {
  const d = state.dataset;
  const user = d.users.find((u) => u.id === d.apiUserId);
  const updated = new Date(state.now()).toISOString();
  const id = d.nextNoteId++;
  const row: NoteRow = {
    id,
    ownerId,
    updated,
    origin,
    message: { Id: id, Note: text, LastUpdatedByUser: { Id: d.apiUserId, FirstName: user?.message.FirstName ?? null, LastName: user?.message.LastName ?? null, Href: href(`users/${d.apiUserId}`), UpdatedDateTime: updated } },
  };
  list.push(row);
  return row;
}

function createNote(o: NoteOwner) {
  return (ctx: OperationContext) => {
    const id = owned(ctx, o);
    const text = readNotePost(ctx.body);
    const row = addNote(ctx.state, o.notes(ctx.state.dataset), id, text, 'api');
    return { status: 201, body: row.message, headers: { location: `${ctx.baseUrl}/v1/${o.base}/${id}/notes/${row.id}` } };
  };
}

export const noteOperations: Operation[] = [
  { method: 'GET', path: '/v1/applicants/{applicantId}/notes', operationId: 'ExternalApiApplicantNotes_GetAllApplicantNotes', handle: listNotes(applicantOwner) },
  { method: 'POST', path: '/v1/applicants/{applicantId}/notes', operationId: 'ExternalApiApplicantNotes_CreateApplicantNote', handle: createNote(applicantOwner) },
  { method: 'GET', path: '/v1/applicants/{applicantId}/notes/{noteId}', operationId: 'ExternalApiApplicantNotes_GetApplicantNoteById', handle: noteById(applicantOwner) },
  { method: 'GET', path: '/v1/leases/tenants/{tenantId}/notes', operationId: 'ExternalApiTenantNotes_GetAllTenantNotes', handle: listNotes(tenantOwner) },
  { method: 'POST', path: '/v1/leases/tenants/{tenantId}/notes', operationId: 'ExternalApiTenantNotes_CreateTenantNote', handle: createNote(tenantOwner) },
  { method: 'GET', path: '/v1/leases/tenants/{tenantId}/notes/{noteId}', operationId: 'ExternalApiTenantNotes_GetTenantNoteById', handle: noteById(tenantOwner) },
];
