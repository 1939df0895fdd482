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
 * stops (an error), they are turned back on.
 *
 * SQLite starts the WAL over only at a commit that finds it wholly checkpointed, which a passive
 * checkpoint running beside a stream of commits never leaves behind: under a write worker draining
 * a backlog, the WAL grew by about 75 MB a second, to 15 GB in a few minutes. So once the file
 * passes `truncateBytes` (the store passes its journal_size_limit, 64 MB), the thread follows its passive
 * checkpoint with a TRUNCATE one: it waits (in the thread, up to 200 ms, else it tries again at the
 * next interval) for a moment between write transactions, copies the few pages committed since the
 * passive pass, and empties the file. Writers wait for it only during that short copy.
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
    /** The WAL file's size past which the thread starts it over (the store's journal_size_limit). */
    private readonly truncateBytes: number,
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
      workerData: { betterSqlite3, file: this.file, intervalMs: this.options.intervalMs ?? 1000, truncateBytes: this.truncateBytes },
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
    // The thread is unref'd so that it never keeps a process alive; while stopping, the process
    // must wait for it: with nothing else left on the event loop (the HTTP server already closed),
    // Node would otherwise end with this wait unsettled (exit code 13, seen on a `serve` SIGTERM).
    worker.ref();
    worker.postMessage('stop');
    await exited;
    if (this.main.open) this.main.pragma(`wal_autocheckpoint = ${this.autoCheckpointPages}`);
  }
}

/**
 * The thread (CommonJS, evaluated): one connection, a PASSIVE checkpoint per interval, and a
 * TRUNCATE one after it while the WAL file is past truncateBytes, until told to stop.
 */
const THREAD = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const walBytes = () => {
  try {
    return fs.statSync(workerData.file + '-wal').size;
  } catch {
    return 0;
  }
};
const checkpoint = (mode) => {
  try {
    db.pragma('wal_checkpoint(' + mode + ')');
  } catch (err) {
    // Another connection's checkpoint holds the lock (SQLITE_BUSY): the next interval tries again.
    if (!err || err.code !== 'SQLITE_BUSY') throw err;
  }
};
const timer = setInterval(() => {
  checkpoint('PASSIVE');
  if (walBytes() < workerData.truncateBytes) return;
  // Waits here, not on the event loop, for the writer lock; busy past 200 ms: the next interval.
  db.pragma('busy_timeout = 200');
  try {
    checkpoint('TRUNCATE');
  } finally {
    db.pragma('busy_timeout = 0');
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;
