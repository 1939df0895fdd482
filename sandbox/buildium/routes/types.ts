import type { SandboxState } from '../state.ts';
import { badRequest } from '../errors.ts';

export interface OperationContext {
  state: SandboxState;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** The sandbox's base URL, for Location headers. */
  baseUrl: string;
}

export interface OperationResult {
  status: number;
  body: unknown;
  /** Lists: the whole result set's size, sent as X-Total-Count. */
  total?: number;
  headers?: Record<string, string>;
}

/** One Buildium operation: its spec path template and operationId, and the handler. */
export interface Operation {
  method: 'GET' | 'POST';
  path: string;
  operationId: string;
  handle(ctx: OperationContext): OperationResult;
}

export function idParam(params: Record<string, string>, name: string): number {
  const v = params[name] ?? '';
  if (!/^\d{1,10}$/.test(v) || Number(v) > 2_147_483_647) throw badRequest(name, `${name} must be a positive 32-bit integer (got "${v}").`);
  return Number(v);
}

export const list = (r: { items: unknown[]; total: number }): OperationResult => ({ status: 200, body: r.items, total: r.total });
