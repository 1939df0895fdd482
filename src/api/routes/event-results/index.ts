import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { getEventResult } from './getEventResult.ts';
import { getEventResults } from './getEventResults.ts';

export function eventResultRoutes(app: FastifyInstance, deps: AppDeps): void {
  getEventResults(app, deps);
  getEventResult(app, deps);
}
