import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Store } from '../store/db.ts';
import { metricsRefusal } from './metricsAuth.ts';
import { renderMetrics } from './storeMetrics.ts';

/**
 * /metrics and /healthz for a process without the API (`leasewire worker --metrics-port`): its job
 * and PMS-call metrics only exist in its own memory.
 */
export async function serveMetrics(store: Store, where: { port: number; host: string; token?: string | undefined }): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (req.url !== '/metrics') return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"Only /metrics and /healthz are served here.","details":{}}}');
    const refused = metricsRefusal(where.token, req.headers.authorization);
    if (refused) return void res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'unauthorized', message: refused, details: {} } }));
    renderMetrics(store).then(
      (m) => res.writeHead(200, { 'content-type': m.contentType }).end(m.body),
      (err: unknown) => res.writeHead(503, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${err instanceof Error ? err.message : String(err)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${where.host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
