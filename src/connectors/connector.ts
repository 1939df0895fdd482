import type { z } from 'zod';
import type { Kysely } from 'kysely';
import type { IntegrationVendor } from '../domain/common.ts';
import type { HttpRequestFn } from '../lib/httpRequest.ts';
import type { DialectName, StoreReader } from '../store/db.ts';
import type { ModelName } from '../store/models.ts';
import type { RecordInput } from '../store/repositories/records.ts';

/**
 * What every PMS connector provides. The core (API, sync engine, write worker) talks to PMSs only
 * through this interface and never names a vendor; a new PMS is a new folder plus one line in
 * registry.ts.
 *
 * The sync and write halves are added by the connector/sync and event-write work; this part covers
 * what an integration needs to be created: how its credentials look.
 */
export interface Connector<Credentials = unknown> {
  vendor: IntegrationVendor;
  /** Human name, e.g. "Entrata". */
  displayName: string;
  /** Validates the `credentials` object of POST/PUT /v1/admin/integrations (Zod, so errors name the field). */
  credentialsSchema: z.ZodType<Credentials>;
  /** A summary safe to show in API responses and logs (never a secret), e.g. { subdomain, auth: "apiKey" }. */
  describeCredentials(credentials: Credentials): Record<string, string>;
  /**
   * Asks the PMS, with one cheap call, whether it takes these credentials (run when they are saved).
   * Never throws for what the PMS or the network does: every outcome is a CredentialCheck.
   */
  checkCredentials(credentials: Credentials, options?: CredentialCheckOptions): Promise<CredentialCheck>;
  /**
   * Whether an error thrown by this connector's sync (or writes) means the PMS refused the
   * credentials themselves, so the integration can no longer authenticate.
   */
  credentialsRefused(error: unknown): boolean;
  /** The read half: what the connector can sync and how. Absent for a connector that only writes. */
  sync?: ConnectorSync<Credentials>;
  /** The write half (event writes). Absent for a read-only connector. */
  writes?: ConnectorWrites<Credentials>;
  /** Live appointment availability (tours). Absent when the PMS offers none. */
  availability?: ConnectorAvailability<Credentials>;
}

export interface CredentialCheckOptions {
  /** The HTTP transport (default: node:http); tests pass one that reaches no PMS. */
  fetch?: HttpRequestFn;
  /** How long to wait for the PMS before calling it unreachable (default 10 s). */
  timeoutMs?: number;
}

/**
 * What the PMS said of a set of credentials:
 * - ok: it answered a call that needs them;
 * - refused: it answered, and turned them down. `fields` names the credentials it refused (as keys
 *   of the credentials object) and `message` says how to fix them;
 * - unreachable: no answer that says either way (network, timeout, PMS down or throttling).
 * `call` names what was asked, e.g. "status/getStatus", for the integration's ping_results.
 */
export type CredentialCheck =
  | { status: 'ok'; call: string }
  | { status: 'refused'; call: string; fields: string[]; message: string }
  | { status: 'unreachable'; call: string; message: string };

/**
 * Which records a sync asks for. `full` reads everything the PMS has (first sync, back-sync);
 * `incremental` only what changed or happened since `since` (an ISO instant). `until` is the
 * run's start: the next incremental run starts from it.
 */
export interface SyncWindow {
  kind: 'full' | 'incremental';
  since: string | null;
  until: string;
}

/** One page of mapped records and the opaque cursor that resumes right after it. */
export interface SyncBatch {
  records: RecordInput[];
  /** Pass back to syncModel to continue after this batch (null: nothing more). */
  cursor: string | null;
  /** Work units done / expected for this model so far, when the connector can tell. */
  progress?: { done: number; total: number | null };
}

export interface SyncSessionOptions<Credentials> {
  integrationId: string;
  credentials: Credentials;
  /** The store, for state shared by every worker process (e.g. the outbound rate limiter). */
  db: Kysely<never>;
  dialect: DialectName;
  signal?: AbortSignal;
}

