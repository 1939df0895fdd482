import type { Connector } from '../connector.ts';
import { buildiumCredentialsRefused, checkBuildiumCredentials } from './checkCredentials.ts';
import { buildiumCredentialsSchema, describeBuildiumCredentials, type BuildiumCredentials } from './credentials.ts';
import { buildiumSync } from './sync.ts';
import { buildiumWrites } from './writes/index.ts';

export const buildiumConnector: Connector<BuildiumCredentials> = {
  vendor: 'BUILDIUM',
  displayName: 'Buildium',
  credentialsSchema: buildiumCredentialsSchema,
  describeCredentials: describeBuildiumCredentials,
  checkCredentials: checkBuildiumCredentials,
  credentialsRefused: buildiumCredentialsRefused,
  sync: buildiumSync,
  writes: buildiumWrites,
};
