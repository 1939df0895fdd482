import type { EventTypeData } from '../../../domain/eventType.ts';
import type { RecordInput } from '../../../store/repositories/records.ts';
import { idOf, type MapContext } from './common.ts';
import type { PickLists } from './pickLists.ts';

/** §6.7: call and outgoing-email types are recognised by Entrata's name for them, never by id. */
export const isCallTypeName = (name: string): boolean => /^call\b/i.test(name.trim());
export const isOutgoingEmailTypeName = (name: string): boolean => /^e-?mail\b/i.test(name.trim()) && /outgoing/i.test(name);

/**
 * Lead events are read per application, and an application is a lead, an applicant or a
 * resident depending on its stage, so every type applies to all three models.
 */
export const eventTypeModels = ['leads', 'applicants', 'residents'];

export function mapEventType(ctx: MapContext, lists: PickLists, t: PickLists['eventTypes'][number]): RecordInput {
  const data: EventTypeData = { x_location_id: null, code: t.id, models: eventTypeModels, name: t.name };
  const p = lists.propertyXId;
  return {
    x_id: t.id,
    x_property_id: p,
    property_id: idOf(ctx, 'properties', p),
    data,
    internal: {
      entrata_type_id: t.id,
      entrata_name: t.entrataName,
      is_call: isCallTypeName(t.name),
      is_outgoing_email: isOutgoingEmailTypeName(t.name),
      sub_type_ids: lists.eventSubTypes.filter((s) => s.eventTypeId === t.id).map((s) => s.id),
    },
    links: { model: eventTypeModels },
  };
}
