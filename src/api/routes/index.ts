import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { eventRoutes } from './events/index.ts';

/** Every route group, registered in one place; each group's index lists its endpoint files. */
export function registerRoutes(app: FastifyInstance, deps: AppDeps): void {
  eventRoutes(app, deps);
}