/** One sync run's conversation with the PMS; it may cache what several models share. */
export interface SyncSession {
  /** Batches of one model, resuming after `cursor` when given. */
  syncModel(model: ModelName, window: SyncWindow, cursor: string | null): AsyncIterable<SyncBatch>;
  /** Calls made to the PMS so far, including retries. */
  callCount(): number;
}

export interface ConnectorSync<Credentials> {
  /** Models this connector syncs, in dependency order (a model only names records of earlier ones). */
  models: readonly ModelName[];
  openSession(options: SyncSessionOptions<Credentials>): SyncSession;
}

/** The person models an event can be written for. */
export type PersonModel = 'leads' | 'applicants' | 'residents';

/** A validation problem, shaped like a Zod issue so the API can return it as is. */
export interface WriteIssue {
  code: string;
  path: Array<string | number>;
  message: string;
}

/** JSON that a write job carries from validation to execution. */
export type WritePayload = { [key: string]: unknown };

export type EventValidation =
  | { ok: true; request: WritePayload; /** Writes with one serialKey never run at once (e.g. one PMS application). */ serialKey: string }
  | { ok: false; issues: WriteIssue[] };

/** What execution learned, kept on the write job between attempts (the exactly-once protocol). */
export interface WriteProgress {
  /** PMS record ids that existed before the first send; null until taken. */
  snapshot: string[] | null;
  /** A send was started and its outcome may not be known. */
  sent: boolean;
}

export type WriteOutcome =
  | { status: 'succeeded'; xRecordId: string | null; record: { model: ModelName; input: RecordInput } | null }
  | {
      status: 'failed';
      kind: 'permanent' | 'transient';
      message: string;
      /** How long the PMS asked us to wait before trying again (its Retry-After), when it said. */
      retryAfterMs?: number;
    };

