import { describe, expect, it } from 'vitest';
import { checkCredentials } from '../../integrations/credentials.ts';
import { connectorFor } from '../registry.ts';
import { buildiumCredentialsSchema, describeBuildiumCredentials } from './credentials.ts';

describe('Buildium credentials', () => {
  it('take Propexo\'s {clientId, secret} plus base_url, and the summary never shows the secret', () => {
    const c = buildiumCredentialsSchema.parse({ clientId: 'cid', secret: 's3cret', base_url: 'http://127.0.0.1:4020' });
    expect(describeBuildiumCredentials(c)).toEqual({ clientId: 'cid', auth: 'apiKey', base_url: 'http://127.0.0.1:4020' });
    expect(JSON.stringify(describeBuildiumCredentials(c))).not.toContain('s3cret');
  });

  it('name the missing or unknown field, through the registered connector', () => {
    const buildium = connectorFor('BUILDIUM');
    expect(buildium?.displayName).toBe('Buildium');
    const missing = checkCredentials(buildium!, { clientId: 'cid' });
    expect(missing.ok).toBe(false);
    expect(JSON.stringify(missing)).toMatch(/secret/);
    expect(checkCredentials(buildium!, { clientId: 'cid', secret: 's', apiKey: 'x' }).ok).toBe(false);
  });
});
