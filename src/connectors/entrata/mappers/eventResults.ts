import type { EventResultData } from '../../../domain/eventResult.ts';
import type { RecordInput } from '../../../store/repositories/records.ts';
import { idOf, type MapContext } from './common.ts';
import type { PickLists } from './pickLists.ts';

/** r2 results name their event type; an r1 result without one applies to every type of the list. */
export function mapEventResult(ctx: MapContext, lists: PickLists, r: PickLists['eventResults'][number]): RecordInput {
  const p = lists.propertyXId;
  const typeIds = r.eventTypeId ? [r.eventTypeId] : lists.eventTypes.map((t) => t.id);
  const associated = typeIds.map((t) => idOf(ctx, 'event_types', t, p));
  const data: EventResultData = { x_location_id: null, name: r.name, associated_event_type_ids: associated };
  return {
    x_id: r.id,
    x_property_id: p,
    property_id: idOf(ctx, 'properties', p),
    data,
    internal: { entrata_result_id: r.id, entrata_type_ids: typeIds, default_result_id: r.defaultId, default_result_name: r.defaultName },
    links: { event_type: associated },
  };
}
