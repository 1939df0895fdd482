import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { applicantSchema } from '../../../domain/applicant.ts';
import type { AppDeps } from '../../deps.ts';
import { byIdQuery, oneResponseSchema, sendOne } from '../../listing.ts';

export function getApplicant(app: FastifyInstance, { store }: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/applicants/:id', {
    schema: {
      tags: ['Applicants'],
      summary: 'Get an applicant by ID',
      params: z.object({ id: z.string().min(1).describe('Leasewire id of the applicant') }),
      querystring: byIdQuery('applicants'),
      response: { 200: oneResponseSchema(applicantSchema) },
      security: [{ bearerAuth: [] }],
    },
    handler: (request, reply) => sendOne(store, 'applicants', 'applicant', request.params.id, request, reply, request.query),
  });
}
