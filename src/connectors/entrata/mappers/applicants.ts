import type { ApplicantData } from '../../../domain/applicant.ts';
import type { RecordInput } from '../../../store/repositories/records.ts';
import { field, str, type Obj } from '../envelope.ts';
import { idOf, type MapContext } from './common.ts';
import { applicantIdOf, applicationIdOf, desiredUnitOf, personOf } from './prospects.ts';

function normalizeStatus(s: string | null): string | null {
  if (!s) return null;
  if (/approved/i.test(s)) return 'APPROVED';
  if (/denied|declined/i.test(s)) return 'DENIED';
  if (/cancel/i.test(s)) return 'CANCELED';
  if (/started|partial|completed|lease/i.test(s)) return 'PENDING';
  return 'OTHER';
}

/** An application at applicant stage; x_id is its primary customer's applicantId (or the applicationId when Entrata omits it). */
export function mapApplicant(ctx: MapContext, propertyXId: string, p: Obj): RecordInput {
  const appId = applicationIdOf(p);
  if (!appId) throw new Error(`an Entrata prospect of property ${propertyXId} without applicationId`);
  const applicantId = applicantIdOf(p) ?? appId;
  const { customerId, ...person } = personOf(p);
  const { unitXId } = desiredUnitOf(p);
  const status = str(field(p, 'status'));
  const data: ApplicantData = {
    x_unit_id: unitXId,
    x_lease_id: null,
    x_lead_id: appId,
    x_unit_id_preferred: unitXId ? [unitXId] : [],
    address_1_alternate: null,
    address_1: person.address_1,
    address_2_alternate: null,
    address_2: null,
    applications: [{ applicant_id: applicantId, application_id: appId, status, status_raw: status, status_normalized: normalizeStatus(status), custom_data: null }],
    city_alternate: null,
    city: person.city,
    country_alternate: null,
    country: person.country,
    custom_data: null,
    date_of_birth: person.date_of_birth,
    email_1: person.email_1,
    email_2: null,
    first_name: person.first_name,
    last_name: person.last_name,
    middle_name: person.middle_name,
    notes: null,
    phone_1_type: person.phone_1_type,
    phone_1: person.phone_1,
    phone_2_type: person.phone_2_type,
    phone_2: person.phone_2,
    state_alternate: null,
    state: person.state,
    type_normalized: 'PRIMARY',
    type_raw: 'Primary',
    zip_alternate: null,
    zip: person.zip,
    pets: [],
    unit_id_preferred: unitXId ? [idOf(ctx, 'units', unitXId)] : [],
    screenings: [],
  };
  return {
    x_id: applicantId,
    x_property_id: propertyXId,
    property_id: idOf(ctx, 'properties', propertyXId),
    data,
    internal: { application_id: appId, application_ids: [appId], customer_id: customerId },
  };
}
