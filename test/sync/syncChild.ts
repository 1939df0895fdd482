/**
 * A sync process for the kill-and-resume test: runs one sync of an integration and prints a line
 * after every committed batch, so the test can SIGKILL it mid-run.
 */
import { Sealer } from '../../src/lib/crypto.ts';
import { openStore } from '../../src/store/db.ts';
import { runSync } from '../../src/sync/engine.ts';

const store = openStore({
  databaseUrl: process.env.LW_DATABASE_URL || undefined,
  sqlitePath: process.env.LW_SQLITE_PATH,
  ...(process.env.LW_PG_SCHEMA ? { pgSchema: process.env.LW_PG_SCHEMA } : {}),
});
const sealer = new Sealer(Buffer.from(process.env.LW_SECRET_KEY ?? '', 'hex'));
let batches = 0;
const run = await runSync({ store, sealer }, process.env.LW_INTEGRATION_ID ?? '', {
  onProgress: (r) => process.stdout.write(`batch ${++batches} ${r.id}\n`),
});
process.stdout.write(`done ${run.state}\n`);
await store.close();