export interface EventExecution<Credentials> {
  integrationId: string;
  credentials: Credentials;
  request: WritePayload;
  progress: WriteProgress;
  /** Must be awaited before the PMS is called: a crash after it leaves a trace to resume from. */
  saveProgress(progress: WriteProgress): Promise<void>;
  /**
   * Which of these PMS record ids another write job of the integration has already claimed as the
   * record it created. A connector never takes such a record for its own (the store refuses a second
   * claim anyway): see "Who may claim a PMS record" in src/writes/worker.ts.
   */
  claimed(xRecordIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** The store, to map the read-back record (names of agents, people of the application). */
  db: Kysely<never>;
}

/**
 * A vendor-specific event endpoint, POST /v1/events/{model}/{vendor slug}/ (Propexo's per-PMS
 * pages): its body schema, which the route validates before validateEvent.
 */
export interface VendorEventEndpoint {
  model: PersonModel;
  summary: string;
  body: z.ZodObject;
}

/** The write half: validation against the PMS's rules and the synced data, then execution. */
export interface ConnectorWrites<Credentials> {
  /** The vendor endpoints the API registers for this connector (path slug: the vendor in lower case). */
  vendorEndpoints?: readonly VendorEventEndpoint[];
  /**
   * Fields the PMS takes on an event for this person model (others are unknown to it). Empty: the
   * PMS takes no events for that model, and validateEvent says why.
   */
  eventFields(model: PersonModel): readonly string[];
  /**
   * Checks a write against the PMS's rules and the synced records, read through `store`: its
   * prepared reader (store.read, readCompiledOnce) for the hot look-ups, readDb for the rest.
   */
  validateEvent(store: StoreReader, integration: { id: string; account_id: string }, model: PersonModel, body: Record<string, unknown>): Promise<EventValidation>;
  executeEvent(execution: EventExecution<Credentials>): Promise<WriteOutcome>;
  /**
   * Updating an existing event (PUT /v1/events/{model}/{event_id}). Absent: the PMS cannot update
   * events, and the route answers 400 saying so.
   */
  validateEventUpdate?(store: StoreReader, integration: { id: string; account_id: string }, model: PersonModel, eventId: string, body: Record<string, unknown>): Promise<EventValidation>;
  /** Appointments (tours): booked as events the same way, once validated by their own rules. Absent: the PMS books none. */
  appointments?: ConnectorAppointments;
}

/** The appointment half of a connector's writes (Propexo's /v1/events/appointments/…). */
export interface ConnectorAppointments {
  /** The PMS event type id (x_type_id) of appointment events: what GET /v1/appointments/ lists. */
  eventTypeXId: string;
  /** Vendor endpoints, POST /v1/events/appointments/{model}/{vendor slug}/. */
  vendorEndpoints: readonly VendorEventEndpoint[];
  /** Fields the PMS takes on an appointment for this model (the generic route refuses others). */
  fields(model: PersonModel): readonly string[];
  /** Checks a booking and resolves it to an event write that executeEvent performs. */
  validate(store: StoreReader, integration: { id: string; account_id: string }, model: PersonModel, body: Record<string, unknown>): Promise<EventValidation>;
  /** The body of PUT /v1/events/appointments/{model}/{vendor}/{event_id} (reschedule). */
  updateBody: z.ZodObject;
  /** Checks a reschedule (`cancel` false) or a cancel of the appointment event `eventId` (Leasewire id) and resolves it to a write executeEvent performs. */
  validateUpdate(store: StoreReader, integration: { id: string; account_id: string }, model: PersonModel, eventId: string, body: Record<string, unknown>, cancel: boolean): Promise<EventValidation>;
}

/** Propexo's calendar groups (availability `calendar_types`). */
export const calendarTypes = ['GENERAL', 'RESIDENT', 'LEASING', 'MAINTENANCE'] as const;
export type CalendarTypeName = (typeof calendarTypes)[number];

/** One availability question, with ids already resolved to the PMS's. */
export interface AvailabilityQuery {
  integrationId: string;
  /** The PMS's property id. */
  propertyXId: string;
  /** YYYY-MM-DD: the first day, in the zone the connector's `timezone` names. */
  startDate: string;
  /** 1–7. */
  days: number;
  /** Slot length; absent: each calendar's default appointment length. */
  durationMinutes?: number | undefined;
  calendarTypes?: readonly CalendarTypeName[] | undefined;
  /** How long to wait for the PMS before answering 504. */
  timeoutMs: number;
  /** Epoch ms of the question (slots before it are not offered). */
  now: number;
}

/** Propexo's availability calendar kinds (its published enum). */
export const calendarKinds = ['AGENT_CALENDAR', 'PROPERTY_CALENDAR', 'ENTRATA_SELF_GUIDED_TOUR_CALENDAR'] as const;

/** Propexo's availability item (propexo-events.md §2.6), without last_seen (the API sets it). */
export interface AvailabilityCalendar {
  calendar_type: (typeof calendarKinds)[number];
  x_agent_id: string | null;
  agent_first_name: string | null;
  agent_last_name: string | null;
  default_appointment_length: number | null;
  minimum_appointment_lead_time: number | null;
  /** The IANA zone of every date and time of this item. */
  timezone: string | null;
  x_property_id: string | null;
  calendar_days: Array<{
    date: string;
    day_of_week: string;
    opening_time: string | null;
    closing_time: string | null;
    simultaneous_appointment_mode: 'SINGLE' | 'MULTIPLE' | 'UNLIMITED' | 'UNKNOWN';
    max_simultaneous_appointments: number | null;
    available_slots: Array<{ start: string; end: string | null }>;
  }>;
}

export type AvailabilityAnswer =
  | { ok: true; calendars: AvailabilityCalendar[] }
  /** timeout: no answer in time (504); pms: the PMS failed or refused (502), `message` says which and what to do. */
  | { ok: false; failure: 'timeout' | 'pms'; message: string };

/** Live appointment availability, read from the PMS at request time (it cannot come from a sync). */
export interface ConnectorAvailability<Credentials> {
  /** Whether a question may name an employee (agent calendars); when false such a question is a 400. */
  byEmployee: boolean;
  /** The IANA zone the PMS's days start in and its answer's times are in (a start given as a date-time is read as its day there). */
  zone: string;
  /** `db`: the store, for the outbound rate limiter shared with syncs and writes. */
  query(credentials: Credentials, q: AvailabilityQuery, options: { db: Kysely<never>; fetch?: HttpRequestFn | undefined }): Promise<AvailabilityAnswer>;
}
