import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { getProperty } from './getProperty.ts';
import { getProperties } from './getProperties.ts';

export function propertyRoutes(app: FastifyInstance, deps: AppDeps): void {
  getProperties(app, deps);
  getProperty(app, deps);
}
