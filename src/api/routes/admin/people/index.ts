import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.ts';
import { getPeople } from './getPeople.ts';

export function peopleRoutes(app: FastifyInstance, deps: AppDeps): void {
  getPeople(app, deps);
}
