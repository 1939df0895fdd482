import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WalCheckpointer } from './walCheckpointer.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WalCheckpointer', () => {
  let dir: string;
  let file: string;
  let db: SQLite.Database;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leasewire-wal-'));
    file = path.join(dir, 'x.db');
    db = new SQLite(file);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 1000');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (rows: number) => {
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < rows / 100; i++) db.transaction(() => { for (let j = 0; j < 100; j++) insert.run('x'.repeat(1000)); })();
  };
  const dbBytes = () => fs.statSync(file).size;
  const autoCheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true });

  it('checkpoints from its thread once the WAL is big enough, with the commits\' own checkpoints off', async () => {
    const c = new WalCheckpointer(db, file, 1000, 64 * 1024 * 1024, { intervalMs: 20, startBytes: 1024 * 1024 });
    try {
      write(300);
      await sleep(1500);
      // Under the threshold after one watch: nothing started.
      expect(c.running).toBe(false);
      expect(autoCheckpoint()).toBe(1000);
      write(3000);
      for (let i = 0; i < 50 && !c.running; i++) await sleep(100);
      expect(c.running).toBe(true);
      expect(autoCheckpoint()).toBe(0);
      // Commits no longer checkpoint: only the thread copies the WAL into the database file.
      const before = dbBytes();
      write(2000);
      // Waits for the growth it asserts: a passive checkpoint may copy the WAL in more than one pass.
      for (let i = 0; i < 100 && dbBytes() <= before + 1024 * 1024; i++) await sleep(50);
      expect(dbBytes()).toBeGreaterThan(before + 1024 * 1024);
    } finally {
      await c.stop();
    }
    expect(c.running).toBe(false);
    expect(autoCheckpoint()).toBe(1000);
  });

  /**
   * About 30 MB of WAL in small transactions, a millisecond apart (as commits come between an API's
   * requests); answers the largest size the WAL file reached.
   */
  const streamOfCommits = async (): Promise<number> => {
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const commit = db.transaction(() => {
      for (let j = 0; j < 20; j++) insert.run('x'.repeat(1000));
    });
    let largest = 0;
    for (let i = 0; i < 1200; i++) {
      commit();
      largest = Math.max(largest, fs.statSync(`${file}-wal`).size);
      await sleep(1);
    }
    return largest;
  };

  it('keeps the WAL file under its limit while commits never pause (it started over only at an idle moment before)', async () => {
    const c = new WalCheckpointer(db, file, 1000, 2 * 1024 * 1024, { intervalMs: 20, startBytes: 0 });
    c.start();
    try {
      const largest = await streamOfCommits();
      // The limit, plus what commits add while the thread waits for the writer lock.
      expect(largest).toBeLessThan(12 * 1024 * 1024);
      expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 24_000 });
    } finally {
      await c.stop();
    }
  });

  it('without the truncating checkpoint, the same stream grows the WAL past that bound (what the test above guards)', async () => {
    const c = new WalCheckpointer(db, file, 1000, Number.MAX_SAFE_INTEGER, { intervalMs: 20, startBytes: 0 });
    c.start();
    try {
      expect(await streamOfCommits()).toBeGreaterThan(16 * 1024 * 1024);
    } finally {
      await c.stop();
    }
  });

  it('keeps the process alive until the thread has stopped, when nothing else is left to run', () => {
    const fixture = fileURLToPath(new URL('./walCheckpointer.exitFixture.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, LW_SQLITE_PATH: path.join(dir, 'exit.db') }, encoding: 'utf8', timeout: 30_000 });
    // Without it, Node ended the stop's wait unsettled: exit code 13.
    expect({ status: child.status, stdout: child.stdout }).toEqual({ status: 0, stdout: 'stopped\n' });
  });

  it('stop() before the thread ever started leaves the connection as it was', async () => {
    const c = new WalCheckpointer(db, file, 1000, 64 * 1024 * 1024, { startBytes: 1024 ** 3 });
    await c.stop();
    expect(autoCheckpoint()).toBe(1000);
    expect(c.running).toBe(false);
  });
});
