import type { IncomingHttpHeaders } from 'node:http';
import type { Company } from './dataset/model.ts';
import type { Gateway } from './recorder.ts';

/** Returns why the request is not authenticated, or null when it is (§6.6: envelope 401). */
export function authenticate(company: Company, gateway: Gateway, headers: IncomingHttpHeaders, subdomain: string | undefined): string | null {
  if (gateway === 'apikey') {
    const key = headers['x-api-key'];
    if (typeof key !== 'string' || key === '') return 'Missing X-Api-Key header.';
    if (key !== company.apiKey) return 'Invalid API key.';
    if (subdomain !== company.subdomain) return `The API key is not valid for organization "${subdomain ?? ''}".`;
    return null;
  }
  const header = headers.authorization;
  const m = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header) : null;
  if (!m?.[1]) return 'Missing or malformed HTTP Basic Authorization header.';
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const username = colon < 0 ? decoded : decoded.slice(0, colon);
  const password = colon < 0 ? '' : decoded.slice(colon + 1);
  if (username !== company.username || password !== company.password) return 'Invalid username or password.';
  return null;
}
