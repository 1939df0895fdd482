import { z } from 'zod';
import { calendarKinds, calendarTypes } from '../../../connectors/connector.ts';

const startDate = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))), 'availability_start_date must be YYYY-MM-DD or an ISO 8601 date-time, e.g. 2026-12-08')
  .describe('First day (date-time or YYYY-MM-DD); days start at midnight in the zone of the answer (the PMS’s)');

const common = {
  integration_id: z.string().min(1).describe('Leasewire id of the integration'),
  property_id: z.string().min(1).describe('Leasewire id of the property (GET /v1/properties/)'),
  availability_start_date: startDate,
  availability_duration_days: z.number().int().min(1).max(7).describe('How many days, 1–7'),
  calendar_types: z.array(z.enum(calendarTypes)).optional().describe('Calendar groups; default: the PMS’s own'),
};

/** POST /v1/appointment-availability/{vendor}/ (Propexo's vendor body: no default duration, no employee). */
export const vendorAvailabilityBody = z.strictObject({
  ...common,
  appointment_duration_minutes: z.number().int().positive().optional().describe('Slot length in minutes; default: each calendar’s own'),
});

/** POST /v1/appointment-availability/ (Propexo's generic body). */
export const genericAvailabilityBody = z.strictObject({
  ...common,
  appointment_duration_minutes: z.number().int().positive().optional().describe('Slot length in minutes (default 30)'),
  employee_id: z.string().min(1).optional().describe('Leasewire id of an employee, for PMSs with agent calendars'),
});

const slot = z.object({ start: z.string(), end: z.string().nullable() });
export const availabilityItem = z.object({
  last_seen: z.string(),
  calendar_type: z.enum(calendarKinds),
  x_agent_id: z.string().nullable(),
  agent_first_name: z.string().nullable(),
  agent_last_name: z.string().nullable(),
  default_appointment_length: z.number().nullable(),
  minimum_appointment_lead_time: z.number().nullable(),
  timezone: z.string().nullable(),
  x_property_id: z.string().nullable(),
  calendar_days: z.array(
    z.object({
      date: z.string(),
      day_of_week: z.string(),
      opening_time: z.string().nullable(),
      closing_time: z.string().nullable(),
      simultaneous_appointment_mode: z.enum(['SINGLE', 'MULTIPLE', 'UNLIMITED', 'UNKNOWN']),
      max_simultaneous_appointments: z.number().nullable(),
      available_slots: z.array(slot),
    }),
  ),
});
export const availabilityResponse = z.object({ meta: z.object({ job_id: z.string() }), result: z.array(availabilityItem) });
