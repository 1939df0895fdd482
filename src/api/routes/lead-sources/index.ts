import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { getLeadSource } from './getLeadSource.ts';
import { getLeadSources } from './getLeadSources.ts';

export function leadSourceRoutes(app: FastifyInstance, deps: AppDeps): void {
  getLeadSources(app, deps);
  getLeadSource(app, deps);
}
