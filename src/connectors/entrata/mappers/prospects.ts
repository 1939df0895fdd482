import { field, items, num, str, sub, type Obj } from '../envelope.ts';
import { phoneKind, twoPhones } from './common.ts';

/**
 * How Entrata's people map to Leasewire's. Like Propexo (propexo-events.md §2.1 [KB]), lead,
 * applicant and resident are separate records that accumulate along the lifecycle:
 *   lead      every application (= prospect = lead id), whatever its stage; x_id = applicationId;
 *   applicant every application at application stage or beyond (an application or lease status,
 *             or a lease names it); x_id = the primary customer's applicantId;
 *   resident  every customer of a lease; x_id = the lease customer's id.
 * A lead therefore stays a lead after it applies. The applicationId of every person is kept in
 * `internal.application_id`: it is what leads/updateLeads and getLeadEvents take.
 */
export type Stage = 'lead' | 'applicant' | 'resident';

/** How far an application got: a lease makes it a resident's; an application, lease or renewal status an applicant's. */
export function stageOf(statusName: string | null, leased: boolean): Stage {
  if (leased) return 'resident';
  return statusName && /^(application|lease|renewal)\b/i.test(statusName.trim()) ? 'applicant' : 'lead';
}

/** Whether an application has an applicant record (application stage or beyond). */
export const hasApplicant = (stage: Stage): boolean => stage !== 'lead';

/** leads/getLeads → `result.prospects.prospect[]`. */
export function prospectRecords(result: unknown): Obj[] {
  return items(field(result as Obj, 'prospects'), 'prospect');
}

export const applicationIdOf = (p: Obj): string | null => str(field(p, 'applicationId', 'leadId'));

export function primaryCustomer(p: Obj): Obj | undefined {
  const all = items(field(p, 'customers'), 'customer');
  return all.find((c) => /primary/i.test(str(field(c, 'customerType', 'relationshipName')) ?? '')) ?? all[0];
}

export function applicantIdOf(p: Obj): string | null {
  const c = primaryCustomer(p);
  return str(field(c, 'applicantId')) ?? null;
}

/** Name, contact and address of a prospect's primary customer, in Leasewire's field names. */
export function personOf(p: Obj) {
  const c = primaryCustomer(p);
  const address = items(field(c, 'addresses'), 'address')[0];
  return {
    first_name: str(field(c, 'firstName')),
    middle_name: str(field(c, 'middleName')),
    last_name: str(field(c, 'lastName')),
    email_1: str(field(c, 'email', 'emailAddress')),
    email_2: null,
    ...twoPhones([
      [str(field(c, 'cellPhoneNumber')), phoneKind('mobile')],
      [str(field(c, 'personalPhoneNumber')), phoneKind('home')],
      [str(field(c, 'officePhoneNumber')), phoneKind('office')],
      [str(field(c, 'faxPhoneNumber')), phoneKind('fax')],
    ]),
    address_1: str(field(address, 'addressLine', 'streetLine')),
    address_2: null,
    city: str(field(address, 'city')),
    state: str(field(address, 'state', 'province')),
    zip: str(field(address, 'postalCode')),
    country: str(field(address, 'countryCode', 'countryName')),
    date_of_birth: str(field(c, 'birthDate')),
    customerId: str(field(c, 'customerId', 'id')),
  };
}

export function desiredUnitOf(p: Obj) {
  const prefs = sub(p, 'customerPreferences');
  const unit = sub(prefs, 'desiredUnit');
  return {
    prefs,
    unit,
    unitXId: str(field(unit, 'propertyUnitId')),
    minRent: num(field(prefs, 'desiredMinRent')),
    maxRent: num(field(prefs, 'desiredMaxRent')),
  };
}
