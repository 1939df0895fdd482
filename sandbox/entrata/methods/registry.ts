import { getCalendarAvailability } from './calendarAvailability.ts';
import { getCustomers } from './customers.ts';
import { getLeadEvents } from './getLeadEvents.ts';
import { getLeads } from './getLeads.ts';
import { getLeases } from './leases.ts';
import { getLeadPickLists } from './pickLists.ts';
import { getProperties } from './properties.ts';
import { getPropertyUnits } from './propertyUnits.ts';
import { sendLeads } from './sendLeads.ts';
import { getStatus } from './status.ts';
import type { MethodDef } from './types.ts';
import { updateLeads } from './updateLeads.ts';

/** service (URL segment) → method name (case-sensitive, from the body) → implementation. */
export const SERVICES: Readonly<Record<string, Readonly<Record<string, MethodDef>>>> = {
  status: { getStatus },
  properties: { getProperties, getCalendarAvailability },
  propertyunits: { getPropertyUnits },
  leads: { getLeadPickLists, getLeads, getLeadEvents, updateLeads, sendLeads },
  customers: { getCustomers },
  leases: { getLeases },
};

export function findMethod(service: string, method: string): MethodDef | undefined {
  const methods = Object.hasOwn(SERVICES, service) ? SERVICES[service] : undefined;
  return methods && Object.hasOwn(methods, method) ? methods[method] : undefined;
}
