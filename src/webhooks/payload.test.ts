import { describe, expect, it } from 'vitest';
import { buildPayload, signBody, verifySignature, type OutboxRow } from './payload.ts';

const base: OutboxRow = { id: 'ob_1', integration_id: 'int_1', run_id: 'sr_1', event: 'DATA_NEW', model: 'events', record_id: 'crec', property_id: 'cprop', payload: '{}', created_at: '2026-03-01T12:00:00.000Z' };

describe('buildPayload (propexo-events.md §8.3)', () => {
  it('DATA_NEW: the record fields under payload, with object, record_id, context and meta', () => {
    const row = { ...base, payload: JSON.stringify({ x_id: '6001', event_name: 'Notes', notes: 'hello' }) };
    expect(buildPayload(row, 'ENTRATA')).toEqual({
      trigger: 'DATA_NEW',
      data: {
        event: 'DATA_NEW',
        object: 'events',
        record_id: 'crec',
        integration_id: 'int_1',
        vendor: 'ENTRATA',
        job_id: 'sr_1',
        root_job_id: 'sr_1',
        job_type: 'SYNC',
        context: { property_id: 'cprop' },
        meta: { integration_id: 'int_1', object: 'events' },
        payload: { created_at: '2026-03-01T12:00:00.000Z', x_id: '6001', event_name: 'Notes', notes: 'hello' },
      },
    });
  });

  it('DATA_UPDATE: only the changed fields, as diff.new and diff.previous', () => {
    const row = { ...base, event: 'DATA_UPDATE', model: 'leads', payload: JSON.stringify({ x_id: '10000002', diff: { new: { email_1: 'b@x.com' }, previous: { email_1: 'a@x.com' } } }) };
    const p = buildPayload(row, 'ENTRATA');
    expect(p.trigger).toBe('DATA_UPDATE');
    expect(p.data).toMatchObject({ event: 'DATA_UPDATE', object: 'leads', record_id: 'crec', diff: { new: { email_1: 'b@x.com' }, previous: { email_1: 'a@x.com' } }, context: { property_id: 'cprop' } });
    expect(p.data).not.toHaveProperty('payload');
  });

  it('SYNC_COMPLETE, JOB_FAILURE and WRITE_OPERATION_FAILURE keep their stored published shape', () => {
    const sync = { integration_id: 'int_1', vendor: 'ENTRATA', is_backsync: false, successful_job_count: 1, failed_job_count: 0, is_sync_finished: true, job_schedule_id: null, models_synced: ['events'] };
    expect(buildPayload({ ...base, event: 'SYNC_COMPLETE', model: null, record_id: null, property_id: null, payload: JSON.stringify(sync) }, 'ENTRATA')).toEqual({ trigger: 'SYNC_COMPLETE', data: { event: 'SYNC_COMPLETE', ...sync } });
    const write = { event: 'WRITE_OPERATION_FAILURE', integration_id: 'int_1', vendor: 'ENTRATA', root_job_id: 'wj_1', write_status: 'FAILURE', errors: ['Entrata refused the event'] };
    expect(buildPayload({ ...base, event: 'WRITE_OPERATION_FAILURE', payload: JSON.stringify(write) }, 'ENTRATA')).toEqual({ trigger: 'WRITE_OPERATION_FAILURE', data: write });
    // The vendor is filled in when the writer did not know it (an integration deleted meanwhile).
    const failure = { integration_id: 'int_1', vendor: null, job_id: 'sr_1', job_type: 'SYNC', root_job_id: 'sr_1', error: 'refused' };
    expect(buildPayload({ ...base, event: 'JOB_FAILURE', payload: JSON.stringify(failure) }, 'ENTRATA').data).toEqual({ ...failure, event: 'JOB_FAILURE', vendor: 'ENTRATA' });
  });

  it('is deterministic: a retry sends the same bytes', () => {
    const row = { ...base, payload: JSON.stringify({ x_id: '1', notes: 'n' }) };
    expect(JSON.stringify(buildPayload(row, 'ENTRATA'))).toBe(JSON.stringify(buildPayload(row, 'ENTRATA')));
  });

  it('a broken stored payload still gives a well-formed body', () => {
    expect(buildPayload({ ...base, event: 'SYNC_COMPLETE', payload: 'not json' }, null)).toEqual({ trigger: 'SYNC_COMPLETE', data: { event: 'SYNC_COMPLETE', integration_id: 'int_1', vendor: null } });
  });
});

describe('signBody / verifySignature (§8.2)', () => {
  it('is the hex HMAC-SHA256 of the raw body keyed with the secret', () => {
    // RFC 4231 test case 2.
    expect(signBody('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    const body = '{"trigger":"SYNC_COMPLETE","data":{}}';
    const sig = signBody('a-long-secret', body);
    expect(verifySignature('a-long-secret', body, sig)).toBe(true);
    expect(verifySignature('another-secret', body, sig)).toBe(false);
    expect(verifySignature('a-long-secret', `${body} `, sig)).toBe(false);
    expect(verifySignature('a-long-secret', body, 'zz')).toBe(false);
  });
});
