import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { getEventSubType } from './getEventSubType.ts';
import { getEventSubTypes } from './getEventSubTypes.ts';

export function eventSubTypeRoutes(app: FastifyInstance, deps: AppDeps): void {
  getEventSubTypes(app, deps);
  getEventSubType(app, deps);
}
