// The Leasewire operator dashboard: a small client with no dependencies. Every number it shows
// comes from the public API, called with the API key the operator signed in with (kept in this
// tab's sessionStorage only). Pages are built with DOM calls (text is never parsed as HTML).

const KEY = 'leasewire.apiKey';
const POLL_MS = 1500;
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const statusLine = document.getElementById('flash');

/** Bumped on every navigation: a page still loading for an older route stops drawing. */
let generation = 0;
let pollTimer = null;

// ---------- small helpers ----------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const link = (href, text, attrs = {}) => h('a', { href, ...attrs }, text);
const badge = (value) => h('span', { class: `badge badge-${String(value).toLowerCase()}` }, String(value));
const empty = (...text) => h('p', { class: 'empty' }, ...text);
const code = (text) => h('code', {}, text);

function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

function ago(iso) {
  if (!iso) return '';
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (Number.isNaN(s)) return '';
  const future = s < 0;
  const a = Math.abs(s);
  const text = a < 60 ? `${a} s` : a < 3600 ? `${Math.round(a / 60)} min` : a < 86400 ? `${Math.round(a / 3600)} h` : `${Math.round(a / 86400)} d`;
  return future ? `in ${text}` : `${text} ago`;
}

function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function between(startIso, endIso) {
  if (!startIso || !endIso) return null;
  return Math.max(0, Date.parse(endIso) - Date.parse(startIso));
}

function table(caption, columns, rows, emptyState) {
  if (rows.length === 0) return emptyState;
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c))))),
    ),
  );
}

function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}

