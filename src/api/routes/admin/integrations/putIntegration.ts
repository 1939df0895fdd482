import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { updateIntegrationFromInput } from '../../../../integrations/service.ts';
import { integrationSchema, updateIntegrationBody } from '../../../../integrations/schema.ts';
import type { AppDeps } from '../../../deps.ts';
import { accountOf } from '../../../plugins/auth.ts';
import { integrationParams } from './getIntegration.ts';

export function putIntegration(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().put('/v1/admin/integrations/:integration_id', {
    schema: {
      tags: ['Integrations'],
      summary: 'Update an integration',
      description:
        'Changes only the fields given. `credentials` replaces the stored credentials, checked again with the PMS as ' +
        'on create (a refusal is a 400 and keeps the stored ones); so is a new `base_url`. The vendor cannot change.',
      params: integrationParams,
      body: updateIntegrationBody,
      response: { 200: z.object({ result: integrationSchema }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => ({
      result: await updateIntegrationFromInput(deps, accountOf(request), request.params.integration_id, request.body),
    }),
  });
}
