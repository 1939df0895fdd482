import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deleteWebhook as removeWebhook } from '../../../webhooks/service.ts';
import type { AppDeps } from '../../deps.ts';
import { accountOf } from '../../plugins/auth.ts';
import { webhookParams } from './getWebhook.ts';

export function deleteWebhook(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().delete('/v1/webhooks/:webhook_id', {
    schema: {
      tags: ['Webhooks'],
      summary: 'Delete a webhook',
      description: 'Deletes the webhook and its delivery history; deliveries still pending are not sent.',
      params: webhookParams,
      response: { 200: z.object({ result: z.object({ id: z.string().describe('The ID of the webhook that was deleted') }) }) },
      security: [{ bearerAuth: [] }],
    },
    handler: async (request) => {
      await removeWebhook(deps, accountOf(request), request.params.webhook_id);
      return { result: { id: request.params.webhook_id } };
    },
  });
}
