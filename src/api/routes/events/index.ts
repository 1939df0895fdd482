import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { getEvent } from './getEvent.ts';
import { getEvents } from './getEvents.ts';

export function eventRoutes(app: FastifyInstance, deps: AppDeps): void {
  getEvents(app, deps);
  getEvent(app, deps);
}
