import type { Property } from '../dataset/model.ts';
import { optionalBool, optionalIdList, optionalString } from '../params.ts';
import { formatMtDate } from '../time.ts';
import type { MethodDef } from './types.ts';
import { accessibleProperty } from './types.ts';

function postMonth(ms: number): string {
  const [month, , year] = formatMtDate(ms).split('/');
  return `${month}/${year}`;
}

function serializeProperty(p: Property, now: number): Record<string, unknown> {
  return {
    PropertyID: p.id,
    MarketingName: p.name,
    Type: p.type,
    General_ID: `${p.state}-${p.id}`,
    YearBuilt: String(p.yearBuilt),
    ShortDescription: p.shortDescription,
    LongDescription: p.longDescription,
    webSite: p.website,
    Address: {
      '@attributes': { AddressType: 'property' },
      Address: p.street,
      City: p.city,
      State: p.state,
      PostalCode: p.postalCode,
      Country: p.country,
      Email: p.email,
    },
    Addresses: {
      Address: [
        { AddressType: 'Primary', Address: p.street, City: p.city, StateCode: p.state, PostalCode: p.postalCode, Country: p.country },
      ],
    },
    PostMonths: { ArPostMonth: postMonth(now), ApPostMonth: postMonth(now), GlPostMonth: postMonth(now) },
    PropertyHours: {
      OfficeHours: {
        OfficeHour: p.officeHours.map((h) =>
          h.openTime === null
            ? { Day: h.day, AvailabilityType: 'Closed' }
            : { Day: h.day, AvailabilityType: 'Open', OpenTime: h.openTime, CloseTime: h.closeTime },
        ),
      },
    },
    IsDisabled: p.isDisabled ? 1 : 0,
    IsFeaturedProperty: 0,
    SpaceOptions: { SpaceOption: [{ Id: '1', Name: 'Conventional' }] },
    LeaseTerms: { LeaseTerm: [{ Id: 1, Name: '12 Months', TermMonths: 12, IsProspect: true, IsRenewal: true }] },
  };
}

export const getProperties: MethodDef = {
  versions: ['r1'],
  handle({ ds, params, now }) {
    const ids = optionalIdList(params, 'propertyIds');
    const lookup = optionalString(params, 'propertyLookupCode');
    const showAll = optionalBool(params, 'showAllStatus') ?? false;
    let properties = ids ? ids.map((id) => accessibleProperty(ds, id)) : ds.properties;
    if (lookup !== undefined) properties = properties.filter((p) => `${p.state}-${p.id}` === lookup);
    if (!showAll) properties = properties.filter((p) => !p.isDisabled);
    return { result: { PhysicalProperty: { Property: properties.map((p) => serializeProperty(p, now)) } } };
  },
};
