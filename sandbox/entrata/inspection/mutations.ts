import { z } from 'zod';
import { LEAD_SOURCE_BY_ID, LEAD_STATUS, LEAD_STATUS_BY_ID, LEASE_STATUS } from '../dataset/catalog.ts';
import type { Dataset, Prospect } from '../dataset/model.ts';
import { createProspect, moveToApplicant, moveToResident } from '../dataset/writes.ts';
import { applyEventPlans, planEvent } from '../methods/eventInput.ts';
import { calendarDateOf, MOUNTAIN, parseMt } from '../time.ts';

const id = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)], { error: 'expected a positive integer id' });
/** ISO 8601 with an offset (`2026-11-01T17:00:00Z`) or any Mountain Time form the API accepts. */
const when = z.string().refine((s) => !Number.isNaN(Date.parse(s)) || parseMt(s) !== null, 'expected ISO 8601 or an MT date/time');
const eventNode = z.record(z.string(), z.unknown());

const OPS = ['addLead', 'updateLead', 'addEvent', 'updateEvent', 'moveToApplicant', 'moveToResident'];

export const mutationSchema = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('addLead'),
    propertyId: id,
    firstName: z.string().min(1).optional(),
    lastName: z.string().min(1).optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    leadSourceId: id.optional(),
    leasingAgentId: id.optional(),
    statusId: id.optional(),
    createdAt: when.optional(),
  }),
  z.strictObject({
    op: z.literal('updateLead'),
    applicationId: id,
    firstName: z.string().min(1).optional(),
    lastName: z.string().min(1).optional(),
    email: z.string().optional(),
    phone: z.string().nullable().optional(),
    statusId: id.optional(),
    leasingAgentId: id.optional(),
    leadSourceId: id.optional(),
  }),
  z.strictObject({ op: z.literal('addEvent'), applicationId: id, event: eventNode }),
  z.strictObject({ op: z.literal('updateEvent'), eventId: id, event: eventNode }),
  z.strictObject({ op: z.literal('moveToApplicant'), applicationId: id, statusId: id.optional() }),
  z.strictObject({
    op: z.literal('moveToResident'),
    applicationId: id,
    unitId: id.optional(),
    leaseStartDate: when.optional(),
    leaseStatusTypeId: z.union([z.literal(3), z.literal(4), z.literal(5), z.literal(6)], { error: 'leaseStatusTypeId must be 3, 4, 5 or 6' }).optional(),
    rent: z.number().positive().optional(),
  }),
], { error: (issue) => (issue.code === 'invalid_union' ? `op must be one of ${OPS.join(', ')}` : undefined) });

/** One operation, an array of them, or `{ "operations": [...] }`. */
export const mutationsBodySchema = z.preprocess((v) => {
  if (Array.isArray(v)) return v;
  if (typeof v === 'object' && v !== null && 'operations' in v && !('op' in v)) return (v as { operations: unknown }).operations;
  return [v];
}, z.array(mutationSchema).min(1, 'give at least one operation'));

export type Mutation = z.infer<typeof mutationSchema>;

/** A mutation that names something missing or not allowed in the current state. */
export class MutationError extends Error {
  constructor(
    readonly status: 404 | 409 | 400,
    message: string,
  ) {
    super(message);
  }
}

function instantOf(text: string): number {
  return parseMt(text)?.ms ?? Date.parse(text);
}

function prospectOf(ds: Dataset, applicationId: number): Prospect {
  const p = ds.prospectByAppId.get(applicationId);
  if (!p) throw new MutationError(404, `Application ${applicationId} was not found.`);
  return p;
}

function checkAgent(ds: Dataset, propertyId: number, agentId: number | undefined): void {
  if (agentId !== undefined && ds.agentById.get(agentId)?.propertyId !== propertyId) {
    throw new MutationError(400, `Leasing agent ${agentId} is not a leasing agent of property ${propertyId}.`);
  }
}

