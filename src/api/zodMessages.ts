import { z } from 'zod';

/**
 * Messages for the validation issues our schemas do not word themselves. Zod's defaults speak of
 * its own internals ("Invalid input: expected number, received NaN", "Too small: expected string
 * to have >=1 characters"); these say what the field must be and what was sent instead. An error
 * answer names the field before the message ("Invalid query string: limit: must be …"), so a
 * message does not repeat it. A message given in a schema (z.string().max(256, '…')) still wins.
 */
export function zodIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const input = issue.input;
      if (input === undefined) return 'is required';
      // A coerced query value that is no number arrives as NaN: what was sent is lost by then.
      if (typeof input === 'number' && Number.isNaN(input)) return `must be ${kind(String(issue.expected))}`;
      return `must be ${kind(String(issue.expected))}, not ${describe(input)}`;
    }
    case 'too_small':
      return bound(issue.origin, 'least', issue.minimum, issue.inclusive);
    case 'too_big':
      return bound(issue.origin, 'most', issue.maximum, issue.inclusive);
    case 'invalid_value':
      return `must be ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`}, not ${describe(issue.input)}`;
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
      const known = knownKeys(issue.inst);
      return `${keys} ${issue.keys.length === 1 ? 'is' : 'are'} not accepted here${known.length ? `; the accepted names are ${known.join(', ')}` : ''}`;
    }
    case 'invalid_format':
      return issue.format === 'regex' ? `does not have the expected form, not ${describe(issue.input)}` : `must be a valid ${issue.format}, not ${describe(issue.input)}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_union':
      return `does not match any accepted form (${describe(issue.input)} was sent)`;
    default:
      return undefined;
  }
}

/** Makes zodIssueMessage the wording of every schema in this process (Zod's global configuration). */
export function useZodMessages(): void {
  z.config({ customError: zodIssueMessage });
}

const kinds: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a list',
  date: 'a date',
  null: 'null',
};
const kind = (expected: string): string => kinds[expected] ?? expected;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function bound(origin: string, side: 'least' | 'most', limit: unknown, inclusive: boolean | undefined): string {
  const n = Number(limit);
  if (origin === 'string') {
    if (side === 'least' && n === 1) return 'must not be empty';
    return `must be at ${side} ${n} character${n === 1 ? '' : 's'} long`;
  }
  if (origin === 'array' || origin === 'set') {
    if (side === 'least' && n === 1) return 'must not be an empty list';
    return `must have at ${side} ${n} item${n === 1 ? '' : 's'}`;
  }
  if (inclusive === false) return `must be ${side === 'least' ? 'greater' : 'less'} than ${String(limit)}`;
  return `must be at ${side} ${String(limit)}`;
}

/** The field names an object schema takes (for the answer to an unknown one). */
function knownKeys(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: unknown } } } | undefined)?._zod?.def?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}
