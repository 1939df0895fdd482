import { eventRecordAt } from '../dataset/eventRecords.ts';
import type { Prospect } from '../dataset/model.ts';
import { badRequest } from '../envelope.ts';
import { pageSlice } from '../pagination.ts';
import { instantRange, optionalDate, optionalIdList, requiredId } from '../params.ts';
import { eventTypeFilter, matchingEvents } from './getLeads.ts';
import { serializeEvent } from './serialize.ts';
import { NO_RECORDS } from '../profile.ts';
import type { MethodDef } from './types.ts';
import { accessibleProperty } from './types.ts';

/** Paged by prospect, like getLeads; a prospect named by applicationId comes back even with no events. */
export const getLeadEvents: MethodDef = {
  versions: ['r1'],
  paginated: true,
  handle({ ds, params, page, profile }) {
    const property = accessibleProperty(ds, requiredId(params, 'propertyId'));
    const applicationIds = optionalIdList(params, 'applicationId');
    const types = eventTypeFilter(params, null);
    const from = optionalDate(params, 'eventDateFrom');
    const to = optionalDate(params, 'eventDateTo');
    if (!applicationIds && !(types && from && to)) {
      throw badRequest('"applicationId" is required unless "eventTypeIds", "eventDateFrom" and "eventDateTo" are given.');
    }
    const range = instantRange(from, to);
    let prospects: Prospect[];
    if (applicationIds) {
      const unique = [...new Set(applicationIds)].sort((a, b) => a - b);
      prospects = unique
        .map((id) => ds.prospectByAppId.get(id))
        .filter((p): p is Prospect => p !== undefined && p.propertyId === property.id);
    } else {
      prospects = ds.prospectsByProperty.get(property.id) ?? [];
    }
    const matches: { p: Prospect; events: number[] }[] = [];
    for (const p of prospects) {
      const events = matchingEvents(ds, p, types, range);
      if (applicationIds || events.length > 0) matches.push({ p, events });
    }
    const prospect = pageSlice(matches, page).map(({ p, events }) => ({
      applicationId: String(p.applicationId),
      events: { event: events.map((i) => serializeEvent(ds, eventRecordAt(ds, i), 'getLeadEvents', profile)) },
    }));
    if (profile === 'spec' && matches.length === 0) return { result: NO_RECORDS, total: 0 };
    return { result: { prospects: { prospect } }, total: matches.length };
  },
};
