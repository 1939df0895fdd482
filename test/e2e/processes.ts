import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

/** Helpers for tests that run Leasewire as real processes, as an operator would. */

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const leasewireBin = fileURLToPath(new URL('../../bin/leasewire.js', import.meta.url));

export interface Running {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Exit code, or the signal name when a signal ended the process. */
  exited: Promise<number | string>;
}

const running = new Set<ChildProcess>();

export function spawnProcess(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): Running {
  const child = spawn(command, args, { env: options.env, cwd: options.cwd ?? repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  return { child, pid: child.pid ?? 0, stdout: () => out, stderr: () => err, exited };
}

/** `leasewire <args>` in a child process. */
export const leasewire = (args: string[], env: NodeJS.ProcessEnv): Running => spawnProcess(process.execPath, [leasewireBin, ...args], { env });

/** Kills whatever a test left running (afterAll): a failed test must not leave servers behind. */
export function killAll(): void {
  for (const c of running) c.kill('SIGKILL');
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `check` returns a value (not undefined/false), failing with `what` after the timeout. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000, proc?: Running): Promise<T> {
  const until = Date.now() + timeoutMs;
  let exitedWith: number | string | undefined;
  void proc?.exited.then((c) => (exitedWith = c));
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (exitedWith !== undefined) throw new Error(`${what}: the process exited with ${exitedWith}\nstdout: ${proc?.stdout()}\nstderr: ${proc?.stderr()}`);
    if (Date.now() > until) throw new Error(`${what}: not after ${timeoutMs} ms${proc ? `\nstdout: ${proc.stdout()}\nstderr: ${proc.stderr()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for `pattern` in the process's stdout and returns its first group (or the whole match). */
export const waitForOutput = (proc: Running, pattern: RegExp, timeoutMs = 60_000): Promise<string> =>
  waitFor(`output ${String(pattern)}`, () => {
    const m = pattern.exec(proc.stdout());
    return m ? (m[1] ?? m[0]) : undefined;
  }, timeoutMs, proc);
