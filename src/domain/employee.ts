import { z } from 'zod';
import { coreRecordFields, nullableString, propertyScopedFields, type RecordData } from './common.ts';

/** An employee of a property, e.g. a leasing agent (Propexo's Employee). */
export const employeeSchema = z
  .object({
    ...coreRecordFields,
    ...propertyScopedFields,
    x_location_id: nullableString('The external ID of the location (exclusive to Rent Manager integrations). This is always null for non-Rent Manager integrations.'),
    name: nullableString('The name associated with the employee'),
    email: nullableString('The primary email address associated with the employee'),
    is_active: z.boolean().nullable().describe('Whether the employee is active'),
    roles: z.array(z.string()),
  })
  .meta({ id: 'Employee' });
export type Employee = z.infer<typeof employeeSchema>;

/** The fields a mapper fills (everything but the core fields the store owns). */
export type EmployeeData = RecordData<Employee>;
