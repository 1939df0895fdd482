import { z } from 'zod';

/** Propexo's appointment types (one PMS's calendar kinds, part of Propexo's generic body). */
export const appointmentTypes = ['LEASING_APPOINTMENT', 'SELF_GUIDED_TOUR', 'TOUR', 'VIRTUAL_TOUR'] as const;

const id = (what: string) => z.string().min(1, `${what} must not be empty`).describe(`Leasewire id of the ${what}`);
export const appointmentDate = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))), 'appointment_date must be YYYY-MM-DD or an ISO 8601 date-time, e.g. 2026-12-08')
  .describe('Day of the appointment, YYYY-MM-DD (a date-time is read as its day in the PMS’s zone)');
export const appointmentTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/, 'appointment_time must be HH:MM:SS (24-hour), e.g. 09:30:00, in the zone the PMS books in')
  .describe('Start, HH:MM:SS, in the zone the PMS books in (Mountain Time for some)');

/** What a booking carries (Propexo §7.6.2): the vendor bodies require these, the generic ones leave them to the PMS. */
export const appointmentFields = {
  integration_id: id('integration'),
  appointment_date: appointmentDate,
  appointment_time: appointmentTime,
  appointment_duration_minutes: z.number().int().positive('appointment_duration_minutes must be a whole number of minutes above 0').describe('Length in minutes'),
  appointment_type: z.enum(appointmentTypes, { message: `appointment_type must be one of ${appointmentTypes.join(', ')}` }),
  notes: z.string().min(1, 'notes must have at least 1 character').max(256, 'notes must be at most 256 characters'),
  unit_id: id('unit').optional(),
  title: z.string().max(50, 'title must be at most 50 characters').optional(),
};

/** Generic extras of Propexo's generic appointment bodies (§3.5); a PMS that does not take one refuses it. */
const genericExtras = {
  employee_id: id('employee').optional(),
  status: z.enum(['COMPLETED', 'OPEN', 'REVIEW', 'DENIED']).optional(),
  priority: z.enum(['HIGH', 'MEDIUM', 'LOW']).optional(),
  lead_source_id: id('lead source').optional(),
};
const optionalAll = Object.fromEntries(Object.entries(appointmentFields).map(([k, v]) => [k, k === 'integration_id' ? v : v.optional()])) as {
  [K in keyof typeof appointmentFields]: K extends 'integration_id' ? (typeof appointmentFields)[K] : z.ZodOptional<(typeof appointmentFields)[K]>;
};

export const genericLeadAppointmentBody = z.strictObject({ lead_id: id('lead').optional(), ...optionalAll, ...genericExtras });
export const genericApplicantAppointmentBody = z.strictObject({ applicant_id: id('applicant').optional(), application_id: z.string().optional(), ...optionalAll, ...genericExtras });
