import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { getApplicant } from './getApplicant.ts';
import { getApplicants } from './getApplicants.ts';

export function applicantRoutes(app: FastifyInstance, deps: AppDeps): void {
  getApplicants(app, deps);
  getApplicant(app, deps);
}
