import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { getResident } from './getResident.ts';
import { getResidents } from './getResidents.ts';

export function residentRoutes(app: FastifyInstance, deps: AppDeps): void {
  getResidents(app, deps);
  getResident(app, deps);
}
