import type { EmployeeData } from '../../../domain/employee.ts';
import type { RecordInput } from '../../../store/repositories/records.ts';
import { idOf, type MapContext } from './common.ts';
import type { PickLists } from './pickLists.ts';

/**
 * Leasing agents from the property's pick list: the only employees Entrata's API lists (§2.4).
 * One record per (property, agent), so "is this agent a leasing agent of that property" is a lookup.
 */
export function mapEmployee(ctx: MapContext, propertyXId: string, a: PickLists['leasingAgents'][number]): RecordInput {
  const data: EmployeeData = { x_location_id: null, name: a.name, email: a.email, is_active: true, roles: ['LEASING_AGENT'] };
  return { x_id: a.id, x_property_id: propertyXId, property_id: idOf(ctx, 'properties', propertyXId), data, internal: { leasing_agent_id: a.id } };
}
