import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { getLead } from './getLead.ts';
import { getLeads } from './getLeads.ts';

export function leadRoutes(app: FastifyInstance, deps: AppDeps): void {
  getLeads(app, deps);
  getLead(app, deps);
}
