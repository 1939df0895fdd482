/**
 * A process whose last work is stopping a running checkpoint thread (as `serve` does after its
 * HTTP server closed): it must wait for the thread and exit 0, not end with the wait unsettled.
 */
import SQLite from 'better-sqlite3';
import { WalCheckpointer } from './walCheckpointer.ts';

const file = process.env.LW_SQLITE_PATH ?? '';
const db = new SQLite(file);
db.pragma('journal_mode = WAL');
const checkpointer = new WalCheckpointer(db, file, 1000, 64 * 1024 * 1024);
checkpointer.start();
await new Promise((r) => setTimeout(r, 200));
await checkpointer.stop();
db.close();
process.stdout.write('stopped\n');
