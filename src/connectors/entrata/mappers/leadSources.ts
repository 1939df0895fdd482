import type { LeadSourceData } from '../../../domain/leadSource.ts';
import type { RecordInput } from '../../../store/repositories/records.ts';
import { idOf, type MapContext } from './common.ts';
import type { PickLists } from './pickLists.ts';

export function mapLeadSource(ctx: MapContext, propertyXId: string, s: PickLists['leadSources'][number]): RecordInput {
  const data: LeadSourceData = { x_location_id: null, name: s.name };
  return { x_id: s.id, x_property_id: propertyXId, property_id: idOf(ctx, 'properties', propertyXId), data, internal: { lead_source_id: s.id } };
}
