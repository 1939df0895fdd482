import { eventRecordAt } from '../dataset/eventRecords.ts';
import type { Dataset, Prospect } from '../dataset/model.ts';
import { badRequest } from '../envelope.ts';
import { pageSlice } from '../pagination.ts';
import type { Params } from '../params.ts';
import { instantRange, optionalBool, optionalDate, optionalIdList, optionalString, requiredId } from '../params.ts';
import { serializeEvent, serializeProspect } from './serialize.ts';
import { NO_RECORDS } from '../profile.ts';
import type { MethodDef } from './types.ts';
import { accessibleProperty } from './types.ts';

const MAX_EVENT_TYPE_IDS = 5;
const digits = (s: string): string => s.replace(/\D/g, '');

/** Events of one prospect restricted to `types` and an instant range, oldest first. */
export function matchingEvents(
  ds: Dataset,
  p: Prospect,
  types: ReadonlySet<number> | null,
  range: { from: number; to: number },
): number[] {
  const { type, date } = ds.events;
  return ds.eventIndexes(p).filter((i) => {
    const d = date[i] ?? 0;
    return (types === null || types.has(type[i] ?? 0)) && d >= range.from && d <= range.to;
  });
}

export function eventTypeFilter(params: Params, max: number | null): Set<number> | null {
  const ids = optionalIdList(params, 'eventTypeIds');
  if (!ids) return null;
  if (max !== null && ids.length > max) {
    throw badRequest(`"eventTypeIds" accepts at most ${max} event type ids; got ${ids.length}.`);
  }
  return new Set(ids);
}

export const getLeads: MethodDef = {
  versions: ['r1'],
  paginated: true,
  handle({ ds, params, page, profile }) {
    const property = accessibleProperty(ds, requiredId(params, 'propertyId'));
    const leadIds = optionalIdList(params, 'leadId');
    const name = optionalString(params, 'name')?.trim().toLowerCase();
    const email = optionalString(params, 'email')?.trim().toLowerCase();
    const telephone = optionalString(params, 'telephone');
    const phoneDigits = telephone === undefined ? undefined : digits(telephone);
    const statusIds = optionalIdList(params, 'leadStatusIds');
    optionalIdList(params, 'psProductIds');
    optionalBool(params, 'includeDemographics');
    const fromDate = optionalDate(params, 'fromDate');
    const toDate = optionalDate(params, 'toDate');
    const identified = leadIds !== undefined || !!name || !!email || !!phoneDigits;
    if (!identified && (!fromDate || !toDate)) {
      throw badRequest('"fromDate" and "toDate" are required unless "leadId", "name", "email" or "telephone" is given.');
    }
    const updated = instantRange(fromDate, toDate);
    const created = instantRange(optionalDate(params, 'createdOnDateFrom'), optionalDate(params, 'createdOnDateTo'));
    const types = eventTypeFilter(params, MAX_EVENT_TYPE_IDS);
    const eventRange = instantRange(optionalDate(params, 'eventDateFrom'), optionalDate(params, 'eventDateTo'));

    const wanted = leadIds ? new Set(leadIds) : null;
    const statuses = statusIds ? new Set(statusIds) : null;
    const matches = (ds.prospectsByProperty.get(property.id) ?? []).filter((p) => {
      const c = p.customer;
      if (wanted && !wanted.has(p.applicationId)) return false;
      if (statuses && !statuses.has(p.statusId)) return false;
      if (p.lastUpdatedMs < updated.from || p.lastUpdatedMs > updated.to) return false;
      if (p.createdOnMs < created.from || p.createdOnMs > created.to) return false;
      if (email && c.email.toLowerCase() !== email) return false;
      if (name && !`${c.firstName} ${c.lastName}`.toLowerCase().includes(name) && !`${c.lastName}, ${c.firstName}`.toLowerCase().includes(name)) {
        return false;
      }
      if (phoneDigits) {
        const phones = [c.cellPhone, c.homePhone, c.officePhone].filter((x): x is string => x !== null).map(digits);
        if (!phones.some((x) => x === phoneDigits || x.endsWith(phoneDigits.slice(-10)))) return false;
      }
      return true;
    });

    // Without eventTypeIds Entrata returns no events at all (reference §2.2).
    const prospect = pageSlice(matches, page).map((p) =>
      serializeProspect(
        ds,
        p,
        types ? matchingEvents(ds, p, types, eventRange).map((i) => serializeEvent(ds, eventRecordAt(ds, i), 'getLeads', profile)) : undefined,
      ),
    );
    if (profile === 'spec' && matches.length === 0) return { result: NO_RECORDS, total: 0 };
    return { result: { propertyId: String(property.id), currencyCode: 'USD', prospects: { prospect } }, total: matches.length };
  },
};
