// The dashboard's shell: the session (login when the server asks for one), the navigation, and the
// router. A page is a module with render(main, ctx) that may return a function to stop what it
// started (the charts' refresh). URLs are #/<page>?<params>, so a page can be linked to.

import { errorBox, h, replace } from './lib/dom.js';
import { get, post, whenUnauthorized } from './lib/api.js';
import * as cluster from './pages/cluster.js';
import * as topics from './pages/topics.js';
import * as consumers from './pages/consumers.js';
import * as producers from './pages/producers.js';
import * as messages from './pages/messages.js';
import * as dlq from './pages/dlq.js';
import * as charts from './pages/charts.js';

const PAGES = {
  cluster: ['Cluster', cluster],
  topics: ['Topics', topics],
  consumers: ['Consumers', consumers],
  producers: ['Producers', producers],
  messages: ['Messages', messages],
  dlq: ['DLQ', dlq],
  charts: ['Charts', charts],
};

const main = document.getElementById('main');
let session = null;
let stopPage = null;

function current() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const name = PAGES[path] ? path : 'cluster';
  return { name, params: new URLSearchParams(query ?? '') };
}

function renderNav() {
  const { name } = current();
  const nav = document.getElementById('nav');
  nav.replaceChildren(
    ...Object.entries(PAGES).map(([key, [title]]) => h('a', { href: `#/${key}`, class: key === name ? 'active' : null }, title)),
  );
  const who = document.getElementById('who');
  replace(
    who,
    session.readOnly ? h('span', { class: 'badge' }, 'read-only') : null,
    session.user ? h('span', null, session.user.name, session.user.admin ? ' (admin)' : '') : null,
    session.user ? h('button', { type: 'button', class: 'link', onClick: logout }, 'Log out') : null,
  );
}

async function route() {
  if (!session) return;
  stopPage?.();
  stopPage = null;
  // A notice belongs to the page it was given on.
  document.getElementById('toast').hidden = true;
  renderNav();
  const { name, params } = current();
  const [title, page] = PAGES[name];
  document.title = `${title} · mq dashboard`;
  main.replaceChildren();
  try {
    stopPage = (await page.render(main, { session, params })) ?? null;
  } catch (err) {
    main.replaceChildren(h('h1', null, title), pageError(err));
  }
}

/** A failed page load; an unreachable name server is said as such, with the addresses in use. */
export function pageError(err) {
  if (err.status === 502 || err.status === 504) {
    return errorBox(err, `The name server cannot be reached (${session.namesrvAddrs.join(';') || 'none set'})`);
  }
  return errorBox(err, 'The page could not be loaded');
}

function showLogin(message) {
  stopPage?.();
  stopPage = null;
  session = null;
  document.getElementById('nav').replaceChildren();
  document.getElementById('who').replaceChildren();
  const user = h('input', { name: 'username', autocomplete: 'username', required: true });
  const pass = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const status = h('p', { class: 'form-error', role: 'alert' }, message ?? '');
  const form = h(
    'form',
    {
      class: 'login',
      onSubmit: async (e) => {
        e.preventDefault();
        try {
          session = await post('/api/login', { username: user.value, password: pass.value });
          await route();
        } catch (err) {
          status.textContent = err.message;
        }
      },
    },
    h('h1', null, 'Log in'),
    h('label', { class: 'field' }, h('span', null, 'User'), user),
    h('label', { class: 'field' }, h('span', null, 'Password'), pass),
    status,
    h('button', { type: 'submit', class: 'primary' }, 'Log in'),
  );
  main.replaceChildren(form);
  user.focus();
}

async function logout() {
  await post('/api/logout').catch(() => undefined);
  showLogin();
}

async function boot() {
  whenUnauthorized(() => showLogin('Your session has ended; log in again.'));
  try {
    session = await get('/api/session');
  } catch (err) {
    main.replaceChildren(errorBox(err, 'The dashboard server did not answer'));
    return;
  }
  if (session.loginRequired && !session.user) showLogin();
  else await route();
}

addEventListener('hashchange', () => void route());
void boot();
