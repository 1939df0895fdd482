import type { FastifySchemaCompiler } from 'fastify';
import { invalidRequest } from './errors.ts';

/**
 * PostgreSQL text cannot hold a NUL character (a JSON "\u0000"), and no field of ours needs one:
 * a body holding one is a 400 naming the field, on SQLite too, before the route's own validation
 * or any query. Wraps the validator compiler, so it costs nothing on requests without a body
 * schema and adds no hook to the request path. (NULs in the URL are refused by the auth gate.)
 */
export function refusingNul<T>(compiler: FastifySchemaCompiler<T>): FastifySchemaCompiler<T> {
  return (route) => {
    const validate = compiler(route);
    if (route.httpPart !== 'body') return validate;
    return (data: unknown) => {
      const path = nulPath(data);
      return path ? { error: nulError(path) } : validate(data);
    };
  };
}

function nulError(path: Array<string | number>) {
  const field = path.length ? path.map((p) => String(p).replaceAll('\u0000', '\\u0000')).join('.') : 'the body';
  return invalidRequest(`Invalid body: ${field}: contains a NUL character (\\u0000); remove it, text fields cannot hold one.`, [
    { code: 'invalid_string', path, message: 'NUL characters (\\u0000) are not allowed' },
  ]);
}

/** Path to a string (value or key) holding a NUL character, walked without recursion: bodies can nest deep. */
export function nulPath(body: unknown): Array<string | number> | null {
  interface Node {
    value: unknown;
    key: string | number | null;
    parent: Node | null;
  }
  // The first 50 steps name the field well enough; a path thousands deep would swamp the answer.
  const pathOf = (n: Node, last: Array<string | number> = []): Array<string | number> => {
    const reversed = [...last];
    for (let at: Node | null = n; at && at.key !== null; at = at.parent) reversed.push(at.key);
    const path = reversed.reverse();
    return path.length > 50 ? [...path.slice(0, 50), '…'] : path;
  };
  const stack: Node[] = [{ value: body, key: null, parent: null }];
  while (stack.length) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return pathOf(node);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], key: i, parent: node });
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k.includes('\u0000')) return pathOf(node, [k]);
        stack.push({ value: v, key: k, parent: node });
      }
    }
  }
  return null;
}
