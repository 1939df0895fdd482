import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.ts';
import { deleteIntegration } from './deleteIntegration.ts';
import { getIntegration } from './getIntegration.ts';
import { getIntegrations } from './getIntegrations.ts';
import { postIntegration } from './postIntegration.ts';
import { putIntegration } from './putIntegration.ts';

export function integrationRoutes(app: FastifyInstance, deps: AppDeps): void {
  postIntegration(app, deps);
  getIntegrations(app, deps);
  getIntegration(app, deps);
  putIntegration(app, deps);
  deleteIntegration(app, deps);
}
