import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../test/support/store.ts';
import { createAccount } from './accounts.ts';
import { deleteIntegration, insertIntegration, integrationRef } from './integrations.ts';

describe('integrationRef (the accept path\'s cached look-up)', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(() => store.cleanup());

  const integration = async (accountId: string) =>
    insertIntegration(store.db, { account_id: accountId, vendor: 'ENTRATA', name: 'I', credentials: 'sealed', settings: {}, sync_frequency: 12, sync_cadence: 'HOUR', active: true });

  it('answers the integration of this account only, and forgets it at once when this process deletes it', async () => {
    const a = await createAccount(store.db, 'A');
    const b = await createAccount(store.db, 'B');
    const i = await integration(a.id);
    expect(await integrationRef(store, a.id, i.id)).toEqual({ id: i.id, account_id: a.id, vendor: 'ENTRATA' });
    // Remembered now: another account still does not see it.
    expect(await integrationRef(store, b.id, i.id)).toBeUndefined();
    expect(await integrationRef(store, a.id, 'int_nope')).toBeUndefined();
    expect(await deleteIntegration(store.db, a.id, i.id)).toBe(true);
    expect(await integrationRef(store, a.id, i.id)).toBeUndefined();
  });

  it('remembers a found integration for a few seconds (a deletion elsewhere is seen within them)', async () => {
    const a = await createAccount(store.db, 'A');
    const i = await integration(a.id);
    await integrationRef(store, a.id, i.id);
    await store.db.deleteFrom('integrations').where('id', '=', i.id).execute();
    expect(await integrationRef(store, a.id, i.id)).toMatchObject({ id: i.id });
  });
});
