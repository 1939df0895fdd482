// Webhook subscriptions and their deliveries: send a test event, redeliver.

import { get, post } from './api.js';
import { main, h, link, badge, empty, code, when, ago, duration, table, facts, alertBox, query } from './dom.js';
import { generation, schedule } from './state.js';

export async function webhooksPage(gen) {
  const webhooks = (await get('/v1/webhooks/?active=all&limit=250')).results;
  if (gen !== generation) return;
  main.replaceChildren(
    h('h1', {}, 'Webhooks'),
    table('Webhooks', ['URL', 'State', 'Triggers', 'Created'], webhooks.map((w) => [
      link(`#/webhooks/${encodeURIComponent(w.id)}`, w.url), badge(w.active ? 'active' : 'inactive'), w.triggers.map((t) => t.trigger).join(', '), when(w.created_at),
    ]), empty('No webhooks yet. Subscribe a URL with ', code('POST /v1/webhooks/ {"url": "…", "triggers": ["DATA_NEW"], "active": true}'), '.')),
  );
}

export async function webhookPage(gen, id, params) {
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
