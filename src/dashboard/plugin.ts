import { readdirSync, readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The operator dashboard at /dashboard: static files (one page, one script, one stylesheet) that
 * call the public API with the API key the operator signs in with. The server holds no dashboard
 * state and no session: the key stays in the tab's sessionStorage and goes out only as
 * `Authorization: Bearer`, so the dashboard can show nothing the key cannot read.
 */

/** Scripts and styles from this origin only, no inline code, no frames, API calls to this origin only. */
export const dashboardCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const types: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml' };
/** Files served under /dashboard/assets/: the folder's own scripts, styles and images, nothing else. */
const assetName = /^[a-z][a-z0-9-]*\.(js|css|svg)$/;

const read = (name: string): Buffer => readFileSync(new URL(`./assets/${name}`, import.meta.url));

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', dashboardCsp)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cross-origin-opener-policy', 'same-origin');
}

export function registerDashboard(app: FastifyInstance): void {
  // Read once at start: the files are small and never change while the process runs.
  const page = read('index.html');
  const names = readdirSync(new URL('./assets/', import.meta.url)).filter((n) => assetName.test(n));
  const files = new Map(names.map((name) => [name, { body: read(name), type: types[name.split('.').pop() ?? ''] ?? 'application/octet-stream' }]));

  app.get('/dashboard', { schema: { hide: true } }, async (_request, reply) =>
    secure(reply).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page),
  );
  app.get<{ Params: { file: string } }>('/dashboard/assets/:file', { schema: { hide: true } }, async (request, reply) => {
    const asset = files.get(request.params.file);
    if (!asset) {
      return reply.code(404).type('application/json; charset=utf-8').send({ error: { code: 'not_found', message: `No dashboard file "${request.params.file}". Open /dashboard.`, details: {} } });
    }
    return secure(reply).header('cache-control', 'no-cache').type(asset.type).send(asset.body);
  });
}
