import { z } from 'zod';

/** Propexo's Enum1: the vendors a record can come from. Leasewire has connectors for ENTRATA. */
export const integrationVendors = [
  'SAMPLE2',
  'BUILDIUM',
  'ENTRATA',
  'MRI',
  'PROPERTYWARE',
  'PROPERTYWARE_REST',
  'REALPAGE',
  'REALPAGE_RPX',
  'RENTMANAGER',
  'RENTVINE',
  'RESMAN',
  'SAMPLE1',
] as const;
export const integrationVendorSchema = z.enum(integrationVendors).describe('The integration vendor (PMS) the record comes from');
export type IntegrationVendor = z.infer<typeof integrationVendorSchema>;

const nullableString = (description: string) => z.string().nullable().describe(description);

/** Fields every synced record carries (see the published schemas). */
export const coreRecordFields = {
  id: z.string().describe('Leasewire id of the record (opaque, stable across syncs)'),
  created_at: z.string().describe('When the record first entered Leasewire (ISO 8601, UTC)'),
  updated_at: z.string().describe('When Leasewire last saw the record change (ISO 8601, UTC)'),
  last_seen: nullableString('When a sync last saw the record in the PMS (ISO 8601, UTC)'),
  x_id: z.string().describe("The PMS's id of the record"),
  integration_id: z.string().describe('Leasewire id of the integration the record belongs to'),
  integration_vendor: integrationVendorSchema,
};

export const propertyScopedFields = {
  x_property_id: z.string().describe("The PMS's id of the property"),
  property_id: z.string().describe('Leasewire id of the property'),
};

export { nullableString };

/** Every field the store serves from its own columns rather than from the record's data. */
export type CoreRecordKey = keyof typeof coreRecordFields | keyof typeof propertyScopedFields;

/** The fields a mapper fills for a model: everything but the core fields the store owns. */
export type RecordData<T> = Omit<T, CoreRecordKey>;

/** Vendor-specific fields the normalized model has no place for. */
export const customData = z.record(z.string(), z.unknown()).nullable();

export const phoneTypes = ['FAX', 'HOME', 'MOBILE', 'OTHER', 'WORK'] as const;
export const phoneType = (description: string) => z.enum(phoneTypes).nullable().describe(description);
