import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken } from '../lib/bearer.ts';

/**
 * /metrics is open unless METRICS_TOKEN is set; then a scrape must send it as
 * "Authorization: Bearer <token>". Compared in constant time (as digests, so lengths match).
 */
export function metricsRefusal(token: string | undefined, authorization: string | undefined): string | null {
  if (!token) return null;
  const given = bearerToken(authorization);
  if (given !== null && timingSafeEqual(digest(given), digest(token))) return null;
  return given === null
    ? 'Missing token: this server requires METRICS_TOKEN on /metrics; send it as "Authorization: Bearer <token>" (Prometheus: authorization: { credentials: <token> }).'
    : 'The metrics token is not the one this server was started with (METRICS_TOKEN); check the scraper\'s bearer token.';
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
