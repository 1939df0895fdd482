// The Leasewire operator dashboard: a small client with no dependencies. Every number it shows
// comes from the public API, called with the API key the operator signed in with (kept in this
// tab's sessionStorage only). This module signs in and routes; each page lives in its own module.

import { ApiFailure, get, KEY, key } from './api.js';
import { main, h, link, say, alertBox } from './dom.js';
import { generation, nextGeneration, schedule, setErrorHandler } from './state.js';
import { integrationPage, integrationsPage, overviewPage } from './integrations.js';
import { eventPage, writePage, writesPage } from './writes.js';
import { webhookPage, webhooksPage } from './webhooks.js';
import { personPage, recordsPage } from './records.js';

const nav = document.getElementById('nav');

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
  const gen = nextGeneration();
  schedule(null);
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
setErrorHandler(showError);
route();
