import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { deleteWebhook } from './deleteWebhook.ts';
import { getWebhook } from './getWebhook.ts';
import { getWebhookDeliveries } from './getWebhookDeliveries.ts';
import { getWebhooks } from './getWebhooks.ts';
import { postWebhook } from './postWebhook.ts';
import { postWebhookRedelivery } from './postWebhookRedelivery.ts';
import { postWebhookTest } from './postWebhookTest.ts';
import { putWebhook } from './putWebhook.ts';

export function webhookRoutes(app: FastifyInstance, deps: AppDeps): void {
  getWebhooks(app, deps);
  postWebhook(app, deps);
  getWebhook(app, deps);
  putWebhook(app, deps);
  deleteWebhook(app, deps);
  getWebhookDeliveries(app, deps);
  postWebhookTest(app, deps);
  postWebhookRedelivery(app, deps);
}
