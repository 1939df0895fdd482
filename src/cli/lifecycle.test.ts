import { describe, expect, it } from 'vitest';
import { runUntilStopped } from './lifecycle.ts';

describe('runUntilStopped', () => {
  it('waits for the signal, reports it, then closes last-opened first', async () => {
    const log: string[] = [];
    let stop!: (s: NodeJS.Signals) => void;
    const stopping = new Promise<NodeJS.Signals>((r) => (stop = r));
    const done = runUntilStopped(stopping, async (defer) => {
      defer('runtime', (r) => void log.push(`close ${r}`));
      const app = defer({ name: 'app' }, async (a) => void log.push(`close ${a.name}`));
      log.push(`opened ${app.name}`);
      return (signal) => void log.push(`got ${signal}`);
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual(['opened app']);
    stop('SIGTERM');
    await done;
    expect(log).toEqual(['opened app', 'got SIGTERM', 'close app', 'close runtime']);
  });

  it('closes what was opened when opening fails, and throws that error', async () => {
    const log: string[] = [];
    const failure = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    const run = runUntilStopped(new Promise<NodeJS.Signals>(() => {}), async (defer) => {
      defer('runtime', () => void log.push('close runtime'));
      throw failure;
    });
    await expect(run).rejects.toBe(failure);
    expect(log).toEqual(['close runtime']);
  });

  it('runs every close even when one fails, and throws the first error', async () => {
    const log: string[] = [];
    const run = runUntilStopped(Promise.resolve('SIGINT'), async (defer) => {
      defer('runtime', () => void log.push('close runtime'));
      defer('metrics', () => {
        throw new Error('metrics close failed');
      });
      defer('app', () => {
        throw new Error('app close failed');
      });
    });
    await expect(run).rejects.toThrow('app close failed');
    expect(log).toEqual(['close runtime']);
  });
});
