import type { Kysely } from 'kysely';
import type { StoreReader } from '../../../store/db.ts';
import type { RecordTable } from '../../../store/schema.ts';
import type { EventValidation, PersonModel, WriteIssue } from '../../connector.ts';

/** What a Buildium note write carries from validation to execution. */
export interface BuildiumNoteWrite {
  model: 'applicants' | 'residents';
  /** Buildium's applicant id or tenant id. */
  personXId: string;
  /** The person's property (Buildium id), for the event record read back. */
  propertyXId: string | null;
  note: string;
}

const fields = { applicants: ['integration_id', 'applicant_id', 'notes', 'event_type'], residents: ['integration_id', 'resident_id', 'notes', 'event_type'] } as const;

/** Buildium takes notes on applicants and residents; it has no leads, so no lead events. */
export function buildiumEventFields(model: PersonModel): readonly string[] {
  return model === 'leads' ? [] : fields[model];
}

const personField = { applicants: 'applicant_id', residents: 'resident_id' } as const;
const personName = { applicants: 'applicant', residents: 'resident' } as const;

export async function validateBuildiumEvent(store: StoreReader, integration: { id: string }, model: PersonModel, body: Record<string, unknown>): Promise<EventValidation> {
  const issues: WriteIssue[] = [];
  const issue = (path: string, message: string, code = 'custom') => issues.push({ code, path: [path], message });
  if (model === 'leads') {
    issue('lead_id', 'Buildium has no leads (Propexo: "Create Lead — not supported" for Buildium), so it takes no lead events. Write a note to the applicant (POST /v1/events/applicants/buildium/) or the resident (POST /v1/events/residents/buildium/) instead.');
    return { ok: false, issues };
  }
  const idField = personField[model];
  const personId = body[idField];
  if (typeof personId !== 'string' || personId === '') issue(idField, `${idField} is required: the id of the ${personName[model]} (from GET /v1/${model}/?integration_id=${integration.id}).`, 'invalid_type');
  const note = body.notes;
  if (typeof note !== 'string' || note.trim() === '') issue('notes', 'notes is required: the text of the note (Buildium refuses an empty note).', typeof note === 'string' ? 'custom' : 'invalid_type');
  if (body.event_type !== undefined && body.event_type !== 'Note') issue('event_type', 'event_type must be "Note": Buildium events are notes.');
  if (issues.length > 0) return { ok: false, issues };
  const db = store.readDb as unknown as Kysely<Record<string, RecordTable>>;
  const person = await db.selectFrom(model).select(['x_id', 'x_property_id']).where('integration_id', '=', integration.id).where('id', '=', personId as string).executeTakeFirst();
  if (!person) {
    issue(idField, `No ${personName[model]} "${String(personId)}" exists in integration ${integration.id}. Use an id from GET /v1/${model}/?integration_id=${integration.id}.`);
    return { ok: false, issues };
  }
  const request: BuildiumNoteWrite = { model, personXId: person.x_id, propertyXId: person.x_property_id, note: note as string };
  // One person's notes are written one at a time: the read-back after an unknown outcome can then
  // tell our note from the others (execute.ts).
  return { ok: true, request: { ...request }, serialKey: `${model}:${person.x_id}` };
}
