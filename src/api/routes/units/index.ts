import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { getUnit } from './getUnit.ts';
import { getUnits } from './getUnits.ts';

export function unitRoutes(app: FastifyInstance, deps: AppDeps): void {
  getUnits(app, deps);
  getUnit(app, deps);
}
