import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useZodMessages } from './zodMessages.ts';

useZodMessages();

const messages = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error(`${JSON.stringify(value)} passed`);
  return r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('validation messages', () => {
  const body = z
    .object({
      lead_id: z.string().min(1),
      call_duration: z.number().int().min(0).max(86400).optional(),
      email_send: z.boolean().optional(),
      status: z.enum(['OPEN', 'COMPLETED']).optional(),
      tags: z.array(z.string()).min(1).optional(),
      title: z.string().max(5).optional(),
      url: z.url().optional(),
      notes: z.string().max(3, 'notes must be at most 3 characters').optional(),
    })
    .strict();

  it('say what the field must be and what was sent instead', () => {
    expect(messages(body, { lead_id: 5 })).toEqual(['lead_id: must be text, not 5']);
    expect(messages(body, { lead_id: 'c1', call_duration: 'long' })).toEqual(['call_duration: must be a number, not "long"']);
    expect(messages(body, { lead_id: 'c1', call_duration: 1.5 })).toEqual(['call_duration: must be a whole number, not 1.5']);
    expect(messages(body, { lead_id: 'c1', email_send: 'yes' })).toEqual(['email_send: must be true or false, not "yes"']);
    expect(messages(body, { lead_id: 'c1', status: 'DONE' })).toEqual(['status: must be one of "OPEN", "COMPLETED", not "DONE"']);
    expect(messages(body, { lead_id: 'c1', url: 'nope' })).toEqual(['url: must be a valid url, not "nope"']);
    expect(messages(body, { lead_id: 'c1', tags: {} })).toEqual(['tags: must be a list, not an object']);
  });

  it('name the bounds', () => {
    expect(messages(body, { lead_id: '' })).toEqual(['lead_id: must not be empty']);
    expect(messages(body, { lead_id: 'c1', call_duration: -1 })).toEqual(['call_duration: must be at least 0']);
    expect(messages(body, { lead_id: 'c1', call_duration: 86401 })).toEqual(['call_duration: must be at most 86400']);
    expect(messages(body, { lead_id: 'c1', title: 'toolong' })).toEqual(['title: must be at most 5 characters long']);
    expect(messages(body, { lead_id: 'c1', tags: [] })).toEqual(['tags: must not be an empty list']);
    expect(messages(z.number().gt(0), 0)).toEqual([': must be greater than 0']);
  });

  it('say a missing field is required', () => {
    expect(messages(body, {})).toEqual(['lead_id: is required']);
    expect(messages(body, [])).toEqual([': must be a JSON object, not a list']);
  });

  it('list the accepted names when one is unknown', () => {
    expect(messages(z.object({ a: z.string().optional(), b: z.string().optional() }).strict(), { c: 1, d: 2 })).toEqual([
      ': "c", "d" are not accepted here; the accepted names are a, b',
    ]);
  });

  it('leave a message the schema words itself alone', () => {
    expect(messages(body, { lead_id: 'c1', notes: 'long' })).toEqual(['notes: notes must be at most 3 characters']);
  });
});
