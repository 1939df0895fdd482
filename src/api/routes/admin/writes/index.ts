import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.ts';
import { getWrite } from './getWrite.ts';
import { getWriteLogs } from './getWriteLogs.ts';
import { getWrites } from './getWrites.ts';
import { getWriteStatus } from './getWriteStatus.ts';
import { postRetryWrite } from './postRetryWrite.ts';

export function writeAdminRoutes(app: FastifyInstance, deps: AppDeps): void {
  getWriteStatus(app, deps);
  postRetryWrite(app, deps);
  getWriteLogs(app, deps);
  getWrites(app, deps);
  getWrite(app, deps);
}
