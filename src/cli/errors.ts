import { ApiError } from '../api/errors.ts';
import { ConfigError } from '../config.ts';
import { SecretKeyError } from '../runtime/secretKey.ts';
import { MigrationError } from '../store/migrate.ts';

/** A failed operation whose message already says what to do (exit code 1). */
export class CliError extends Error {
  override name = 'CliError';
}

const unreachable = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET']);

function errorCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  // Node reports a refused connection to a host with several addresses as an AggregateError.
  if (err instanceof AggregateError) return err.errors.map(errorCode).find(Boolean);
  return undefined;
}

/**
 * One line that says what went wrong and what to do, for the errors a person can fix. Anything
 * else is a bug: its stack is worth showing.
 */
export function describeError(err: unknown, context: { databaseUrl?: string | undefined } = {}): { line: string; expected: boolean } {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof CliError || err instanceof SecretKeyError || err instanceof MigrationError) return { line: message, expected: true };
  if (err instanceof ConfigError) return { line: message.replace(/:\n\s+/, ': ').replace(/\n\s+/g, '; '), expected: true };
  if (err instanceof ApiError) {
    const issues = (err.details.issues as Array<{ path: Array<string | number>; message: string }> | undefined) ?? [];
    // Issues the message already tells (one refusal naming two fields) are not repeated.
    const more = issues.slice(1).filter((i) => !err.message.includes(i.message)).map((i) => `${i.path.join('.')}: ${i.message}`);
    // The API's "Invalid body: " prefix names an HTTP body a CLI user never wrote.
    return { line: [err.message.replace(/^Invalid body: /, ''), ...more].join('; '), expected: true };
  }
  const code = errorCode(err);
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    const where = err && typeof err === 'object' && 'port' in err ? ` ${String(err.port)}` : '';
    const why = code === 'EADDRINUSE' ? 'is already in use' : 'needs more privileges';
    return { line: `Port${where} ${why}: stop the other process or pick another port with --port or PORT.`, expected: true };
  }
  if (code && unreachable.has(code)) {
    return { line: `Cannot reach PostgreSQL${hostOf(context.databaseUrl)} (${code}): check DATABASE_URL and that the server is running.`, expected: true };
  }
  // PostgreSQL's own refusals: bad password (28P01), unknown role (28000), unknown database (3D000).
  if (code === '28P01' || code === '28000' || code === '3D000') {
    return { line: `PostgreSQL refused the connection: ${message}. Check the user, password and database in DATABASE_URL.`, expected: true };
  }
  return { line: `Unexpected error: ${message}`, expected: false };
}

function hostOf(url: string | undefined): string {
  if (!url) return '';
  try {
    const u = new URL(url);
    return ` at ${u.hostname}:${u.port || 5432}`;
  } catch {
    return '';
  }
}
