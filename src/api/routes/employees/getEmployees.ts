import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { employeeSchema } from '../../../domain/employee.ts';
import type { AppDeps } from '../../deps.ts';
import { listFilters, listResponseSchema, sendList, sharedFilters } from '../../listing.ts';

export const { query: getEmployeesQuery, spec } = listFilters('employees', {
  location_id: sharedFilters.location_id,
  property_id: sharedFilters.property_id,
  integration_id: sharedFilters.integration_id,
  integration_vendor: sharedFilters.integration_vendor,
});

export function getEmployees(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/employees/', {
    schema: {
      tags: ['Employees'],
      summary: 'Get all employees',
      description: 'Employees (leasing agents, managers…) of the properties this key can see.',
      querystring: getEmployeesQuery,
      response: { 200: listResponseSchema(employeeSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendList(store, spec, request, reply, request.query),
  });
}
