import { z } from 'zod';
import { getIntegration } from '../../../../store/repositories/integrations.ts';
import type { Store } from '../../../../store/db.ts';
import type { SyncRunRow } from '../../../../sync/runs.ts';
import { notFound } from '../../../errors.ts';

export const integrationParams = z.object({ integration_id: z.string().min(1).describe('Leasewire id of the integration') });
export const syncBody = z
  .object({
    sync_config_id: z.string().optional().describe('Accepted for Propexo compatibility; Leasewire has one sync configuration per integration'),
    models_to_sync: z.array(z.string()).min(1).optional().describe('Models to sync (default: every model the connector syncs)'),
  })
  .strict()
  .optional();

export const syncRunSchema = z.object({
  id: z.string(),
  integration_id: z.string(),
  kind: z.string(),
  state: z.string(),
  is_first_sync: z.boolean(),
  models: z.array(z.string()),
  progress: z.record(z.string(), z.unknown()),
  error: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});

export function serializeRun(r: SyncRunRow): z.infer<typeof syncRunSchema> {
  return {
    id: r.id,
    integration_id: r.integration_id,
    kind: r.kind,
    state: r.state,
    is_first_sync: r.is_first_sync === 1,
    models: JSON.parse(r.models) as string[],
    progress: JSON.parse(r.progress) as Record<string, unknown>,
    error: r.error,
    created_at: r.created_at,
    started_at: r.started_at,
    finished_at: r.finished_at,
  };
}

export async function ownIntegration(store: Store, accountId: string, id: string) {
  const integration = await getIntegration(store.db, accountId, id);
  if (!integration) throw notFound('integration', id);
  return integration;
}
