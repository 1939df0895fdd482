/**
 * The sandbox's Buildium account, kept as Buildium's own messages (the JSON it answers with) plus
 * the facts Buildium keeps but does not show (a record's last-update instant, its owner).
 */
export type Obj = Record<string, unknown>;

export type DatasetSize = 'small' | 'medium' | 'large';

export interface Row {
  id: number;
  /** Instant of the last change, ISO UTC: what `lastupdatedfrom/to` filter on. */
  updated: string;
  message: Obj;
}
export interface UnitRow extends Row {
  propertyId: number;
}
export interface ApplicantRow extends Row {
  propertyId: number;
  unitId: number;
}
export interface LeaseRow extends Row {
  propertyId: number;
  unitId: number;
  tenantIds: number[];
}
export interface TenantRow extends Row {
  leaseIds: number[];
  propertyIds: number[];
  unitIds: number[];
}
export interface NoteRow {
  id: number;
  /** Applicant id or tenant id. */
  ownerId: number;
  updated: string;
  origin: 'seed' | 'api' | 'inspection';
  message: Obj;
}
export interface PhoneLogRow extends Row {
  participantId: number;
  participantType: string;
  unitAgreementId: number | null;
  /** The call's calendar day (UTC), what fromdate/todate filter on. */
  day: string;
}

export interface Dataset {
  seed: number;
  size: DatasetSize;
  /** The staff user the sandbox's API key belongs to: Buildium names them on notes written through the API. */
  apiUserId: number;
  users: Row[];
  rentals: Row[];
  units: UnitRow[];
  applicants: ApplicantRow[];
  leases: LeaseRow[];
  tenants: TenantRow[];
  applicantNotes: NoteRow[];
  tenantNotes: NoteRow[];
  phoneLogs: PhoneLogRow[];
  nextNoteId: number;
}

export function counts(d: Dataset): Record<string, number> {
  return {
    rentals: d.rentals.length,
    units: d.units.length,
    users: d.users.length,
    applicants: d.applicants.length,
    leases: d.leases.length,
    tenants: d.tenants.length,
    applicantNotes: d.applicantNotes.length,
    tenantNotes: d.tenantNotes.length,
    phoneLogs: d.phoneLogs.length,
  };
}
