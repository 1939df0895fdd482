import type { Connector } from '../connector.ts';
import { describeEntrataCredentials, entrataCredentialsSchema, type EntrataCredentials } from './credentials.ts';

export const entrataConnector: Connector<EntrataCredentials> = {
  vendor: 'ENTRATA',
  displayName: 'Entrata',
  credentialsSchema: entrataCredentialsSchema,
  describeCredentials: describeEntrataCredentials,
};
