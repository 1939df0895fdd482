import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createIntegration } from '../../../../integrations/service.ts';
import { createIntegrationBody, integrationSchema } from '../../../../integrations/schema.ts';
import type { AppDeps } from '../../../deps.ts';
import { accountOf } from '../../../plugins/auth.ts';

export function postIntegration(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().post('/v1/admin/integrations/', {
    schema: {
      tags: ['Integrations'],
      summary: 'Create an integration',
      description:
        'Connects a PMS account. The credentials are checked against the vendor\'s connector, encrypted at rest and ' +
        'never returned: responses carry `credentials_summary` (e.g. the Entrata subdomain and auth method) instead.',
      body: createIntegrationBody,
      response: { 200: z.object({ result: integrationSchema }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => ({ result: await createIntegration(deps, accountOf(request), request.body) }),
  });
}
