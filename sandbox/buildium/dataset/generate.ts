import { Rng } from './prng.ts';
import type { ApplicantRow, Dataset, DatasetSize, LeaseRow, NoteRow, Obj, PhoneLogRow, Row, TenantRow, UnitRow } from './model.ts';

/** Records date from the year before this instant; writes made later carry the sandbox clock. */
const ANCHOR = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;

export const SIZES: Record<DatasetSize, { rentals: number; unitsPerRental: number; staff: number }> = {
  small: { rentals: 3, unitsPerRental: 12, staff: 6 },
  medium: { rentals: 6, unitsPerRental: 80, staff: 12 },
  large: { rentals: 10, unitsPerRental: 300, staff: 25 },
};

const FIRST = ['Ava', 'Ben', 'Chloe', 'Diego', 'Emma', 'Farid', 'Grace', 'Hiro', 'Isla', 'Jamal', 'Kira', 'Liam', 'Maya', 'Noah', 'Olivia', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq', 'Uma', 'Victor', 'Wen', 'Yara', 'Zoe'];
const LAST = ['Adams', 'Baker', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Jones', 'Khan', 'Lopez', 'Moore', 'Nguyen', 'Okafor', 'Patel', 'Reyes', 'Smith', 'Tanaka', 'Vega', 'Walsh', 'Young'];
const CITIES: Array<[string, string, string]> = [['Boston', 'MA', '02118'], ['Austin', 'TX', '78701'], ['Denver', 'CO', '80202'], ['Portland', 'OR', '97205'], ['Raleigh', 'NC', '27601']];
const STREETS = ['Maple', 'Oak', 'Cedar', 'Elm', 'Harbor', 'Summit', 'Willow', 'Granite'];
const NOTE_TEXTS = [
  'Called about parking availability; sent the parking addendum.',
  'Asked whether cats are allowed. Told them two cats max with a deposit.',
  'Left a voicemail about the missing pay stub.',
  'Requested a second showing on Saturday morning.',
  'Reported a leaking kitchen faucet; work order opened.',
  'Confirmed move-in inspection time.',
  'Asked for the renewal offer in writing.',
  'Paid the holding deposit by card.',
];
const SUBJECTS = ['Rent question', 'Maintenance follow-up', 'Renewal', 'Noise complaint', 'Package room access'];
const BEDROOMS = ['Studio', 'OneBed', 'TwoBed', 'ThreeBed'];
const BATHROOMS = ['OneBath', 'OnePointFiveBath', 'TwoBath'];
const APPLICATION_STATUSES = ['New', 'Undecided', 'Approved', 'Rejected', 'Cancelled', 'AddedToLease'];

const iso = (ms: number): string => new Date(ms).toISOString();
const isoDate = (ms: number): string => iso(ms).slice(0, 10);

export function person(rng: Rng): { first: string; last: string; email: string; phone: string } {
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  return { first, last, email: `${first}.${last}${rng.int(1, 999)}@example.com`.toLowerCase(), phone: `(555) ${rng.int(200, 999)}-${String(rng.int(0, 9999)).padStart(4, '0')}` };
}

export const href = (p: string): string => `https://apisandbox.buildium.com/v1/${p}`;

export function generateDataset(seed: number, size: DatasetSize): Dataset {
  const rng = new Rng(seed);
  const shape = SIZES[size];
  const within = (days: number): number => ANCHOR - Math.floor(rng.next() * days * DAY);

  const users: Row[] = [];
  for (let i = 0; i < shape.staff; i++) {
    const p = person(rng);
    const id = 1001 + i;
    users.push({
      id,
      updated: iso(within(365)),
      message: {
        Id: id, UserTypes: ['Staff'], IsActive: i < shape.staff - 1, LastLogin: iso(within(30)), FirstName: p.first, LastName: p.last,
        CompanyName: null, Email: p.email, AlternateEmail: null, PhoneNumbers: [{ Number: p.phone, Type: 'Office' }],
        UserRole: { Id: i === 0 ? 1 : 2, Name: i === 0 ? 'Administrator' : 'Leasing agent', Description: null, NumberOfUsers: i === 0 ? 1 : shape.staff - 1 },
        IsCompany: false,
      },
    });
  }
  // A vendor user: listed by /v1/users but not staff, so the connector's usertypes filter matters.
  users.push({ id: 1001 + shape.staff, updated: iso(within(365)), message: { Id: 1001 + shape.staff, UserTypes: ['Vendor'], IsActive: true, LastLogin: null, FirstName: null, LastName: null, CompanyName: 'Ace Plumbing', Email: 'dispatch@aceplumbing.example', AlternateEmail: null, PhoneNumbers: [], UserRole: null, IsCompany: true } });
  const staff = users.slice(0, shape.staff);
  const staffRef = (u: Row): Obj => ({ Id: u.id, FirstName: u.message.FirstName, LastName: u.message.LastName, Href: href(`users/${u.id}`) });

  const rentals: Row[] = [];
  const units: UnitRow[] = [];
  const applicants: ApplicantRow[] = [];
  const leases: LeaseRow[] = [];
  const tenants: TenantRow[] = [];
  const applicantNotes: NoteRow[] = [];
  const tenantNotes: NoteRow[] = [];
  const phoneLogs: PhoneLogRow[] = [];
  let noteId = 50_001;
  const notesFor = (list: NoteRow[], ownerId: number, n: number): void => {
    for (let k = 0; k < n; k++) {
      const author = rng.pick(staff);
      const updated = iso(within(300));
      list.push({ id: noteId, ownerId, updated, origin: 'seed', message: { Id: noteId, Note: rng.pick(NOTE_TEXTS), LastUpdatedByUser: { ...staffRef(author), UpdatedDateTime: updated } } });
      noteId++;
    }
  };

  for (let r = 0; r < shape.rentals; r++) {
    const propertyId = 101 + r;
    const [city, state, zip] = rng.pick(CITIES);
    const street = `${rng.int(10, 999)} ${rng.pick(STREETS)} Street`;
    const address = { AddressLine1: street, AddressLine2: null, AddressLine3: null, City: city, State: state, PostalCode: zip, Country: 'UnitedStates' };
    const manager = rng.pick(staff);
    rentals.push({
      id: propertyId,
      updated: iso(within(365)),
      message: {
        Id: propertyId, Name: `${rng.pick(STREETS)} ${rng.pick(['Apartments', 'Commons', 'Lofts', 'Residences'])}`, StructureDescription: null,
        NumberUnits: shape.unitsPerRental, IsActive: true, OperatingBankAccountId: 9001, Reserve: 500, Address: address, YearBuilt: rng.int(1950, 2022),
        RentalType: 'Residential', RentalSubType: 'MultiFamily',
        RentalManager: { Id: manager.id, FirstName: manager.message.FirstName, LastName: manager.message.LastName, CompanyName: null, IsCompany: false, ProfilePhotoUrl: null, Email: manager.message.Email, PhoneNumbers: manager.message.PhoneNumbers },
      },
    });
    for (let u = 0; u < shape.unitsPerRental; u++) {
      const unitId = propertyId * 10_000 + u + 1;
      const unitNumber = `${Math.floor(u / 10) + 1}${String((u % 10) + 1).padStart(2, '0')}`;
      const occupied = rng.chance(0.8);
      const rent = rng.int(12, 40) * 100;
      units.push({
        id: unitId,
        propertyId,
        updated: iso(within(365)),
        message: {
          Id: unitId, PropertyId: propertyId, BuildingName: null, UnitNumber: unitNumber, Description: null, MarketRent: rent,
          Address: { ...address, AddressLine2: `Unit ${unitNumber}` }, UnitBedrooms: rng.pick(BEDROOMS), UnitBathrooms: rng.pick(BATHROOMS),
          UnitSize: rng.int(45, 140) * 10, IsUnitListed: !occupied, IsUnitOccupied: occupied,
        },
      });
      if (occupied) {
        const leaseId = 700_000 + leases.length + 1;
        const start = within(700);
        const leaseUpdated = iso(Math.max(start, within(200)));
        const count = rng.int(1, 2);
        const ids: number[] = [];
        for (let t = 0; t < count; t++) {
          const p = person(rng);
          const tenantId = 300_000 + tenants.length + 1;
          ids.push(tenantId);
          tenants.push({
            id: tenantId,
            leaseIds: [leaseId],
            propertyIds: [propertyId],
            unitIds: [unitId],
            updated: leaseUpdated,
            message: {
              Id: tenantId, FirstName: p.first, LastName: p.last, Email: p.email, AlternateEmail: null, PhoneNumbers: [{ Number: p.phone, Type: 'Cell' }],
              CreatedDateTime: iso(start - 20 * DAY), EmergencyContact: null, DateOfBirth: `19${rng.int(60, 99)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
              SMSOptInStatus: 'NotSet', Address: { ...address, AddressLine2: `Unit ${unitNumber}` }, AlternateAddress: null, MailingPreference: 'PrimaryAddress',
              Leases: [], Comment: null, TaxId: null,
            },
          });
          notesFor(tenantNotes, tenantId, rng.int(0, 2));
        }
        const status = start + 365 * DAY < ANCHOR ? (rng.chance(0.3) ? 'Past' : 'Active') : 'Active';
        leases.push({
          id: leaseId,
          propertyId,
          unitId,
          tenantIds: ids,
          updated: leaseUpdated,
          message: {
            Id: leaseId, PropertyId: propertyId, UnitId: unitId, UnitNumber: unitNumber, LeaseFromDate: isoDate(start), LeaseToDate: isoDate(start + 365 * DAY),
            LeaseType: 'Fixed', LeaseStatus: status, IsEvictionPending: false, TermType: 'Standard', RenewalOfferStatus: 'NotSet',
            CurrentTenants: [], CurrentNumberOfOccupants: count, AccountDetails: { SecurityDeposit: rent, Rent: rent }, Cosigners: [],
            AutomaticallyMoveOutTenants: false, CreatedDateTime: iso(start - 14 * DAY), LastUpdatedDateTime: leaseUpdated, MoveOutData: [], PaymentDueDay: 1,
            Tenants: ids.map((id) => ({ Id: id, Status: status === 'Past' ? 'MovedOut' : 'Current', MoveInDate: isoDate(start) })),
          },
        });
      }
      // Applicants: about half the units have one (listed units more often).
      if (rng.chance(occupied ? 0.45 : 0.8)) {
        const p = person(rng);
        const applicantId = 200_000 + applicants.length + 1;
        const status = occupied ? 'AddedToLease' : rng.pick(APPLICATION_STATUSES.slice(0, 5));
        const submitted = within(200);
        const lastLease = leases[leases.length - 1];
        const tenantId = status === 'AddedToLease' && lastLease?.unitId === unitId ? (lastLease.tenantIds[0] ?? null) : null;
        applicants.push({
          id: applicantId,
          propertyId,
          unitId,
          updated: iso(submitted + rng.int(0, 10) * DAY),
          message: {
            Id: applicantId, ApplicantGroupId: 400_000 + applicants.length + 1, PropertyId: propertyId, UnitId: unitId, TenantId: tenantId,
            FirstName: p.first, LastName: p.last, Email: p.email, PhoneNumbers: [{ Number: p.phone, Type: 'Cell' }], Status: status,
            Applications: [{ Id: 600_000 + applicants.length + 1, ApplicationNumber: `A-${600_000 + applicants.length + 1}`, ApplicationStatus: status, ApplicationSubmittedDateTime: iso(submitted) }],
            UnsubmittedApplications: [], LastUpdatedDateTime: iso(submitted + rng.int(0, 10) * DAY),
          },
        });
        notesFor(applicantNotes, applicantId, rng.int(0, 3));
      }
    }
  }
  // Each tenant lists its leases; each lease its current tenants (without their leases, as Buildium nests one level).
  const leaseById = new Map(leases.map((l) => [l.id, l]));
  const tenantById = new Map(tenants.map((t) => [t.id, t]));
  for (const l of leases) l.message.CurrentTenants = l.tenantIds.map((id) => ({ ...(tenantById.get(id)?.message ?? {}), Leases: null }));
  for (const t of tenants) t.message.Leases = t.leaseIds.map((id) => ({ ...(leaseById.get(id)?.message ?? {}), CurrentTenants: null }));
  for (const a of applicants) a.message.LastUpdatedDateTime = a.updated;

  let logId = 800_001;
  for (const t of tenants) {
    for (let k = rng.int(0, 2); k > 0; k--) {
      const at = within(300);
      const by = rng.pick(staff);
      const leaseId = t.leaseIds[0] ?? null;
      phoneLogs.push({
        id: logId, participantId: t.id, participantType: 'RentalTenant', unitAgreementId: leaseId, day: isoDate(at), updated: iso(at),
        message: {
          Id: logId,
          Participant: { EntityId: t.id, EntityResources: [{ Type: 'RentalTenant', Href: href(`leases/tenants/${t.id}`) }], UnitAgreement: leaseId ? { Id: leaseId, Type: 'Lease', Href: href(`leases/${leaseId}`) } : null },
          LoggedByStaffUser: staffRef(by), Subject: rng.pick(SUBJECTS), Description: rng.pick(NOTE_TEXTS), CallDateTime: iso(at),
        },
      });
      logId++;
    }
  }
  // A call with a rental owner: in the list, but not about a person Leasewire syncs.
  const at = within(100);
  phoneLogs.push({
    id: logId, participantId: 90_001, participantType: 'RentalOwner', unitAgreementId: null, day: isoDate(at), updated: iso(at),
    message: { Id: logId, Participant: { EntityId: 90_001, EntityResources: [{ Type: 'RentalOwner', Href: href('rentals/owners/90001') }], UnitAgreement: null }, LoggedByStaffUser: staffRef(staff[0] as Row), Subject: 'Owner statement', Description: 'Walked the owner through the monthly statement.', CallDateTime: iso(at) },
  });

  return { seed, size, apiUserId: (staff[0] as Row).id, users, rentals, units, applicants, leases, tenants, applicantNotes, tenantNotes, phoneLogs, nextNoteId: noteId };
}
