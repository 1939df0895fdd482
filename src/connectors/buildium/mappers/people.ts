import type { ApplicantData } from '../../../domain/applicant.ts';
import type { EmployeeData } from '../../../domain/employee.ts';
import type { ResidentData } from '../../../domain/resident.ts';
import { recordId } from '../../../lib/ids.ts';
import type { RecordInput } from '../../../store/repositories/records.ts';
import { address, arr, fullName, idOf, idStr, instant, obj, phones, str, type MapContext, type Obj } from './common.ts';

/**
 * UserMessage (staff) → employee of one property. Buildium's staff belong to the account and may
 * work every rental; employees are per property in Leasewire (as Entrata's leasing agents are),
 * so each staff user is listed at each rental.
 */
export function mapEmployee(ctx: MapContext, propertyXId: string, u: Obj): RecordInput {
  const xId = idStr(u.Id);
  if (!xId) throw new Error('a Buildium user without Id');
  const role = str(obj(u.UserRole)?.Name);
  const data: EmployeeData = {
    x_location_id: null,
    name: str(u.CompanyName) ?? fullName(u.FirstName, u.LastName),
    email: str(u.Email),
    is_active: typeof u.IsActive === 'boolean' ? u.IsActive : null,
    roles: role ? [role] : [],
  };
  return { x_id: xId, x_property_id: propertyXId, property_id: idOf(ctx, 'properties', propertyXId), data, internal: { user_id: xId } };
}

const applicationStatus: Record<string, string> = {
  Approved: 'APPROVED', AddedToLease: 'APPROVED', AddedToDraftLease: 'APPROVED', Rejected: 'DENIED', Cancelled: 'CANCELED',
  New: 'PENDING', Undecided: 'PENDING', Deferred: 'PENDING', Draft: 'PENDING',
};

/** ApplicantDetailsMessage → applicant; its applications become `applications`. */
export function mapApplicant(ctx: MapContext, a: Obj): RecordInput {
  const xId = idStr(a.Id);
  if (!xId) throw new Error('a Buildium applicant without Id');
  const propertyXId = idStr(a.PropertyId);
  const unitXId = idStr(a.UnitId);
  const p = phones(a.PhoneNumbers);
  const applications = arr(a.Applications).flatMap((app) => {
    const applicationId = idStr(app.Id);
    if (!applicationId) return [];
    const status = str(app.ApplicationStatus);
    return [{ applicant_id: xId, application_id: applicationId, status, status_raw: status, status_normalized: status ? (applicationStatus[status] ?? 'OTHER') : null, custom_data: null }];
  });
  const data: ApplicantData = {
    x_unit_id: unitXId,
    x_lease_id: null,
    x_lead_id: null,
    x_unit_id_preferred: unitXId ? [unitXId] : [],
    address_1_alternate: null,
    address_1: null,
    address_2_alternate: null,
    address_2: null,
    applications,
    city_alternate: null,
    city: null,
    country_alternate: null,
    country: null,
    custom_data: null,
    date_of_birth: null,
    email_1: str(a.Email),
    email_2: null,
    first_name: str(a.FirstName),
    last_name: str(a.LastName),
    middle_name: null,
    notes: null,
    phone_1_type: p.phone_1_type,
    phone_1: p.phone_1,
    phone_2_type: p.phone_2_type,
    phone_2: p.phone_2,
    state_alternate: null,
    state: null,
    type_normalized: 'PRIMARY',
    type_raw: null,
    zip_alternate: null,
    zip: null,
    pets: [],
    unit_id_preferred: unitXId ? [idOf(ctx, 'units', unitXId)] : [],
    screenings: [],
  };
  return {
    x_id: xId,
    x_property_id: propertyXId,
    property_id: propertyXId ? idOf(ctx, 'properties', propertyXId) : null,
    data,
    internal: { applicant_group_id: idStr(a.ApplicantGroupId), tenant_id: idStr(a.TenantId), status: str(a.Status) },
  };
}

/** The lease a tenant is best known by: an active one, else the latest to start. */
export function primaryLease(t: Obj): Obj | null {
  const leases = arr(t.Leases);
  const rank = (l: Obj): number => (l.LeaseStatus === 'Active' ? 2 : l.LeaseStatus === 'Future' ? 1 : 0);
  return leases.sort((x, y) => rank(y) - rank(x) || String(y.LeaseFromDate ?? '').localeCompare(String(x.LeaseFromDate ?? '')))[0] ?? null;
}

/** TenantMessage → resident, at the property of its primary lease; every lease goes into leases_meta_data. */
export function mapResident(ctx: MapContext, t: Obj): RecordInput {
  const xId = idStr(t.Id);
  if (!xId) throw new Error('a Buildium tenant without Id');
  const lease = primaryLease(t);
  const propertyXId = idStr(lease?.PropertyId);
  const a = address(t.Address);
  const alt = address(t.AlternateAddress);
  const p = phones(t.PhoneNumbers);
  const leases = arr(t.Leases);
  const leaseIds = leases.map((l) => idStr(l.Id)).filter((s): s is string => s !== null);
  const meta = leases.flatMap((l) => {
    const leaseXId = idStr(l.Id);
    if (!leaseXId) return [];
    const mine = arr(l.Tenants).find((x) => x.Id === t.Id);
    const moveOut = arr(l.MoveOutData).find((m) => m.TenantId === t.Id);
    return [{
      lease_id: recordId(ctx.integrationId, 'leases', leaseXId),
      x_resident_type: str(mine?.Status),
      resident_type_normalized: null,
      move_in_date: str(mine?.MoveInDate),
      move_out_date: str(moveOut?.MoveOutDate),
      notice_date: str(moveOut?.NoticeGivenDate),
      custom_data: null,
    }];
  });
  const data: ResidentData = {
    x_lease_id: idStr(lease?.Id),
    leases_meta_data: meta,
    address_1_alternate: alt.address_1,
    address_1: a.address_1,
    address_2_alternate: alt.address_2,
    address_2: a.address_2,
    balance_in_cents: null,
    city_alternate: alt.city,
    city: a.city,
    country_alternate: alt.country,
    country: a.country,
    custom_data: null,
    date_of_birth: str(t.DateOfBirth),
    email_1: str(t.Email),
    email_2: str(t.AlternateEmail),
    first_name: str(t.FirstName),
    is_employee: null,
    last_name: str(t.LastName),
    late_balance_in_cents: null,
    middle_name: null,
    notes: str(t.Comment),
    phone_1_type: p.phone_1_type,
    phone_1: p.phone_1,
    phone_2_type: p.phone_2_type,
    phone_2: p.phone_2,
    state_alternate: alt.state,
    state: a.state,
    zip_alternate: alt.zip,
    zip: a.zip,
    pets: [],
    vehicles: [],
  };
  return {
    x_id: xId,
    x_property_id: propertyXId,
    property_id: propertyXId ? idOf(ctx, 'properties', propertyXId) : null,
    data,
    internal: { lease_ids: leaseIds, unit_id: idStr(lease?.UnitId), created_at: instant(t.CreatedDateTime) },
    links: { lease: leaseIds.map((l) => recordId(ctx.integrationId, 'leases', l)) },
  };
}
