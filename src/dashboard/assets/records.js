// People search and a person's timeline of events and appointments.

import { get, ApiFailure } from './api.js';
import { main, h, link, empty, when, table, facts, query } from './dom.js';
import { generation } from './state.js';

export const personModels = { leads: ['Leads', 'lead_id'], applicants: ['Applicants', 'applicant_id'], residents: ['Residents', 'resident_id'] };
export const nameOf = (p) => [p.first_name, p.last_name].filter(Boolean).join(' ') || '(no name)';

export async function recordsPage(gen, params) {
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

export async function personPage(gen, model, id) {
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
