import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { getEventType } from './getEventType.ts';
import { getEventTypes } from './getEventTypes.ts';

export function eventTypeRoutes(app: FastifyInstance, deps: AppDeps): void {
  getEventTypes(app, deps);
  getEventType(app, deps);
}
