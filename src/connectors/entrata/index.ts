import type { Connector } from '../connector.ts';
import { entrataAvailability } from './availability.ts';
import { checkEntrataCredentials, entrataCredentialsRefused } from './checkCredentials.ts';
import { describeEntrataCredentials, entrataCredentialsSchema, type EntrataCredentials } from './credentials.ts';
import { entrataSync } from './sync.ts';
import { entrataWrites } from './writes/index.ts';

export const entrataConnector: Connector<EntrataCredentials> = {
  vendor: 'ENTRATA',
  displayName: 'Entrata',
  credentialsSchema: entrataCredentialsSchema,
  describeCredentials: describeEntrataCredentials,
  checkCredentials: checkEntrataCredentials,
  credentialsRefused: entrataCredentialsRefused,
  sync: entrataSync,
  writes: entrataWrites,
  availability: entrataAvailability,
};
