// Overview and integration pages: what is connected, how its syncs go, and starting one.

import { allIntegrations, get, post, api, documentedPaths } from './api.js';
import { main, h, link, badge, empty, code, when, ago, duration, between, table, facts, json, alertBox, query } from './dom.js';
import { generation, schedule } from './state.js';

export async function overviewPage(gen) {
  const since = new Date(Date.now() - 86_400_000).toISOString();
  const [integrations, webhooks, ...counts] = await Promise.all([
    allIntegrations(),
    get('/v1/webhooks/?active=all&limit=250').then((r) => r.results),
    ...['SUCCESS', 'FAILURE', 'PENDING'].map((s) => get(`/v1/admin/writes${query({ status: s, since, limit: 1 })}`).then((r) => [s, r.meta.total])),
  ]);
  const runs = await Promise.all(integrations.map((i) => get(`/v1/admin/integrations/${encodeURIComponent(i.id)}/syncs?limit=1`).then((r) => r.results[0] ?? null)));
  const failing = (
    await Promise.all(webhooks.map((w) => get(`/v1/webhooks/${encodeURIComponent(w.id)}/deliveries?status=FAILURE&limit=1`).then((r) => [w, r.meta.total])))
  ).filter(([, n]) => n > 0);
  if (gen !== generation) return;

  const integrationRows = integrations.map((i, n) => {
    const run = runs[n];
    return [
      link(`#/integrations/${encodeURIComponent(i.id)}`, i.name),
      i.vendor,
      i.active ? badge('active') : badge('inactive'),
      run ? h('span', {}, badge(run.state), ' ', when(run.finished_at ?? run.started_at ?? run.created_at)) : 'never',
      run ? duration(between(run.started_at, run.finished_at)) : '—',
      run ? String(recordsOf(run)) : '—',
      nextSync(i),
    ];
  });
  main.replaceChildren(
    h('h1', {}, 'Overview'),
    h('section', { 'aria-labelledby': 'ov-int' },
      h('h2', { id: 'ov-int' }, 'Integrations'),
      table('Integrations', ['Integration', 'PMS', 'State', 'Last sync', 'Took', 'Records', 'Next scheduled sync'], integrationRows,
        empty('No integrations yet. Run ', code('npm start'), ' for the demo, or create one with ', code('POST /v1/admin/integrations/'), ' (see ', link('/docs', 'the API reference'), ').')),
    ),
    h('section', { 'aria-labelledby': 'ov-writes' },
      h('h2', { id: 'ov-writes' }, 'Writes in the last 24 hours'),
      h('ul', { class: 'tiles' }, counts.map(([s, n]) => h('li', {}, link(`#/writes${query({ status: s, since })}`, h('span', { class: 'tile-number' }, String(n)), { class: `tile tile-${s.toLowerCase()}`, 'aria-label': `${n} ${s} writes` }), h('span', { class: 'tile-label' }, s)))),
    ),
    h('section', { 'aria-labelledby': 'ov-hooks' },
      h('h2', { id: 'ov-hooks' }, 'Failing webhooks'),
      webhooks.length === 0
        ? empty('No webhooks. Subscribe a URL with ', code('POST /v1/webhooks/'), ' to be told of new data, finished syncs and failed writes.')
        : table('Failing webhooks', ['Webhook', 'Failed deliveries'], failing.map(([w, n]) => [link(`#/webhooks/${encodeURIComponent(w.id)}?status=FAILURE`, w.url), link(`#/webhooks/${encodeURIComponent(w.id)}?status=FAILURE`, String(n))]),
          empty(`All ${webhooks.length} webhook(s) deliver without failures.`)),
    ),
  );
}

export function recordsOf(run) {
  return Object.values(run.progress ?? {}).reduce((n, p) => n + (p.new ?? 0) + (p.updated ?? 0) + (p.unchanged ?? 0), 0);
}

export const cadenceMs = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000, WEEK: 7 * 86_400_000, MONTH: 30 * 86_400_000 };
export function nextSync(i) {
  if (!i.active) return 'none (inactive)';
  if (i.use_custom_sync_schedule) return 'custom schedule';
  const every = (cadenceMs[i.sync_cadence] ?? 0) * i.sync_frequency;
  if (!i.last_completed_sync || !every) return 'soon';
  const at = new Date(Date.parse(i.last_completed_sync) + every).toISOString();
  return `${when(at)} (${ago(at)})`;
}

export async function integrationsPage(gen) {
  const integrations = await allIntegrations();
  if (gen !== generation) return;
  main.replaceChildren(
    h('h1', {}, 'Integrations'),
    table('Integrations', ['Integration', 'PMS', 'State', 'Last completed sync'], integrations.map((i) => [link(`#/integrations/${encodeURIComponent(i.id)}`, i.name), i.vendor, badge(i.active ? 'active' : 'inactive'), when(i.last_completed_sync)]),
      empty('No integrations yet. Run ', code('npm start'), ' for the demo, or create one with ', code('POST /v1/admin/integrations/'), '.')),
  );
}

