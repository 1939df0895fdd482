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
        'Connects a PMS account. The credentials are checked against the vendor\'s connector, then with the PMS ' +
        'itself (one cheap call, at most 10 s): a refusal is a 400 naming the refused field and nothing is saved; a PMS ' +
        'that cannot be reached does not block saving and is reported in `credentials_check` and `ping_results` ' +
        '(`can_authenticate` stays false until the PMS takes them). They are encrypted at rest and never returned: ' +
        'responses carry `credentials_summary` (e.g. the subdomain and auth method) instead.',
      body: createIntegrationBody,
      response: { 200: z.object({ result: integrationSchema }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => ({ result: await createIntegration(deps, accountOf(request), request.body) }),
  });
}
