import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/**
 * Checkpoints a SQLite file's WAL from a thread of its own. Left to itself, SQLite checkpoints on
 * the connection that commits, inside that commit: it copies the WAL's pages into the database and
 * waits for two fsyncs, and with better-sqlite3 that wait blocks the event loop (on this project's
 * VMs, tens of milliseconds every few seconds under a stream of accepted writes: most of their p99,
 * and the loop's time lost to waiting). Here a worker thread runs PASSIVE checkpoints on its own
 * connection every `intervalMs`; a passive checkpoint never blocks the writer, which keeps
 * committing meanwhile, and has nothing to do (no fsync) when nothing was written.
 *
 * While the thread runs, the main connection's automatic checkpoints are off; if the thread ever
 * stops (an error), they are turned back on, so the WAL never grows without bound. Under writes
 * that never pause, the WAL file can grow past its usual size (SQLite starts it over only at a
 * commit that finds it wholly checkpointed); it is cut back to journal_size_limit when it does.
 */
export class WalCheckpointer {
  private worker: Worker | undefined;
  private readonly watch: NodeJS.Timeout;
  private stopped = false;

  /**
   * The thread starts once the WAL has grown past `startBytes`: a process that writes little (a
   * read-only API, a key's last-use stamp a minute) never pays its memory (about 18 MB).
   */
  constructor(
    private readonly main: SQLite.Database,
    private readonly file: string,
    private readonly autoCheckpointPages: number,
    private readonly options: { intervalMs?: number; startBytes?: number } = {},
  ) {
    const startBytes = options.startBytes ?? 4 * 1024 * 1024;
    this.watch = setInterval(() => {
      let size = 0;
      try {
        size = fs.statSync(`${file}-wal`).size;
      } catch {
        // no WAL yet
      }
      if (size >= startBytes) this.start();
    }, 1000);
    // Neither the watch nor the thread keeps a process alive that has nothing else to do.
    this.watch.unref();
  }

  /** Whether the thread runs (automatic checkpoints on commit are off meanwhile). */
  get running(): boolean {
    return this.worker !== undefined && !this.stopped;
  }

  /** Starts the thread now (it otherwise starts once the WAL is big enough). */
  start(): void {
    clearInterval(this.watch);
    if (this.worker || this.stopped) return;
    const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(THREAD, {
      eval: true,
      workerData: { betterSqlite3, file: this.file, intervalMs: this.options.intervalMs ?? 1000 },
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    this.worker = worker;
    worker.unref();
    this.main.pragma('wal_autocheckpoint = 0');
    const fallBack = (reason: unknown) => {
      if (this.stopped) return;
      this.stopped = true;
      if (this.main.open) this.main.pragma(`wal_autocheckpoint = ${this.autoCheckpointPages}`);
      console.error('leasewire: the WAL checkpoint thread stopped; checkpoints run on commit again', reason);
    };
    worker.on('error', fallBack);
    worker.on('exit', (code) => fallBack(`exit code ${code}`));
  }

  /** Stops the thread (after its checkpoint in progress, if any); automatic checkpoints resume. */
  async stop(): Promise<void> {
    clearInterval(this.watch);
    const worker = this.worker;
    if (this.stopped || !worker) {
      this.stopped = true;
      return;
    }
    this.stopped = true;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    await exited;
    if (this.main.open) this.main.pragma(`wal_autocheckpoint = ${this.autoCheckpointPages}`);
  }
}

/** The thread (CommonJS, evaluated): one connection, a PASSIVE checkpoint per interval, until told to stop. */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    // Another connection's checkpoint holds the lock (SQLITE_BUSY): the next interval tries again.
    if (!err || err.code !== 'SQLITE_BUSY') throw err;
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;
