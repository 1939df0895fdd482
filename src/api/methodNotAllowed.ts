import type { FastifyInstance } from 'fastify';

/**
 * Which methods a path answers, for 405 Method Not Allowed with an `Allow` header (a wrong
 * method on a known path is not "no such endpoint"). Routes are recorded as they register.
 */
export function trackRouteMethods(app: FastifyInstance): (path: string) => string[] {
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const pattern = new RegExp(
      `^${route.url
        .replace(/\/+$/, '')
        .split('/')
        .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/')}/?$`,
    );
    routes.push({ pattern, methods: methods.map(String) });
  });
  return (path) => {
    const allowed = new Set<string>();
    for (const r of routes) if (r.pattern.test(path)) for (const m of r.methods) allowed.add(m.toUpperCase());
    return [...allowed].sort();
  };
}
