import { setMaxListeners } from 'node:events';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** What a sandbox holds open and must release when it closes. */
export interface Closable {
  /** Sockets held open by the `hang` fault; destroyed on close so shutdown never waits on them. */
  readonly hungSockets: Set<Socket>;
  /** Aborted on close: wakes requests sleeping in injected latency. */
  readonly closing: AbortController;
}

/**
 * Aborted when the sandbox closes. Every request sleeping through an injected latency listens to
 * it (and stops listening when it wakes): many at once are normal, not a leak, so Node's warning
 * past 10 listeners is turned off for this signal.
 */
export function closingController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Waits `ms`, or less if `signal` aborts first (the sandbox is closing). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Keeps a hung request's socket until the client gives up or the sandbox closes. */
export function holdOpen(held: Closable, socket: Socket): void {
  held.hungSockets.add(socket);
  socket.once('close', () => held.hungSockets.delete(socket));
}

/** Listens on host:port (0 picks a free port) and returns the base URL, `http://HOST:PORT`. */
export async function listen(app: FastifyInstance, host: string, port: number): Promise<string> {
  await app.listen({ port, host });
  const address = app.server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
}

/**
 * The handle's `close()`: wakes sleeping requests, destroys hung sockets, stops the server.
 * Calling it again returns the same promise.
 */
export function closer(app: FastifyInstance, held: Closable): () => Promise<void> {
  let closed: Promise<void> | undefined;
  return () => {
    closed ??= (async () => {
      held.closing.abort();
      for (const socket of held.hungSockets) socket.destroy();
      held.hungSockets.clear();
      await app.close();
    })();
    return closed;
  };
}
