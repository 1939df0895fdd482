/**
 * Company-wide pick-list values. Event type ids are Entrata's real system ids (reference §2.13 and
 * §7.3.3: a live tenant's type list); result ids beyond the few the record shows are our choices
 * (documented in the README) and fixed, so tests and docs can name them.
 */

export interface EventType {
  id: number;
  name: string;
  /** Entrata's system name, shown next to the company-visible name in pick lists. */
  entrataName: string;
}

export interface EventSubType {
  id: number;
  name: string;
  eventTypeId: number;
}

export interface EventResult {
  id: number;
  name: string;
  eventTypeId: number;
  /** Company-custom results map onto a system result; system results point at themselves. */
  defaultId: number;
  defaultName: string;
}

export interface LeadStatus {
  id: number;
  name: string;
  stage: 'lead' | 'applicant' | 'resident';
  leaseIntervalTypeName: string;
}

export const EVENT_TYPE = {
  emailIncoming: 1,
  emailOutgoing: 2,
  callIncoming: 3,
  callOutgoing: 4,
  textIncoming: 5,
  textOutgoing: 6,
  onlineChat: 7,
  notes: 8,
  onsiteVisit: 9,
  onlineGuestCard: 10,
  followUp: 15,
  voiceMail: 16,
  appointment: 17,
  tour: 78,
  application: 131,
  selfGuidedTour: 442,
  virtualTour: 449,
  tourActivity: 512,
} as const;

const type = (id: number, name: string, entrataName = name): EventType => ({ id, name, entrataName });

export const EVENT_TYPES: readonly EventType[] = [
  type(1, 'Email - Incoming'),
  type(2, 'Email - Outgoing'),
  type(3, 'Call - Incoming'),
  type(4, 'Call - Outgoing'),
  type(5, 'Text - Incoming'),
  type(6, 'Text - Outgoing'),
  type(7, 'Online Chat'),
  type(8, 'Notes'),
  type(9, 'Onsite Visit'),
  type(10, 'Online Guest Card'),
  type(15, 'Scheduled Follow-Up'),
  type(16, 'Voice Mail'),
  type(17, 'Scheduled Appointment', 'Appointment'),
  type(78, 'Tour'),
  type(131, 'Application', 'Add Applicant Application'),
  type(442, 'Self-Guided Tour'),
  type(449, 'Virtual Tour'),
  type(512, 'Tour Activity'),
];

export const EVENT_SUB_TYPES: readonly EventSubType[] = [
  { id: 453, name: 'Leasing Appointments', eventTypeId: 17 },
  { id: 454, name: 'Tour', eventTypeId: 17 },
  { id: 525, name: 'Virtual Tour', eventTypeId: 17 },
  { id: 560, name: 'Self-Guided Tour', eventTypeId: 17 },
  { id: 524, name: 'Self-Guided Tour', eventTypeId: 78 },
];

const system = (id: number, name: string, eventTypeId: number): EventResult => ({
  id,
  name,
  eventTypeId,
  defaultId: id,
  defaultName: name,
});
const custom = (id: number, name: string, base: EventResult): EventResult => ({
  id,
  name,
  eventTypeId: base.eventTypeId,
  defaultId: base.id,
  defaultName: base.name,
});

const spokeIn = system(101, 'Spoke With Prospect', 3);
const spokeOut = system(104, 'Spoke With Prospect', 4);
const apptCancelled = system(124, 'Cancelled', 17);
const checkIn = system(83, 'Check - In', 9);

export const EVENT_RESULTS: readonly EventResult[] = [
  system(161, 'Replied', 1),
  system(162, 'Sent', 2),
  spokeIn,
  system(102, 'Left Voicemail', 3),
  system(103, 'No Answer', 3),
  spokeOut,
  system(105, 'Left Voicemail', 4),
  system(106, 'No Answer', 4),
  custom(2894101, 'Call Back Requested', spokeOut),
  system(111, 'Delivered', 6),
  system(112, 'Replied', 5),
  system(171, 'Toured Property', 9),
  checkIn,
  custom(2894233, 'check-in custom', checkIn),
  system(141, 'Toured', 78),
  system(142, 'Not Interested', 78),
  system(151, 'Completed', 15),
  system(152, 'Not Completed', 15),
  system(121, 'Completed', 17),
  system(122, 'No Show', 17),
  system(123, 'Rescheduled', 17),
  apptCancelled,
  custom(57024, 'Cancelled', apptCancelled),
  system(181, 'Submitted', 131),
];

export const LEAD_STATUS = {
  guestCard: 1,
  applicationStarted: 3,
  applicationApproved: 6,
  leaseApproved: 8,
  cancelled: 9,
} as const;

