import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.ts';
import { getWriteLogs } from './getWriteLogs.ts';
import { getWriteStatus } from './getWriteStatus.ts';
import { postRetryWrite } from './postRetryWrite.ts';

export function writeAdminRoutes(app: FastifyInstance, deps: AppDeps): void {
  getWriteStatus(app, deps);
  postRetryWrite(app, deps);
  getWriteLogs(app, deps);
}
