import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

/**
 * The operator dashboard in Chromium against a live Leasewire + Entrata sandbox (globalSetup.ts):
 * every page an operator clicks through, with no console errors, and a key that sees only its own
 * account. Each page's screenshot goes to docs/screenshots/ (shown in the README).
 */
interface Fixture {
  api_url: string;
  key_a: string;
  key_b: string;
  integration_id: string;
  sandbox_url: string;
  receiver_url: string;
  lead_id: string;
  lead_name: string;
  event_type_id: string;
  b_strings: string[];
}
const fx = JSON.parse(process.env.LEASEWIRE_BROWSER_FIXTURE ?? '{}') as Fixture;
const shots = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
fs.mkdirSync(shots, { recursive: true });

test.describe.configure({ mode: 'serial' });

/** Console errors and uncaught exceptions of the page; every test ends expecting none (unless it allows some). */
let consoleErrors: string[] = [];
let allowed: RegExp[] = [];
test.beforeEach(({ page }) => {
  consoleErrors = [];
  allowed = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
});
test.afterEach(() => {
  expect(consoleErrors.filter((e) => !allowed.some((a) => a.test(e)))).toEqual([]);
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}${name}.png`, fullPage: true });

async function api<T>(method: string, path: string, body?: unknown, key = fx.key_a): Promise<T> {
  const res = await fetch(`${fx.api_url}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : null });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function setFaults(faults: Record<string, unknown[]>): Promise<void> {
  const res = await fetch(`${fx.sandbox_url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  expect(res.ok).toBe(true);
}

async function signIn(page: Page, key = fx.key_a): Promise<void> {
  await page.goto(`${fx.api_url}/dashboard`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Dashboard' })).toBeVisible();
}

// Page-side code is given as text: this project's TypeScript has no DOM types.
const go = async (page: Page, hash: string) => {
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
};

let failedJob = '';
let retryJob = '';
const note = `Dashboard test note ${Date.now()}`;

test('sign in with the keyboard: the key stays in session storage, never in the URL or a cookie; the overview shows the synced integration', async ({ page }) => {
  const res = await page.goto(`${fx.api_url}/dashboard`);
  const csp = res?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("default-src 'none'");
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await shot(page, 'sign-in');
  // The key field has focus: type and press Enter.
  await page.keyboard.type(fx.key_a);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  const row = page.getByRole('row', { name: /Entrata sandbox/ });
  await expect(row).toContainText('ENTRATA');
  await expect(row).toContainText('succeeded');
  await expect(page.getByRole('heading', { name: 'Writes in the last 24 hours' })).toBeVisible();
  expect(page.url()).not.toContain(fx.key_a);
  expect(await page.evaluate('document.cookie')).toBe('');
  expect(await page.evaluate("sessionStorage.getItem('leasewire.apiKey')")).toBe(fx.key_a);
  expect((await page.context().cookies()).length).toBe(0);
  await shot(page, 'overview');

  // Keyboard navigation: Tab reaches the menu, Enter follows a link.
  await page.getByRole('link', { name: 'Writes', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Writes', exact: true })).toBeVisible();
  await expect(page.getByText('No writes yet.')).toBeVisible();
});

test("integration page: credentials summary, and a sync's progress followed live to the end", async ({ page }) => {
  await signIn(page);
  // Slow the sandbox down so the run is seen while it works.
  await setFaults({ '*': [{ kind: 'latency', ms: 120 }] });
  try {
    await go(page, `#/integrations/${fx.integration_id}`);
    await expect(page.getByRole('heading', { name: 'Entrata sandbox' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Credentials' })).toBeVisible();
    await expect(page.locator('section', { has: page.getByRole('heading', { name: 'Credentials' }) }).locator('dl')).toContainText('subdomain');
    await page.getByRole('button', { name: 'Sync now' }).click();
    const card = page.getByLabel(/Progress of sync/);
    // Seen while it works: some models done, others not yet.
    await expect(card).toContainText(/running\s*[1-9]\d* of \d+ models done/, { timeout: 30_000 });
    await expect(card.locator('progress')).toBeVisible();
    await shot(page, 'integration-sync-running');
    await expect(card).toContainText('succeeded', { timeout: 45_000 });
    await expect(card).toContainText(/(\d+) of \1 models done/);
    await shot(page, 'integration');
  } finally {
    await setFaults({});
  }
});

test('writes: a write failed by the sandbox’s fault injection is opened, its attempts shown, and retried to SUCCESS', async ({ page }) => {
  await setFaults({ 'leads/updateLeads': [{ kind: 'envelope', code: 500 }] });
  const body = { integration_id: fx.integration_id, lead_id: fx.lead_id, event_type_id: fx.event_type_id, event_datetime: new Date().toISOString(), notes: note };
  failedJob = (await api<{ meta: { job_id: string } }>('POST', '/v1/events/leads/entrata/', body)).meta.job_id;
  await expect.poll(async () => (await api<{ write_status: string }>('GET', `/v1/admin/write-status/${failedJob}`)).write_status, { timeout: 30_000 }).toBe('FAILURE');
  await setFaults({});

  await signIn(page);
  await go(page, '#/writes');
  await page.getByLabel('Status').selectOption('FAILURE');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/status=FAILURE/);
  const row = page.getByRole('row', { name: new RegExp(failedJob) });
  await expect(row).toContainText('Entrata failed internally');
  await shot(page, 'writes');
  await row.getByRole('link', { name: failedJob }).click();
  await expect(page.getByRole('heading', { name: `Write ${failedJob}` })).toBeVisible();
  const attempts = page.getByRole('table', { name: 'Attempts' }).getByRole('row');
  await expect(attempts).toHaveCount(13); // the header and 12 attempts
  await expect(attempts.last()).toContainText('failed');
  await expect(page.getByRole('heading', { name: 'Request' })).toBeVisible();
  await shot(page, 'write-failed');

  await page.getByRole('button', { name: 'Retry this write' }).click();
  await expect(page.getByRole('heading', { name: /^Write wj_/ })).not.toHaveText(`Write ${failedJob}`);
  retryJob = (await page.getByRole('heading', { name: /^Write wj_/ }).innerText()).replace('Write ', '').trim();
  await expect(page.locator('main .badge').first()).toHaveText('SUCCESS', { timeout: 30_000 });
  await expect(page.getByRole('link', { name: failedJob })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Attempts' })).toContainText('succeeded');
  await expect(page.getByText('Created record', { exact: true })).toBeVisible();
  await shot(page, 'write-retried');
  // The created record opens.
  await page.locator('dd a[href^="#/events/"]').click();
  await expect(page).toHaveURL(/#\/events\//);
  await expect(page.locator('pre.json')).toHaveCount(1);
  await expect(page.locator('pre.json')).toContainText(note);
});

test('webhooks: a failed delivery is redelivered to SUCCESS, and a test event reaches the receiver', async ({ page }) => {
  await signIn(page);
  await go(page, '#/webhooks');
  await page.getByRole('link', { name: `${fx.receiver_url}/hook` }).click();
  await expect(page.getByRole('heading', { name: 'Webhook', exact: true })).toBeVisible();
  // The failed write's WRITE_OPERATION_FAILURE went to a receiver answering 410: given up at once.
  const failed = page.getByRole('row', { name: /WRITE_OPERATION_FAILURE/ });
  await expect(async () => {
    await page.reload();
    await expect(failed).toContainText('FAILURE', { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(failed).toContainText('410');
  await shot(page, 'webhook-failed');

  await fetch(`${fx.receiver_url}/control?status=200`, { method: 'POST' });
  await failed.getByRole('button', { name: /Redeliver/ }).click();
  await expect(failed).toContainText('SUCCESS', { timeout: 20_000 });
  await expect(failed.getByText('2 attempt(s)')).toBeVisible();

  await page.getByRole('button', { name: 'Send test event' }).click();
  await expect(page.getByRole('row', { name: /TEST/ })).toContainText('SUCCESS', { timeout: 20_000 });
  await shot(page, 'webhook');
  // The overview counts failing webhooks: none left.
  await go(page, '#/overview');
  await expect(page.getByText(/webhook\(s\) deliver without failures/)).toBeVisible();
});

test("records: a lead found by name, and its timeline newest first with the event written through Leasewire on top", async ({ page }) => {
  await signIn(page);
  await go(page, '#/records');
  const last = fx.lead_name.split(' ').at(-1)!;
  await page.getByLabel('Name, email or phone').fill(last.toLowerCase());
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: fx.lead_name }).first().click();
  await expect(page.getByRole('heading', { name: fx.lead_name })).toBeVisible();
  const items = page.locator('ol.timeline > li');
  await expect(items.first()).toContainText(note);
  const times = (await page.locator('ol.timeline time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''))).map((t) => Date.parse(t));
  expect(times.length).toBeGreaterThan(1);
  expect(times).toEqual([...times].sort((a, b) => b - a));
  await shot(page, 'timeline');
  await go(page, `#/records?model=leads&q=${encodeURIComponent(last.toLowerCase())}`);
  await expect(page.getByRole('link', { name: fx.lead_name }).first()).toBeVisible();
  await shot(page, 'records');

  // On a phone: the same pages fit the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await go(page, `#/records/leads/${fx.lead_id}`);
  await expect(items.first()).toContainText(note);
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await shot(page, 'timeline-phone');
});

test("account A's key sees nothing of account B on any page, and B sees nothing of A", async ({ page }) => {
  await signIn(page, fx.key_a);
  const pagesOfA = ['#/overview', '#/integrations', '#/writes', '#/webhooks', '#/records', '#/records?model=leads&q=zebrafish', '#/records?model=leads&q=bertha', `#/integrations/${fx.integration_id}`];
  for (const hash of pagesOfA) {
    await go(page, hash);
    await expect(page.locator('main')).not.toHaveAttribute('aria-busy', 'true');
    await expect(page.locator('main h1')).toBeVisible();
    const text = await page.locator('body').innerText();
    for (const s of fx.b_strings) expect(text, `${hash} shows "${s}"`).not.toContain(s);
  }

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(await page.evaluate('sessionStorage.length')).toBe(0);
  await signIn(page, fx.key_b);
  await expect(page.getByRole('row', { name: /Zebra Other Co Integration/ })).toBeVisible();
  await expect(page.locator('main')).not.toContainText('Entrata sandbox');
  await go(page, '#/writes');
  await expect(page.getByText('No writes yet.')).toBeVisible();
  await go(page, '#/records?model=leads&q=' + encodeURIComponent(fx.lead_name.split(' ')[0]!));
  await expect(page.locator('main')).not.toContainText(fx.lead_name);
  await go(page, '#/webhooks');
  await expect(page.locator('main')).not.toContainText(fx.receiver_url);
  // A's write and integration by URL: the API answers 404 to B's key (the browser logs those 404s).
  allowed = [/status of 404/];
  for (const hash of [`#/writes/${failedJob || 'wj_none'}`, `#/integrations/${fx.integration_id}`, `#/records/leads/${fx.lead_id}`]) {
    await go(page, hash);
    await expect(page.getByRole('alert')).toContainText(/No .* with id/);
  }
  expect(retryJob).not.toBe('');
});

test('a refused key is told so on the sign-in form', async ({ page }) => {
  allowed = [/status of 401/];
  await page.goto(`${fx.api_url}/dashboard`);
  await page.getByLabel('API key').fill('lw_not_a_real_key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'refused' })).toBeVisible();
  expect(await page.evaluate('sessionStorage.length')).toBe(0);
});
