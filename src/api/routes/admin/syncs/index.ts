import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.ts';
import { getSync } from './getSync.ts';
import { getSyncs } from './getSyncs.ts';
import { postBackSync } from './postBackSync.ts';
import { postManualSync } from './postManualSync.ts';

export function syncRoutes(app: FastifyInstance, deps: AppDeps): void {
  postManualSync(app, deps);
  postBackSync(app, deps);
  getSyncs(app, deps);
  getSync(app, deps);
}
