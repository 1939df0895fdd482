import { optionalBool, requiredIdList } from '../params.ts';
import type { MethodDef } from './types.ts';
import { accessibleProperty } from './types.ts';

/** Not paginated here: the real method pages per child/phased property, and ours have none. */
export const getPropertyUnits: MethodDef = {
  versions: ['r1'],
  handle({ ds, params }) {
    const properties = requiredIdList(params, 'propertyIds').map((id) => accessibleProperty(ds, id));
    optionalBool(params, 'availableUnitsOnly');
    optionalBool(params, 'usePropertyPreferences');
    optionalBool(params, 'includeDisabledFloorplans');
    optionalBool(params, 'includeDisabledUnits');
    return {
      result: {
        properties: {
          property: properties.map((p) => {
            const units = ds.unitsByProperty.get(p.id) ?? [];
            return {
              propertyId: String(p.id),
              propertyName: p.name,
              unitCount: String(units.length),
              units: {
                unit: units.map((u) => ({
                  id: String(u.id),
                  unitNumber: u.unitNumber,
                  buildingId: String(u.buildingId),
                  buildingName: u.buildingName,
                  floorplanId: String(u.floorplanId),
                  floorplanName: u.floorplanName,
                  unitTypeId: String(u.unitTypeId),
                  unitTypeName: u.unitTypeName,
                  noOfBedrooms: String(u.bedrooms),
                  noOfBathrooms: String(u.bathrooms),
                  squareFeet: String(u.squareFeet),
                  unitAddress: {
                    addressLine1: `${p.street}, Unit ${u.unitNumber}`,
                    city: p.city,
                    state: p.state,
                    postalCode: p.postalCode,
                    country: p.country,
                  },
                })),
              },
            };
          }),
        },
      },
    };
  },
};
