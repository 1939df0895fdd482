import type { EventSubTypeData } from '../../../domain/eventSubType.ts';
import type { RecordInput } from '../../../store/repositories/records.ts';
import { idOf, type MapContext } from './common.ts';
import type { PickLists } from './pickLists.ts';

export function mapEventSubType(ctx: MapContext, propertyXId: string, s: PickLists['eventSubTypes'][number]): RecordInput {
  const data: EventSubTypeData = {
    x_location_id: null,
    x_event_type_id: s.eventTypeId,
    name: s.name,
    event_type_id: idOf(ctx, 'event_types', s.eventTypeId, propertyXId),
  };
  return {
    x_id: s.id,
    x_property_id: propertyXId,
    property_id: idOf(ctx, 'properties', propertyXId),
    data,
    internal: { entrata_sub_type_id: s.id, entrata_type_id: s.eventTypeId },
  };
}
