import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.ts';
import { postSyncRoute } from './postManualSync.ts';

export function postBackSync(app: FastifyInstance, deps: AppDeps): void {
  postSyncRoute(app, deps, 'back-sync', 'back_sync');
}