/** Applies one mutation as an Entrata user would; every change bumps the application's last-update time. */
export function applyMutation(ds: Dataset, m: Mutation, now: number): Record<string, unknown> {
  switch (m.op) {
    case 'addLead': {
      if (!ds.propertyById.has(m.propertyId)) throw new MutationError(404, `Property ${m.propertyId} was not found.`);
      if (m.leadSourceId !== undefined && !LEAD_SOURCE_BY_ID.has(m.leadSourceId)) throw new MutationError(400, `Unknown lead source ${m.leadSourceId}.`);
      checkAgent(ds, m.propertyId, m.leasingAgentId);
      const serial = ds.nextIds.application;
      const p = createProspect(
        ds,
        {
          propertyId: m.propertyId,
          firstName: m.firstName ?? 'Sandbox',
          lastName: m.lastName ?? `Lead${serial}`,
          email: m.email ?? `sandbox.lead${serial}@example.com`,
          cellPhone: m.phone ?? null,
          homePhone: null,
          officePhone: null,
          leadSourceId: m.leadSourceId ?? 68512,
          leasingAgentId: m.leasingAgentId ?? null,
          statusId: m.statusId ?? LEAD_STATUS.guestCard,
          createdMs: m.createdAt === undefined ? now : instantOf(m.createdAt),
          targetMoveIn: null,
        },
        now,
      );
      return { op: m.op, applicationId: p.applicationId, customerId: p.customer.customerId, applicantId: p.customer.applicantId };
    }
    case 'updateLead': {
      const p = prospectOf(ds, m.applicationId);
      if (m.statusId !== undefined && !LEAD_STATUS_BY_ID.has(m.statusId)) throw new MutationError(400, `Unknown lead status ${m.statusId}.`);
      if (m.leadSourceId !== undefined && !LEAD_SOURCE_BY_ID.has(m.leadSourceId)) throw new MutationError(400, `Unknown lead source ${m.leadSourceId}.`);
      checkAgent(ds, p.propertyId, m.leasingAgentId);
      const c = p.customer;
      if (m.firstName !== undefined) c.firstName = m.firstName;
      if (m.lastName !== undefined) c.lastName = m.lastName;
      if (m.email !== undefined) c.email = m.email;
      if (m.phone !== undefined) c.cellPhone = m.phone;
      if (m.statusId !== undefined) p.statusId = m.statusId;
      if (m.leasingAgentId !== undefined) p.leasingAgentId = m.leasingAgentId;
      if (m.leadSourceId !== undefined) p.leadSourceId = m.leadSourceId;
      p.lastUpdatedMs = now;
      return { op: m.op, applicationId: p.applicationId };
    }
    case 'addEvent':
    case 'updateEvent': {
      let p: Prospect;
      let node: Record<string, unknown> = m.event;
      if (m.op === 'updateEvent') {
        const index = ds.eventIndexById(m.eventId);
        const owner = index === null ? undefined : ds.prospects[ds.events.prospect[index] ?? -1];
        if (!owner) throw new MutationError(404, `Event ${m.eventId} was not found.`);
        p = owner;
        node = { ...m.event, eventId: m.eventId };
      } else {
        p = prospectOf(ds, m.applicationId);
      }
      let plan;
      try {
        plan = planEvent(ds, p, node, now, { strict: false, origin: 'mutation' });
      } catch (e) {
        throw new MutationError(400, (e as Error).message);
      }
      const [record] = applyEventPlans(ds, p, [plan]);
      p.lastUpdatedMs = now;
      return { op: m.op, applicationId: p.applicationId, eventId: record?.eventId };
    }
    case 'moveToApplicant': {
      const p = prospectOf(ds, m.applicationId);
      if (ds.stageOf(p) === 'resident') throw new MutationError(409, `Application ${p.applicationId} already has a lease.`);
      const statusId = m.statusId ?? LEAD_STATUS.applicationStarted;
      if (LEAD_STATUS_BY_ID.get(statusId)?.stage !== 'applicant') throw new MutationError(400, `Lead status ${statusId} is not an application status.`);
      const event = moveToApplicant(ds, p, statusId, now);
      return { op: m.op, applicationId: p.applicationId, applicantId: p.customer.applicantId, eventId: event.eventId };
    }
    case 'moveToResident': {
      const p = prospectOf(ds, m.applicationId);
      if (p.leaseId !== null) throw new MutationError(409, `Application ${p.applicationId} already has lease ${p.leaseId}.`);
      const unitId = m.unitId ?? ds.unitsByProperty.get(p.propertyId)?.[0]?.id;
      if (unitId === undefined || ds.unitById.get(unitId)?.propertyId !== p.propertyId) {
        throw new MutationError(400, `Unit ${unitId ?? '?'} does not belong to property ${p.propertyId}.`);
      }
      const start =
        m.leaseStartDate === undefined ? null : (parseMt(m.leaseStartDate)?.date ?? calendarDateOf(MOUNTAIN, Date.parse(m.leaseStartDate)));
      const lease = moveToResident(
        ds,
        p,
        { unitId, startDate: start, leaseStatusTypeId: m.leaseStatusTypeId ?? LEASE_STATUS.current, rent: m.rent ?? null },
        now,
      );
      return {
        op: m.op,
        applicationId: p.applicationId,
        customerId: p.customer.customerId,
        leaseId: lease.id,
        leaseIntervalId: lease.leaseIntervalId,
      };
    }
  }
}
