import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { employeeSchema } from '../../../domain/employee.ts';
import type { AppDeps } from '../../deps.ts';
import { byIdQuery, oneResponseSchema, sendOne } from '../../listing.ts';

export function getEmployee(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/employees/:employee_id', {
    schema: {
      tags: ['Employees'],
      summary: 'Get an employee by ID',
      params: z.object({ employee_id: z.string().min(1).describe('Leasewire id of the employee') }),
      querystring: byIdQuery('employees'),
      response: { 200: oneResponseSchema(employeeSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendOne(store, 'employees', 'employee', request.params.employee_id, request, reply, request.query),
  });
}