/** The server's credentials-check endpoint for this integration, if it documents one: [method, path] or null. */
export async function credentialsCheck(id) {
  const prefix = '/v1/admin/integrations/{integration_id}/';
  const paths = await documentedPaths();
  const found = paths.find(([p, ops]) => (ops.post || ops.get) && p.startsWith(prefix) && /credential|check|ping/i.test(p.slice(prefix.length)));
  if (!found) return null;
  return [found[1].post ? 'POST' : 'GET', found[0].replace('{integration_id}', encodeURIComponent(id))];
}

export async function integrationPage(gen, id) {
  const base = `/v1/admin/integrations/${encodeURIComponent(id)}`;
  const [integration, checkCall] = await Promise.all([get(base).then((r) => r.results), credentialsCheck(id)]);
  if (gen !== generation) return;
  const runsBox = h('div', { id: 'sync-runs' });
  const message = h('p', { class: 'note', role: 'status' });
  const startSync = (path, label) => async () => {
    try {
      const r = await post(`${base}/${path}`);
      message.textContent = `${label} queued (${r.result.sync_id}).`;
    } catch (err) {
      message.textContent = err.details?.sync_id ? `${err.message} (run ${err.details.sync_id})` : err.message;
    }
    await drawRuns(gen, base, runsBox);
  };
  const checkResult = h('div', { role: 'status' });
  const check = checkCall
    ? h('button', {
        type: 'button',
        onclick: async () => {
          checkResult.replaceChildren('Checking…');
          try {
            checkResult.replaceChildren(json(await api(checkCall[0], checkCall[1], checkCall[0] === 'POST' ? {} : undefined)));
          } catch (err) {
            checkResult.replaceChildren(alertBox(err.message));
          }
        },
      }, 'Check credentials')
    : h('p', { class: 'hint' }, 'This server has no credentials-check endpoint; the next sync tests the credentials (a failed run says why).');

  main.replaceChildren(
    h('h1', {}, integration.name),
    facts([
      ['PMS', integration.vendor],
      ['State', badge(integration.active ? 'active' : 'inactive')],
      ['Id', code(integration.id)],
      ['Syncs every', `${integration.sync_frequency} ${String(integration.sync_cadence).toLowerCase()}(s)`],
      ['Last completed sync', when(integration.last_completed_sync)],
      ['Next scheduled sync', nextSync(integration)],
    ]),
    h('section', { 'aria-labelledby': 'creds' },
      h('h2', { id: 'creds' }, 'Credentials'),
      Object.keys(integration.credentials_summary ?? {}).length ? facts(Object.entries(integration.credentials_summary)) : empty('No credentials summary.'),
      check,
      checkResult,
    ),
    h('section', { 'aria-labelledby': 'syncs' },
      h('h2', { id: 'syncs' }, 'Sync runs'),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: startSync('manual-sync', 'Sync') }, 'Sync now'),
        h('button', { type: 'button', class: 'secondary', onclick: startSync('back-sync', 'Back-sync') }, 'Back-sync (full history)'),
      ),
      message,
      runsBox,
    ),
  );
  await drawRuns(gen, base, runsBox);
}

export async function drawRuns(gen, base, box) {
  const runs = (await get(`${base}/syncs?limit=10`)).results;
  if (gen !== generation) return;
  const live = runs.find((r) => r.state === 'queued' || r.state === 'running');
  const shown = live ?? runs[0];
  box.replaceChildren(
    shown ? runProgress(shown) : '',
    table('Sync runs', ['Run', 'Kind', 'State', 'Started', 'Took', 'Records', 'Error'], runs.map((r) => [
      code(r.id), r.kind, badge(r.state), when(r.started_at ?? r.created_at), duration(between(r.started_at, r.finished_at)), String(recordsOf(r)), r.error ?? '',
    ]), empty('No sync has run yet: press "Sync now".')),
  );
  schedule(live ? () => drawRuns(gen, base, box) : null);
}

export function runProgress(run) {
  const models = Object.entries(run.progress ?? {});
  const done = models.filter(([, p]) => p.state === 'done').length;
  return h('div', { class: 'card run', 'aria-label': `Progress of sync ${run.id}` },
    h('p', {}, h('strong', {}, `${run.kind} ${run.id}`), ' ', badge(run.state), ` ${done} of ${models.length} models done`),
    h('progress', { max: String(Math.max(models.length, 1)), value: String(done), 'aria-label': 'Models done' }),
    table('Progress per model', ['Model', 'State', 'New', 'Updated', 'Unchanged', 'Pages'], models.map(([m, p]) => [
      m, badge(p.state), String(p.new), String(p.updated), String(p.unchanged), p.total ? `${p.done} / ${p.total}` : String(p.done ?? 0),
    ]), empty('No models in this run.')),
    run.error ? alertBox(run.error) : '',
  );
}
