// The write log, one write with its attempts (and retry), and the record a write created.

import { allIntegrations, get, post } from './api.js';
import { main, h, link, badge, empty, code, when, duration, table, facts, json, say, alertBox, query } from './dom.js';
import { generation, schedule } from './state.js';

export async function writesPage(gen, params) {
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
    link(`#/writes/${encodeURIComponent(w.job_id)}`, w.job_id, { class: 'id' }), badge(w.status), w.kind, names.get(w.integration_id) ?? w.integration_id,
    w.person_id ? link(`#/writes${query({ person_id: w.person_id })}`, w.person_id, { title: 'Writes about this person', class: 'id' }) : '—',
    String(w.attempts), when(w.created_at), h('span', { class: 'nowrap' }, duration(w.duration_ms)), w.error ?? '',
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

export async function writePage(gen, id) {
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

export async function eventPage(gen, id) {
  const e = (await get(`/v1/events/${encodeURIComponent(id)}`)).results;
  if (gen !== generation) return;
  main.replaceChildren(h('h1', {}, e.event_name ?? e.type_raw ?? 'Event'), json(e));
}
