import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { getEmployee } from './getEmployee.ts';
import { getEmployees } from './getEmployees.ts';

export function employeeRoutes(app: FastifyInstance, deps: AppDeps): void {
  getEmployees(app, deps);
  getEmployee(app, deps);
}
