import { CANCELLED_RESULT_IDS, conflictOf } from '../calendar.ts';
import { EVENT_TYPE } from '../dataset/catalog.ts';
import type { Dataset, Property } from '../dataset/model.ts';
import { formatMtDate, formatMtTime } from '../time.ts';
import { badRequest, EntrataError, ERROR_CODE } from '../envelope.ts';
import type { Params } from '../params.ts';
import { collection, requiredId } from '../params.ts';
import type { EventPlan } from './eventInput.ts';
import { applyEventPlans, planEvent, ProspectFailure } from './eventInput.ts';
import type { MethodDef } from './types.ts';
import { accessibleProperty } from './types.ts';

interface ProspectResult {
  node: string;
  status: 'Success' | 'Failure';
  message: string;
}

const isObject = (v: unknown): v is Params => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The event nodes of one prospect: `events.event[]`, or the prospect node itself in the flat form. */
function eventNodes(node: Params): unknown[] {
  const nested = collection(node.events, 'event', 'events');
  if (nested !== undefined) return nested;
  return node.typeId !== undefined || node.eventId !== undefined ? [node] : [];
}

/** All of a prospect's events are checked before any is stored: one bad event fails the prospect. */
function updateProspect(ds: Dataset, property: Property, node: unknown, now: number, spec: boolean): string {
  if (!isObject(node)) throw new ProspectFailure('Each prospect must be an object with "applicationId".');
  const applicationId = requiredId(node, 'applicationId');
  const prospect = ds.prospectByAppId.get(applicationId);
  if (!prospect) throw new ProspectFailure(`Application ${applicationId} was not found.`);
  if (prospect.propertyId !== property.id) {
    throw new ProspectFailure(`Application ${applicationId} does not belong to property ${property.id}.`);
  }
  const nodes = eventNodes(node);
  if (nodes.length === 0) throw new ProspectFailure('No event given: send "events.event" with at least "typeId" (or "eventId").');
  const plans: EventPlan[] = nodes.map((e) => planEvent(ds, prospect, e, now, { strict: true, origin: 'api', requireTitleAndComments: spec }));
  for (const plan of plans) refuseTakenSlot(ds, property, plan);
  applyEventPlans(ds, prospect, plans);
  prospect.lastUpdatedMs = now;
  return 'Lead updated successfully.';
}

/**
 * A live appointment (type 17, timed, not cancelled) whose window the property calendar cannot
 * take (its limit is one at a time) is refused as a per-prospect failure, as Entrata's calendar
 * shows only free slots (sandbox README "Our choices": Entrata's own refusal is not documented).
 * Moving an appointment is checked against every other appointment; cancelling frees the slot.
 */
function refuseTakenSlot(ds: Dataset, property: Property, plan: EventPlan): void {
  const r = plan.record;
  if (r.typeId !== EVENT_TYPE.appointment || !r.appointment?.hasTime || r.appointment.endMs === null) return;
  if (r.eventResultId !== null && CANCELLED_RESULT_IDS.has(r.eventResultId)) return;
  const self = plan.index === null ? null : ds.events.firstEventId + plan.index;
  const taken = conflictOf(ds, property.id, { startMs: r.appointment.startMs, endMs: r.appointment.endMs }, self);
  if (taken) {
    throw new ProspectFailure(
      `The time slot ${formatMtDate(r.appointment.startMs)} ${formatMtTime(r.appointment.startMs)}-${formatMtTime(r.appointment.endMs)} (Mountain Time) is not available: appointment ${taken.eventId} holds it. Choose a slot from getCalendarAvailability.`,
    );
  }
}

/**
 * r2 only: r1 is the lead-data update without events in Entrata's spec, which the sandbox does
 * not emulate. Accepts the nested form (§6.1) and the flat form (`params.applicationId`, …).
 */
export const updateLeads: MethodDef = {
  versions: ['r2'],
  handle({ ds, params, now, profile }) {
    const property = accessibleProperty(ds, requiredId(params, 'propertyId'));
    let nodes = collection(params.prospects, 'prospect', 'prospects');
    if (nodes === undefined) {
      if (params.applicationId === undefined) {
        throw badRequest('Missing "prospects.prospect" (nested form) or "applicationId" (flat form).');
      }
      nodes = [params];
    }
    if (nodes.length === 0) throw badRequest('"prospects.prospect" is empty.');
    const prospects: ProspectResult[] = nodes.map((node, i) => {
      const n = String(i + 1);
      try {
        return { node: n, status: 'Success', message: updateProspect(ds, property, node, now, profile === 'spec') };
      } catch (e) {
        if (e instanceof ProspectFailure || (e instanceof EntrataError && e.code === ERROR_CODE.badRequest)) {
          return { node: n, status: 'Failure', message: e.message };
        }
        throw e;
      }
    });
    // `spec`: a failed prospect also sets the envelope code, as production integrations expect (§7.3.7).
    const failed = prospects.some((x) => x.status !== 'Success');
    return { result: { prospects }, ...(profile === 'spec' && failed ? { code: ERROR_CODE.badRequest } : {}) };
  },
};