function json(value) {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

function say(message) {
  statusLine.textContent = message;
}

function alertBox(message) {
  return h('div', { class: 'alert', role: 'alert' }, message);
}

// ---------- the API ----------

class ApiFailure extends Error {
  constructor(status, message, details) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

function key() {
  return sessionStorage.getItem(KEY);
}

async function api(method, path, body) {
  const headers = { authorization: `Bearer ${key() ?? ''}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  const text = await res.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (res.status === 401) {
    sessionStorage.removeItem(KEY);
    throw new ApiFailure(401, parsed?.error?.message ?? 'The API key was refused.', {});
  }
  if (!res.ok) throw new ApiFailure(res.status, parsed?.error?.message ?? `The API answered ${res.status}.`, parsed?.error?.details ?? {});
  return parsed;
}

const get = (path) => api('GET', path);
const post = (path, body = {}) => api('POST', path, body);

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

let openapiPaths = null;
/** The server's documented paths (GET /openapi.json needs no key): which optional endpoints exist. */
async function documentedPaths() {
  if (!openapiPaths) {
    const res = await fetch('/openapi.json', { cache: 'no-store' });
    openapiPaths = res.ok ? Object.entries((await res.json()).paths ?? {}) : [];
  }
  return openapiPaths;
}

async function allIntegrations() {
  return (await get('/v1/admin/integrations/?limit=250')).results;
}

// ---------- pages ----------

function signInPage(message) {
  nav.hidden = true;
  const input = h('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false', placeholder: 'lw_…' });
  const error = h('div', { class: 'form-error', role: 'alert' }, message ?? '');
  const form = h(
    'form',
    {
      class: 'card sign-in',
      onsubmit: async (e) => {
        e.preventDefault();
        const value = input.value.trim();
        if (!value) return;
        sessionStorage.setItem(KEY, value);
        try {
          await get('/v1/admin/integrations/?limit=1');
        } catch (err) {
          sessionStorage.removeItem(KEY);
          error.textContent = err.status === 401 ? 'That API key was refused: check it, or create one with `leasewire keys create --name dashboard`.' : err.message;
          input.focus();
          return;
        }
        say('Signed in.');
        if (location.hash === '' || location.hash === '#/' || location.hash === '#/sign-in') location.hash = '#/overview';
        else route();
      },
    },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'Paste an API key. It is kept in this tab only (session storage) and sent to this server as a bearer token; closing the tab signs you out.'),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    error,
    h('button', { type: 'submit' }, 'Sign in'),
    h('p', { class: 'hint' }, 'No key? `npm start` prints the demo key; otherwise run `leasewire keys create --name dashboard`.'),
  );
  main.replaceChildren(form);
  input.focus();
}

async function overviewPage(gen) {
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

function recordsOf(run) {
  return Object.values(run.progress ?? {}).reduce((n, p) => n + (p.new ?? 0) + (p.updated ?? 0) + (p.unchanged ?? 0), 0);
}

const cadenceMs = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000, WEEK: 7 * 86_400_000, MONTH: 30 * 86_400_000 };
function nextSync(i) {
  if (!i.active) return 'none (inactive)';
  if (i.use_custom_sync_schedule) return 'custom schedule';
  const every = (cadenceMs[i.sync_cadence] ?? 0) * i.sync_frequency;
  if (!i.last_completed_sync || !every) return 'soon';
  const at = new Date(Date.parse(i.last_completed_sync) + every).toISOString();
  return `${when(at)} (${ago(at)})`;
}

async function integrationsPage(gen) {
  const integrations = await allIntegrations();
  if (gen !== generation) return;
  main.replaceChildren(
    h('h1', {}, 'Integrations'),
    table('Integrations', ['Integration', 'PMS', 'State', 'Last completed sync'], integrations.map((i) => [link(`#/integrations/${encodeURIComponent(i.id)}`, i.name), i.vendor, badge(i.active ? 'active' : 'inactive'), when(i.last_completed_sync)]),
      empty('No integrations yet. Run ', code('npm start'), ' for the demo, or create one with ', code('POST /v1/admin/integrations/'), '.')),
  );
}

/** The server's credentials-check endpoint for this integration, if it documents one: [method, path] or null. */
async function credentialsCheck(id) {
  const prefix = '/v1/admin/integrations/{integration_id}/';
  const paths = await documentedPaths();
  const found = paths.find(([p, ops]) => (ops.post || ops.get) && p.startsWith(prefix) && /credential|check|ping/i.test(p.slice(prefix.length)));
  if (!found) return null;
  return [found[1].post ? 'POST' : 'GET', found[0].replace('{integration_id}', encodeURIComponent(id))];
}

async function integrationPage(gen, id) {
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

async function drawRuns(gen, base, box) {
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

function runProgress(run) {
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

async function writesPage(gen, params) {
  const limit = 25;
  const offset = Number(params.get('offset') ?? 0) || 0;
  const filters = { status: params.get('status') ?? '', integration_id: params.get('integration_id') ?? '', person_id: params.get('person_id') ?? '', since: params.get('since') ?? '', until: params.get('until') ?? '' };
  const [integrations, page] = await Promise.all([allIntegrations(), get(`/v1/admin/writes${query({ ...filters, limit, offset })}`)]);
  if (gen !== generation) return;
  const names = new Map(integrations.map((i) => [i.id, i.name]));
  const toLocalInput = (iso) => (iso ? new Date(Date.parse(iso) - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : '');
  const fromLocalInput = (v) => (v ? new Date(v).toISOString() : '');
  const select = (id, name, label, options, value) => [h('label', { for: id }, label), h('select', { id, name }, options.map(([v, t]) => h('option', { value: v, selected: v === value }, t)))];
  const form = h('form', {
    class: 'filters',
    onsubmit: (e) => {
      e.preventDefault();
      const f = new FormData(e.target);
      location.hash = `#/writes${query({ status: f.get('status'), integration_id: f.get('integration_id'), person_id: String(f.get('person_id') ?? '').trim(), since: fromLocalInput(f.get('since')), until: fromLocalInput(f.get('until')) })}`;
    },
  },
  h('div', {}, ...select('w-status', 'status', 'Status', [['', 'Any'], ['FAILURE', 'FAILURE'], ['SUCCESS', 'SUCCESS'], ['PENDING', 'PENDING'], ['PARTIAL_SUCCESS', 'PARTIAL_SUCCESS']], filters.status)),
  h('div', {}, ...select('w-integration', 'integration_id', 'Integration', [['', 'Any'], ...integrations.map((i) => [i.id, i.name])], filters.integration_id)),
  h('div', {}, h('label', { for: 'w-person' }, 'Person id'), h('input', { id: 'w-person', name: 'person_id', value: filters.person_id, placeholder: 'lead, applicant or resident id' })),
  h('div', {}, h('label', { for: 'w-since' }, 'From'), h('input', { id: 'w-since', name: 'since', type: 'datetime-local', value: toLocalInput(filters.since) })),
  h('div', {}, h('label', { for: 'w-until' }, 'Until'), h('input', { id: 'w-until', name: 'until', type: 'datetime-local', value: toLocalInput(filters.until) })),
  h('div', { class: 'filter-buttons' }, h('button', { type: 'submit' }, 'Filter'), link('#/writes', 'Clear', { class: 'button secondary' })),
  );
  const rows = page.results.map((w) => [
    link(`#/writes/${encodeURIComponent(w.job_id)}`, w.job_id), badge(w.status), w.kind, names.get(w.integration_id) ?? w.integration_id,
    w.person_id ? link(`#/writes${query({ person_id: w.person_id })}`, w.person_id, { title: 'Writes about this person' }) : '—',
    String(w.attempts), when(w.created_at), duration(w.duration_ms), w.error ?? '',
  ]);
  const filtered = Object.values(filters).some(Boolean);
  const pager = h('div', { class: 'pager' },
    offset > 0 ? link(`#/writes${query({ ...filters, offset: Math.max(0, offset - limit) })}`, '← Newer') : '',
    ` ${page.meta.total === 0 ? 0 : offset + 1}–${offset + page.results.length} of ${page.meta.total} `,
    page.meta.hasMore ? link(`#/writes${query({ ...filters, offset: offset + limit })}`, 'Older →') : '',
  );
  main.replaceChildren(
    h('h1', {}, 'Writes'),
    form,
    table('Writes', ['Job', 'Status', 'Kind', 'Integration', 'Person', 'Attempts', 'Submitted', 'Took', 'Error'], rows,
      filtered
        ? empty('No writes match these filters. ', link('#/writes', 'Clear the filters'), ' to see every write.')
        : empty('No writes yet. They appear here when a client records an event, e.g. ', code('POST /v1/events/leads'), ' (see ', link('/docs', 'the API reference'), ').')),
    pager,
  );
}

async function writePage(gen, id) {
  const w = (await get(`/v1/admin/writes/${encodeURIComponent(id)}`)).result;
  if (gen !== generation) return;
  const retryBox = h('div', { role: 'status' });
  const retry = w.status === 'FAILURE'
    ? h('button', {
        type: 'button',
        onclick: async (e) => {
          e.target.disabled = true;
          try {
            const r = await post(`/v1/admin/retry-write/${encodeURIComponent(w.job_id)}`);
            say(`Retrying as ${r.job_id}.`);
            location.hash = `#/writes/${encodeURIComponent(r.job_id)}`;
          } catch (err) {
            e.target.disabled = false;
            retryBox.replaceChildren(alertBox(err.message));
          }
        },
      }, 'Retry this write')
    : '';
  main.replaceChildren(
    h('p', {}, link('#/writes', '← All writes')),
    h('h1', {}, 'Write ', code(w.job_id)),
    h('p', {}, badge(w.status), w.status === 'PENDING' ? ' working… this page follows it.' : ''),
    retry,
    retryBox,
    facts([
      ['Kind', w.kind],
      ['Integration', link(`#/integrations/${encodeURIComponent(w.integration_id)}`, w.integration_id)],
      ['Person', w.person_id ? link(`#/writes${query({ person_id: w.person_id })}`, w.person_id) : null],
      ['Submitted', when(w.created_at)],
      ['Finished', when(w.finished_at)],
      ['Took', duration(w.duration_ms)],
      ['Phase', w.phase],
      ['Created record', w.created_record_id ? link(`#/events/${encodeURIComponent(w.created_record_id)}`, w.created_record_id) : null],
      [`Record id in ${w.vendor}`, w.x_record_id],
      ['Retry of', w.retry_of ? link(`#/writes/${encodeURIComponent(w.retry_of)}`, w.retry_of) : null],
      ['Retried by', w.retried_by.length ? h('span', {}, w.retried_by.map((r, i) => [i ? ', ' : '', link(`#/writes/${encodeURIComponent(r)}`, r)])) : null],
    ]),
    w.errors.length ? h('section', {}, h('h2', {}, 'Errors'), h('ul', { class: 'errors' }, w.errors.map((e) => h('li', {}, e)))) : '',
    h('section', { 'aria-labelledby': 'attempts' },
      h('h2', { id: 'attempts' }, 'Attempts'),
      table('Attempts', ['#', 'Ended', 'Outcome', 'After', `What ${w.vendor} answered`], w.attempt_log.map((a) => [String(a.attempt), when(a.at), badge(a.outcome), duration(a.since_previous_ms), a.reason]),
        empty(w.status === 'PENDING' ? 'No attempt has finished yet.' : 'No attempts were recorded.')),
    ),
    h('section', {}, h('h2', {}, 'Request'), json(w.request)),
    h('section', {}, h('h2', {}, 'Answer to the client'), json(w.response)),
  );
  schedule(w.status === 'PENDING' ? () => writePage(gen, id) : null);
}

async function eventPage(gen, id) {
  const e = (await get(`/v1/events/${encodeURIComponent(id)}`)).results;
  if (gen !== generation) return;
  main.replaceChildren(h('h1', {}, e.event_name ?? e.type_raw ?? 'Event'), json(e));
}

async function webhooksPage(gen) {
  const webhooks = (await get('/v1/webhooks/?active=all&limit=250')).results;
  if (gen !== generation) return;
  main.replaceChildren(
    h('h1', {}, 'Webhooks'),
    table('Webhooks', ['URL', 'State', 'Triggers', 'Created'], webhooks.map((w) => [
      link(`#/webhooks/${encodeURIComponent(w.id)}`, w.url), badge(w.active ? 'active' : 'inactive'), w.triggers.map((t) => t.trigger).join(', '), when(w.created_at),
    ]), empty('No webhooks yet. Subscribe a URL with ', code('POST /v1/webhooks/ {"url": "…", "triggers": ["DATA_NEW"], "active": true}'), '.')),
  );
}

async function webhookPage(gen, id, params) {
  const status = params.get('status') ?? '';
  const base = `/v1/webhooks/${encodeURIComponent(id)}`;
  const [w, deliveries] = await Promise.all([get(base).then((r) => r.results), get(`${base}/deliveries${query({ status, limit: 50 })}`)]);
  if (gen !== generation) return;
  const note = h('div', { role: 'status' });
  const act = (fn) => async (e) => {
    e.target.disabled = true;
    try {
      note.replaceChildren(await fn());
    } catch (err) {
      note.replaceChildren(alertBox(err.message));
    }
    await webhookPage(gen, id, params);
  };
  const sendTest = h('button', { type: 'button', onclick: act(async () => `Test event queued (delivery ${(await post(`${base}/test`)).result.id}).`) }, 'Send test event');
  const rows = deliveries.results.map((d) => [
    when(d.created_at), d.trigger, badge(d.status), d.attempt_log.length > d.attempts ? `${d.attempts} (${d.attempt_log.length} in all)` : String(d.attempts), d.last_status_code === null ? '—' : String(d.last_status_code), d.last_error ?? '',
    d.attempt_log.length
      ? h('details', {}, h('summary', {}, `${d.attempt_log.length} attempt(s)`), h('ol', {}, d.attempt_log.map((a) => h('li', {}, `${when(a.at)}: ${a.status_code ?? 'no answer'} in ${duration(a.duration_ms)}${a.error ? ` (${a.error})` : ''}`))))
      : '—',
    d.status === 'PENDING'
      ? d.next_attempt_at ? `next ${ago(d.next_attempt_at)}` : ''
      : h('button', { type: 'button', class: 'small', 'aria-label': `Redeliver ${d.id}`, onclick: act(async () => `Delivery ${(await post(`${base}/deliveries/${encodeURIComponent(d.id)}/redeliver`)).result.id} queued again.`) }, 'Redeliver'),
  ]);
  const filter = h('form', { class: 'filters inline', onsubmit: (e) => { e.preventDefault(); location.hash = `#/webhooks/${encodeURIComponent(id)}${query({ status: new FormData(e.target).get('status') })}`; } },
    h('div', {}, h('label', { for: 'd-status' }, 'Deliveries'), h('select', { id: 'd-status', name: 'status' }, [['', 'All'], ['FAILURE', 'FAILURE'], ['PENDING', 'PENDING'], ['SUCCESS', 'SUCCESS']].map(([v, t]) => h('option', { value: v, selected: v === status }, t)))),
    h('div', { class: 'filter-buttons' }, h('button', { type: 'submit', class: 'secondary' }, 'Show')),
  );
  main.replaceChildren(
    h('p', {}, link('#/webhooks', '← All webhooks')),
    h('h1', {}, 'Webhook'),
    facts([
      ['URL', code(w.url)],
      ['State', badge(w.active ? 'active' : 'inactive')],
      ['Triggers', w.triggers.map((t) => (t.model ? `${t.trigger} (${t.model})` : t.trigger)).join(', ')],
      ['Id', code(w.id)],
      ['Created', when(w.created_at)],
    ]),
    w.active ? sendTest : h('p', { class: 'hint' }, 'This webhook is inactive: turn it on with ', code(`PUT /v1/webhooks/${w.id} {"active": true}`), ' to send it events.'),
    note,
    h('section', { 'aria-labelledby': 'deliveries' },
      h('h2', { id: 'deliveries' }, `Deliveries (${deliveries.meta.total})`),
      filter,
      table('Deliveries', ['Event at', 'Trigger', 'Status', 'Attempts', 'Last answer', 'Last error', 'Attempt log', ''], rows,
        empty(status ? `No ${status} deliveries.` : 'No deliveries yet: events are delivered as they happen. Press "Send test event" to try the receiver now.')),
    ),
  );
  schedule(deliveries.results.some((d) => d.status === 'PENDING') ? () => webhookPage(gen, id, params) : null);
}

const personModels = { leads: ['Leads', 'lead_id'], applicants: ['Applicants', 'applicant_id'], residents: ['Residents', 'resident_id'] };
const nameOf = (p) => [p.first_name, p.last_name].filter(Boolean).join(' ') || '(no name)';

async function recordsPage(gen, params) {
  const model = personModels[params.get('model')] ? params.get('model') : 'leads';
  const q = params.get('q') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const limit = 25;
  const page = await get(`/v1/admin/people${query({ model, q, limit, offset })}`);
  if (gen !== generation) return;
  const search = h('form', { class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); const f = new FormData(e.target); location.hash = `#/records${query({ model: f.get('model'), q: String(f.get('q') ?? '').trim() })}`; } },
    h('div', {}, h('label', { for: 'r-model' }, 'People'), h('select', { id: 'r-model', name: 'model' }, Object.entries(personModels).map(([m, [label]]) => h('option', { value: m, selected: m === model }, label)))),
    h('div', { class: 'grow' }, h('label', { for: 'r-q' }, 'Name, email or phone'), h('input', { id: 'r-q', name: 'q', type: 'search', value: q, placeholder: 'e.g. Lopez' })),
    h('div', { class: 'filter-buttons' }, h('button', { type: 'submit' }, 'Search')),
  );
  const label = personModels[model][0].toLowerCase();
  main.replaceChildren(
    h('h1', {}, 'Records'),
    search,
    table(`${label} found`, ['Name', 'Email', 'Phone', 'Status', 'Updated'], page.results.map((p) => [
      link(`#/records/${model}/${encodeURIComponent(p.id)}`, nameOf(p)), p.email_1 ?? '—', p.phone_1 ?? '—', p.status ?? '—', when(p.updated_at),
    ]), q ? empty(`No ${label} match "${q}". Search by part of a name, an email or a phone number.`) : empty(`No ${label} synced yet. Start a sync from an integration's page (`, link('#/integrations', 'Integrations'), ').')),
    h('div', { class: 'pager' },
      offset > 0 ? link(`#/records${query({ model, q, offset: Math.max(0, offset - limit) })}`, '← Previous') : '',
      ` ${page.meta.total === 0 ? 0 : offset + 1}–${offset + page.results.length} of ${page.meta.total} `,
      page.meta.hasMore ? link(`#/records${query({ model, q, offset: offset + limit })}`, 'Next →') : '',
    ),
  );
}

async function personPage(gen, model, id) {
  if (!personModels[model]) throw new ApiFailure(404, `"${model}" is not leads, applicants or residents.`, {});
  const [label, param] = personModels[model];
  const [person, events] = await Promise.all([
    get(`/v1/${model}/${encodeURIComponent(id)}`).then((r) => r.results),
    get(`/v1/events/${query({ [param]: id, limit: 250 })}`),
  ]);
  if (gen !== generation) return;
  const at = (e) => Date.parse(e.appointment_datetime ?? e.event_datetime ?? e.created_at) || 0;
  const timeline = [...events.results].sort((a, b) => Date.parse(b.event_datetime ?? b.created_at) - Date.parse(a.event_datetime ?? a.created_at));
  main.replaceChildren(
    h('p', {}, link(`#/records${query({ model })}`, `← ${label}`)),
    h('h1', {}, nameOf(person)),
    facts([
      ['Email', person.email_1],
      ['Phone', person.phone_1],
      ['Status', person.status ?? person.status_raw],
      [`Id in ${person.integration_vendor}`, person.x_id],
      ['Writes', link(`#/writes${query({ person_id: person.id })}`, 'Writes about this person')],
    ]),
    h('section', { 'aria-labelledby': 'timeline' },
      h('h2', { id: 'timeline' }, `Timeline (${events.meta.total} event${events.meta.total === 1 ? '' : 's'}, newest first)`),
      events.meta.hasMore ? h('p', { class: 'hint' }, `Showing the ${events.results.length} most recently synced.`) : '',
      timeline.length
        ? h('ol', { class: 'timeline' }, timeline.map((e) =>
            h('li', {},
              h('time', { datetime: e.event_datetime ?? '' }, when(e.event_datetime)),
              h('div', {},
                h('strong', {}, e.event_name ?? e.type_raw ?? 'Event'),
                e.appointment_datetime ? h('span', { class: 'appointment' }, ` appointment ${when(e.appointment_datetime)}${at(e) > Date.now() ? ' (upcoming)' : ''}`) : '',
                e.agent_name ? h('span', { class: 'muted' }, ` · ${e.agent_name}`) : '',
                e.notes ? h('p', {}, e.notes) : '',
                link(`#/events/${encodeURIComponent(e.id)}`, 'details', { class: 'muted' }),
              ),
            )))
        : empty('No events for this person yet. Events arrive with each sync, and at once after a write through Leasewire.'),
    ),
  );
}

// ---------- routing ----------

function schedule(next) {
  clearTimeout(pollTimer);
  pollTimer = null;
  if (next) {
    const gen = generation;
    pollTimer = setTimeout(() => {
      if (gen === generation) next().catch(showError);
    }, POLL_MS);
  }
}

function showError(err) {
  if (err instanceof ApiFailure && err.status === 401) return signInPage('Your API key was refused (revoked or mistyped): sign in again.');
  main.replaceChildren(h('h1', {}, 'Something went wrong'), alertBox(err.message ?? String(err)), h('p', {}, link('#/overview', 'Back to the overview')));
}

const routes = [
  [/^\/overview$/, (gen) => overviewPage(gen), 'Overview'],
  [/^\/integrations$/, (gen) => integrationsPage(gen), 'Integrations'],
  [/^\/integrations\/([^/]+)$/, (gen, m) => integrationPage(gen, decodeURIComponent(m[1])), 'Integration'],
  [/^\/writes$/, (gen, _m, p) => writesPage(gen, p), 'Writes'],
  [/^\/writes\/([^/]+)$/, (gen, m) => writePage(gen, decodeURIComponent(m[1])), 'Write'],
  [/^\/events\/([^/]+)$/, (gen, m) => eventPage(gen, decodeURIComponent(m[1])), 'Event'],
  [/^\/webhooks$/, (gen) => webhooksPage(gen), 'Webhooks'],
  [/^\/webhooks\/([^/]+)$/, (gen, m, p) => webhookPage(gen, decodeURIComponent(m[1]), p), 'Webhook'],
  [/^\/records$/, (gen, _m, p) => recordsPage(gen, p), 'Records'],
  [/^\/records\/([^/]+)\/([^/]+)$/, (gen, m) => personPage(gen, m[1], decodeURIComponent(m[2])), 'Person'],
];

async function route() {
  generation += 1;
  schedule(null);
  const gen = generation;
  if (!key()) return signInPage();
  nav.hidden = false;
  const raw = location.hash.replace(/^#/, '') || '/overview';
  const [path, search = ''] = raw.split('?');
  const found = routes.find(([re]) => re.test(path));
  if (!found) {
    location.hash = '#/overview';
    return;
  }
  const [re, draw, title] = found;
  document.title = `${title} · Leasewire`;
  for (const a of nav.querySelectorAll('a')) {
    const section = a.getAttribute('href').slice(1);
    if (path === section || path.startsWith(`${section}/`)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  main.setAttribute('aria-busy', 'true');
  try {
    await draw(gen, re.exec(path), new URLSearchParams(search));
  } catch (err) {
    if (gen === generation) showError(err);
  } finally {
    if (gen === generation) main.removeAttribute('aria-busy');
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(KEY);
  say('Signed out.');
  location.hash = '#/sign-in';
  signInPage();
});
window.addEventListener('hashchange', () => {
  say('');
  route().then(() => main.focus({ preventScroll: true }));
});
route();