export const LEAD_STATUSES: readonly LeadStatus[] = [
  { id: 1, name: 'Guest Card', stage: 'lead', leaseIntervalTypeName: 'Application' },
  { id: 3, name: 'Application Started', stage: 'applicant', leaseIntervalTypeName: 'Application' },
  { id: 4, name: 'Application Partially Completed', stage: 'applicant', leaseIntervalTypeName: 'Application' },
  { id: 5, name: 'Application Completed', stage: 'applicant', leaseIntervalTypeName: 'Application' },
  { id: 6, name: 'Application Approved', stage: 'applicant', leaseIntervalTypeName: 'Application' },
  { id: 7, name: 'Lease Started', stage: 'applicant', leaseIntervalTypeName: 'Application' },
  { id: 8, name: 'Lease Approved', stage: 'resident', leaseIntervalTypeName: 'Application' },
  { id: 9, name: 'Cancelled', stage: 'lead', leaseIntervalTypeName: 'Application' },
  { id: 10, name: 'Archived', stage: 'lead', leaseIntervalTypeName: 'Application' },
  { id: 21, name: 'Renewal Proposal Generated', stage: 'resident', leaseIntervalTypeName: 'Renewal' },
];

export const LEASE_STATUS = { applicant: 1, cancelled: 2, future: 3, current: 4, notice: 5, past: 6 } as const;

export const LEASE_STATUS_NAMES: Readonly<Record<number, string>> = {
  1: 'Applicant',
  2: 'Cancelled',
  3: 'Future',
  4: 'Current',
  5: 'Notice',
  6: 'Past',
};

/** §6.5: the texts our connector maps its call-status enum onto. */
export const CALL_STATUSES = [
  'Answered',
  'Unanswered',
  'Voicemail Left',
  'Busy',
  'Abandoned',
  'Disconnected',
  'Failure To Connect',
] as const;

export interface LeadSource {
  id: number;
  name: string;
  webVisible: boolean;
}

export const LEAD_SOURCES: readonly LeadSource[] = [
  { id: 68509, name: 'Apartment Advisor', webVisible: true },
  { id: 68510, name: 'Apartments.com', webVisible: true },
  { id: 68511, name: 'Zillow Rentals', webVisible: true },
  { id: 68512, name: 'Property Website', webVisible: true },
  { id: 68513, name: 'Drive By', webVisible: false },
  { id: 68514, name: 'Resident Referral', webVisible: false },
  { id: 68515, name: 'Google', webVisible: true },
  { id: 68516, name: 'Facebook', webVisible: true },
];

export const PS_PRODUCTS = [
  { id: 7, name: 'API Services' },
  { id: 12, name: 'Lead Management' },
];

export const LIST_ITEM_TYPES = [
  {
    id: 9,
    name: 'Lead Archive Reasons',
    items: [
      { id: 134417, name: 'Archived' },
      { id: 134418, name: 'Rented Elsewhere' },
      { id: 134419, name: 'Price Too High' },
    ],
  },
];

export const CUSTOMER_RELATIONSHIP_TYPES = [
  { id: 18385, name: 'Primary', isDefault: true, customerType: 'Primary', customerTypeId: 1 },
  { id: 18386, name: 'Spouse', isDefault: false, customerType: 'Responsible', customerTypeId: 2 },
  { id: 18387, name: 'Roommate', isDefault: false, customerType: 'Responsible', customerTypeId: 2 },
];

export const EVENT_TYPE_BY_ID: ReadonlyMap<number, EventType> = new Map(EVENT_TYPES.map((t) => [t.id, t]));
export const SUB_TYPE_BY_ID: ReadonlyMap<number, EventSubType> = new Map(EVENT_SUB_TYPES.map((s) => [s.id, s]));
export const RESULT_BY_ID: ReadonlyMap<number, EventResult> = new Map(EVENT_RESULTS.map((r) => [r.id, r]));
export const LEAD_STATUS_BY_ID: ReadonlyMap<number, LeadStatus> = new Map(LEAD_STATUSES.map((s) => [s.id, s]));
export const LEAD_SOURCE_BY_ID: ReadonlyMap<number, LeadSource> = new Map(LEAD_SOURCES.map((s) => [s.id, s]));

export function resultsForType(typeId: number): EventResult[] {
  return EVENT_RESULTS.filter((r) => r.eventTypeId === typeId);
}

/** §6.7: call and outgoing-email types are recognised by name, never by a hard-coded id. */
export function isCallType(t: EventType): boolean {
  return t.name.startsWith('Call');
}

export function isOutgoingEmailType(t: EventType): boolean {
  return /^e-?mail\b/i.test(t.name) && /outgoing/i.test(t.name);
}

/** Types whose events carry an appointment (date, start and end time, sub type). */
export function isAppointmentType(t: EventType): boolean {
  return t.id === EVENT_TYPE.appointment;
}
