import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, type CliEnv } from './env.ts';

/**
 * The real `leasewire` binary in child processes: create a key, serve it over HTTP, refuse a
 * second server on the same port, revoke the key, and stop on SIGTERM with exit code 0.
 * Each process costs about a second of tsx start-up, so there are only five.
 */
const bin = fileURLToPath(new URL('../../bin/leasewire.js', import.meta.url));
const children = new Set<ChildProcess>();
let setup: CliEnv;

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(args: string[]): Running {
  const child = spawn(process.execPath, [bin, ...args], { env: setup.env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function run(args: string[]) {
  const p = start(args);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

/** Starts `serve` on a free port and waits for the line that says where it listens. */
async function serve(port = 0): Promise<Running & { url: string }> {
  const p = start(['serve', '--port', String(port)]);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(p.stdout());
      if (m?.[1]) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 50);
    void p.exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`serve exited with ${code}: ${p.stderr()}`));
    });
  });
  return { ...p, url };
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

beforeAll(() => {
  setup = cliEnv();
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await setup.cleanup();
});

describe('leasewire serve', () => {
  it('serves a key made by `keys create`, refuses a taken port, stops on SIGTERM, and a revoked key is refused', async () => {
    const created = await run(['keys', 'create', '--name', 'e2e', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const { key, id } = JSON.parse(created.stdout) as { key: string; id: string };

    const server = await serve();
    const ok = await fetch(`${server.url}/v1/events/`, { headers: bearer(key) });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { meta: { total: number } }).meta.total).toBe(0);
    expect((await fetch(`${server.url}/v1/events/`)).status).toBe(401);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });

    const port = new URL(server.url).port;
    const clash = await run(['serve', '--port', port]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(new RegExp(`^error: Port ${port} is already in use: stop the other process or pick another port with --port or PORT.$`, 'm'));
    expect(clash.stderr).not.toMatch(/^\s+at /m);

    expect((await run(['keys', 'revoke', id])).code).toBe(0);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stderr()).not.toMatch(/^error|^\s+at /m);
    expect(server.stdout()).not.toContain(key);

    // A fresh process has no cached authentication, so the revocation shows at once.
    const again = await serve();
    const refused = await fetch(`${again.url}/v1/events/`, { headers: bearer(key) });
    expect(refused.status).toBe(401);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  }, 120_000);
});
