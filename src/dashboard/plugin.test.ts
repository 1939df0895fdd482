import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/support/app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('/dashboard', () => {
  it('serves the page with a strict Content-Security-Policy, no cookie, and no key needed', async () => {
    for (const url of ['/dashboard', '/dashboard/']) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['set-cookie']).toBeUndefined();
      // Every asset is this server's own, referenced by path (no CDN), and no inline script or style.
      expect(res.body).toContain('src="/dashboard/assets/app.js"');
      expect(res.body).not.toMatch(/(src|href)="https?:/);
      expect(res.body).not.toMatch(/<script>|<style|style="/);
    }
  });

  it('serves its script, stylesheet and icon with their types, and 404 for anything else', async () => {
    for (const [file, type] of [['app.js', /^text\/javascript/], ['writes.js', /^text\/javascript/], ['style.css', /^text\/css/], ['icon.svg', /^image\/svg\+xml/]] as const) {
      const res = await ctx.app.inject({ method: 'GET', url: `/dashboard/assets/${file}` });
      expect(res.statusCode, file).toBe(200);
      expect(res.headers['content-type']).toMatch(type);
      expect(res.headers['content-security-policy']).toBeDefined();
    }
    for (const name of ['..%2Fplugin.ts', 'plugin.ts', 'index.html', 'nope.js']) {
      const missing = await ctx.app.inject({ method: 'GET', url: `/dashboard/assets/${name}` });
      expect(missing.statusCode, name).toBe(404);
      expect(missing.json().error.code).toBe('not_found');
    }
  });

  it('the scripts read the key from sessionStorage only, send it as a bearer token, and never build HTML from text', async () => {
    const files = ['app.js', 'api.js', 'dom.js', 'state.js', 'integrations.js', 'writes.js', 'webhooks.js', 'records.js'];
    const js = (await Promise.all(files.map((f) => ctx.app.inject({ method: 'GET', url: `/dashboard/assets/${f}` })))).map((r) => r.body).join('\n');
    expect(js).toContain('sessionStorage');
    expect(js).not.toMatch(/localStorage|document\.cookie|innerHTML|outerHTML|insertAdjacentHTML|eval\(/);
    expect(js).toContain('authorization: `Bearer ${');
  });
});
