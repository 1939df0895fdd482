import { LEAD_SOURCE_BY_ID, LEAD_SOURCES, LEAD_STATUS } from '../dataset/catalog.ts';
import type { Dataset, Property } from '../dataset/model.ts';
import { createProspect } from '../dataset/writes.ts';
import { badRequest, EntrataError, ERROR_CODE } from '../envelope.ts';
import type { Params } from '../params.ts';
import { collection, optionalBool, optionalDate, optionalId, optionalString, requiredId } from '../params.ts';
import { ProspectFailure } from './eventInput.ts';
import type { MethodDef } from './types.ts';
import { accessibleProperty } from './types.ts';

const isObject = (v: unknown): v is Params => typeof v === 'object' && v !== null && !Array.isArray(v);
const sub = (node: Params, name: string): Params => (isObject(node[name]) ? (node[name] as Params) : {});

function leadSourceOf(node: Params): number {
  const source = sub(node, 'leadSource');
  const id = optionalId(source, 'originatingLeadSourceId') ?? optionalId(source, 'leadSourceId') ?? optionalId(node, 'leadSourceId');
  if (id !== undefined) {
    if (!LEAD_SOURCE_BY_ID.has(id)) throw new ProspectFailure(`Unknown lead source ${id}.`);
    return id;
  }
  const name = optionalString(source, 'leadSourceName')?.trim().toLowerCase();
  if (name) {
    const match = LEAD_SOURCES.find((s) => s.name.toLowerCase() === name);
    if (!match) throw new ProspectFailure(`Unknown lead source "${name}".`);
    return match.id;
  }
  throw new ProspectFailure('A lead source is required: "leadSource.originatingLeadSourceId" or "leadSource.leadSourceName".');
}

interface Inserted {
  applicationId: number;
  applicantId: number;
  firstName: string;
  lastName: string;
}

function insertProspect(ds: Dataset, property: Property, node: unknown, now: number): Inserted {
  if (!isObject(node)) throw new ProspectFailure('Each prospect must be an object.');
  const leadSourceId = leadSourceOf(node);
  const customers = collection(node.customers, 'customer', 'customers') ?? [];
  const customer = customers[0];
  if (!isObject(customer)) throw new ProspectFailure('"customers.customer" with a name is required.');
  const name = sub(customer, 'name');
  const firstName = (optionalString(name, 'firstName') ?? optionalString(customer, 'firstName'))?.trim();
  const lastName = (optionalString(name, 'lastName') ?? optionalString(customer, 'lastName'))?.trim();
  if (!firstName || !lastName) throw new ProspectFailure('"customers.customer.name.firstName" and "lastName" are required.');
  const phone = sub(customer, 'phone');
  const phoneOf = (field: string): string | null => optionalString(phone, field)?.trim() || optionalString(customer, field)?.trim() || null;
  const cellPhone = phoneOf('cellPhoneNumber');
  const homePhone = phoneOf('personalPhoneNumber') ?? phoneOf('homePhoneNumber');
  const officePhone = phoneOf('officePhoneNumber');
  const email = optionalString(customer, 'email')?.trim() ?? '';
  if (!email && !cellPhone && !homePhone && !officePhone) throw new ProspectFailure('An email address or a phone number is required.');
  const created = optionalDate(node, 'createdDate');
  const preferences = sub(node, 'customerPreferences');
  const moveIn = optionalDate(preferences, 'desiredMoveInDate');
  const agentId = optionalId(node, 'leasingAgentId');
  if (agentId !== undefined && ds.agentById.get(agentId)?.propertyId !== property.id) {
    throw new ProspectFailure(`Leasing agent ${agentId} is not a leasing agent of property ${property.id}.`);
  }
  const p = createProspect(
    ds,
    {
      propertyId: property.id,
      firstName,
      lastName,
      email,
      cellPhone,
      homePhone,
      officePhone,
      leadSourceId,
      leasingAgentId: agentId ?? null,
      statusId: LEAD_STATUS.guestCard,
      createdMs: created?.ms ?? now,
      targetMoveIn: moveIn?.date ?? null,
    },
    now,
  );
  return { applicationId: p.applicationId, applicantId: p.customer.applicantId, firstName, lastName };
}

/** Inserts guest cards. Events inside sendLeads (deprecated per Propexo) are ignored. */
export const sendLeads: MethodDef = {
  versions: ['r1'],
  handle({ ds, params, now }) {
    const property = accessibleProperty(ds, requiredId(params, 'propertyId'));
    optionalBool(params, 'doNotSendConfirmationEmail');
    optionalBool(params, 'isWaitList');
    const nodes = collection(params.prospects, 'prospect', 'prospects');
    if (!nodes || nodes.length === 0) throw badRequest('Missing required parameter "prospects.prospect".');
    const prospect = nodes.map((node, i) => {
      const n = String(i + 1);
      try {
        const made = insertProspect(ds, property, node, now);
        return {
          node: n,
          applicationId: String(made.applicationId),
          applicantId: String(made.applicantId),
          status: 'Success',
          message: 'Lead inserted successfully.',
          applicants: { applicant: [{ id: String(made.applicantId), firstName: made.firstName, lastName: made.lastName }] },
        };
      } catch (e) {
        if (e instanceof ProspectFailure || (e instanceof EntrataError && e.code === ERROR_CODE.badRequest)) {
          return { node: n, status: 'Failure', message: e.message };
        }
        throw e;
      }
    });
    return { result: { prospects: { prospect } } };
  },
};
