import { z } from 'zod';
import type { Connector } from '../connectors/connector.ts';
import type { Issue } from '../api/errors.ts';
import { privateHostProblem } from '../lib/outboundPolicy.ts';

/**
 * Checks PMS credentials against a connector's schema and reports issues with their full path
 * (credentials.apiKey), so a client knows which field to fix.
 */
export function checkCredentials(
  connector: Connector<unknown>,
  raw: unknown,
): { ok: true; value: unknown } | { ok: false; issues: Issue[]; hint: string } {
  const parsed = connector.credentialsSchema.safeParse(raw);
  if (parsed.success) {
    // Under LEASEWIRE_PRIVATE_NETWORKS=deny a base_url at a private IP or localhost is refused
    // when saved, as webhook URLs are (a host name is judged when it is called).
    const baseUrl = (parsed.data as { base_url?: unknown } | null)?.base_url;
    const problem = typeof baseUrl === 'string' && URL.canParse(baseUrl) ? privateHostProblem(new URL(baseUrl).hostname) : null;
    if (problem) return { ok: false, issues: [{ code: 'custom', path: ['credentials', 'base_url'], message: problem }], hint: '' };
    return { ok: true, value: parsed.data };
  }
  const issues = flattenUnionIssues(parsed.error.issues as unknown as Issue[]).map((i) => ({
    ...i,
    path: ['credentials', ...i.path],
  }));
  return { ok: false, issues, hint: credentialShapes(connector) };
}

/**
 * A union's failure says only "Invalid input". The alternative with the fewest problems is the one
 * the client most likely meant, so its issues are the useful ones.
 */
export function flattenUnionIssues(issues: Issue[]): Issue[] {
  return issues.flatMap((issue) => {
    const branches = issue.code === 'invalid_union' ? (issue.errors as Issue[][] | undefined) : undefined;
    if (!branches || branches.length === 0) return [issue];
    const best = [...branches].sort((a, b) => a.length - b.length)[0] ?? [];
    return flattenUnionIssues(best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
  });
}

/** "{subdomain, apiKey, base_url?} or {…}" read from the schema itself, so it never goes stale. */
export function credentialShapes(connector: Connector<unknown>): string {
  const schema = connector.credentialsSchema as unknown as z.ZodType;
  const options = schema instanceof z.ZodUnion ? (schema.options as z.ZodType[]) : [schema];
  const shapes = options.map((o) =>
    o instanceof z.ZodObject
      ? `{${Object.entries(o.shape as Record<string, z.ZodType>)
          .map(([k, v]) => (v.safeParse(undefined).success ? `${k}?` : k))
          .join(', ')}}`
      : null,
  );
  if (shapes.some((s) => s === null)) return '';
  return `${connector.vendor} credentials look like ${shapes.join(' or ')}`;
}
