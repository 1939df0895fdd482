import type { ConnectorWrites } from '../../connector.ts';
import type { BuildiumCredentials } from '../credentials.ts';
import { buildiumEventEndpoints } from './bodies.ts';
import { executeBuildiumNote } from './execute.ts';
import { buildiumEventFields, validateBuildiumEvent } from './rules.ts';

/** Buildium's write half: notes on applicants and lease tenants (Propexo's Buildium event endpoints). */
export const buildiumWrites: ConnectorWrites<BuildiumCredentials> = {
  vendorEndpoints: buildiumEventEndpoints,
  eventFields: buildiumEventFields,
  validateEvent: (store, integration, model, body) => validateBuildiumEvent(store, integration, model, body),
  executeEvent: executeBuildiumNote,
};
