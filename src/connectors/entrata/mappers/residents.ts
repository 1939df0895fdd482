import type { ResidentData } from '../../../domain/resident.ts';
import type { RecordInput } from '../../../store/repositories/records.ts';
import { field, items, str, type Obj } from '../envelope.ts';
import { entrataDateToIsoDate } from '../time.ts';
import { recordId } from '../../../lib/ids.ts';
import { idOf, phoneKind, type MapContext, type PhoneKind } from './common.ts';

/** leases/getLeases r2 → `result.leases.lease[]` (§2.10). */
export function leaseRecords(result: unknown): Obj[] {
  return items(field(result as Obj, 'leases'), 'lease');
}

/** The applications a lease came from (its intervals carry them). */
export function leaseApplicationIds(lease: Obj): string[] {
  const ids = items(field(lease, 'leaseIntervals'), 'leaseInterval').flatMap((i) => {
    const id = str(field(i, 'applicationId'));
    return id ? [id] : [];
  });
  const direct = str(field(lease, 'applicationId'));
  if (direct) ids.push(direct);
  return [...new Set(ids)];
}

export const leaseCustomers = (lease: Obj): Obj[] => items(field(lease, 'customers'), 'customer');

function normalizeType(t: string | null): string | null {
  if (!t) return null;
  if (/primary/i.test(t)) return 'PRIMARY';
  if (/guarantor/i.test(t)) return 'GUARANTOR';
  if (/responsible|secondary|co-?applicant|roommate|spouse/i.test(t)) return 'SECONDARY';
  return 'OTHER';
}

/** One resident per customer on the lease; x_id = Entrata's customer id. */
export function mapResident(ctx: MapContext, propertyXId: string, lease: Obj, c: Obj): RecordInput {
  const xId = str(field(c, 'id', 'customerId'));
  const leaseId = str(field(lease, 'id', 'leaseId'));
  if (!xId || !leaseId) throw new Error(`an Entrata lease customer of property ${propertyXId} without id`);
  const address = items(field(c, 'addresses'), 'address')[0];
  const phones = items(field(c, 'phones'), 'phone').flatMap((ph) => {
    const n = str(field(ph, 'phoneNumber'));
    return n ? [[n, phoneKind(str(field(ph, 'phoneTypeName', 'phoneType')))] as [string, PhoneKind]] : [];
  });
  const type = str(field(c, 'customerType', 'relationshipName'));
  // Leases are not a synced model yet; the id is the one a future leases model will derive.
  const leaseRecordId = recordId(ctx.integrationId, 'leases', leaseId);
  const data: ResidentData = {
    x_lease_id: leaseId,
    leases_meta_data: [
      {
        lease_id: leaseRecordId,
        x_resident_type: type,
        resident_type_normalized: normalizeType(type),
        move_in_date: entrataDateToIsoDate(str(field(c, 'moveInDate')) ?? str(field(lease, 'moveInDate'))),
        move_out_date: entrataDateToIsoDate(str(field(lease, 'moveOutDate'))),
        notice_date: null,
        custom_data: null,
      },
    ],
    address_1_alternate: null,
    address_1: str(field(address, 'streetLine', 'addressLine')),
    address_2_alternate: null,
    address_2: null,
    balance_in_cents: null,
    city_alternate: null,
    city: str(field(address, 'city')),
    country_alternate: null,
    country: str(field(address, 'countryName', 'countryCode')),
    custom_data: null,
    date_of_birth: null,
    email_1: str(field(c, 'emailAddress', 'email')),
    email_2: null,
    first_name: str(field(c, 'firstName')),
    is_employee: null,
    last_name: str(field(c, 'lastName')),
    late_balance_in_cents: null,
    middle_name: str(field(c, 'middleName')),
    notes: null,
    phone_1_type: phones[0]?.[1] ?? null,
    phone_1: phones[0]?.[0] ?? null,
    phone_2_type: phones[1]?.[1] ?? null,
    phone_2: phones[1]?.[0] ?? null,
    state_alternate: null,
    state: str(field(address, 'state')),
    zip_alternate: null,
    zip: str(field(address, 'postalCode')),
    pets: [],
    vehicles: [],
  };
  const appIds = leaseApplicationIds(lease);
  return {
    x_id: xId,
    x_property_id: propertyXId,
    property_id: idOf(ctx, 'properties', propertyXId),
    data,
    internal: { application_id: appIds[0] ?? null, application_ids: appIds, lease_id: leaseId, unit_id: str(field(lease, 'unitId')) },
    links: { lease: [leaseRecordId] },
  };
}
