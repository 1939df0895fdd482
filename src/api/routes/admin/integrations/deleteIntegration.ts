import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { removeIntegration } from '../../../../integrations/service.ts';
import type { AppDeps } from '../../../deps.ts';
import { accountOf } from '../../../plugins/auth.ts';
import { integrationParams } from './getIntegration.ts';

export function deleteIntegration(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().delete('/v1/admin/integrations/:integration_id', {
    schema: {
      tags: ['Integrations'],
      summary: 'Delete an integration',
      description: 'Deletes the integration, its stored credentials and every record synced from it.',
      params: integrationParams,
      response: { 200: z.object({ success: z.boolean().describe('Status of integration deletion') }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      await removeIntegration(deps, accountOf(request), request.params.integration_id);
      return { success: true };
    },
  });
}
