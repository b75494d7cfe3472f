// A few DOM helpers in place of a framework: h() builds elements, table() sortable tables,
// dialog() modal windows, toast() short notices. Text always goes in as text, never as HTML.

import { localInput } from './format.js';

/** h('tag', {class, onClick, ...attributes}, ...children); null, false and undefined children are skipped. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value' || k === 'checked') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Replaces el's children; null, false and undefined are skipped. */
export function replace(el, ...children) {
  return append(clear(el), children);
}

export function button(text, onClick, kind = '') {
  return h('button', { type: 'button', class: kind, onClick }, text);
}

/**
 * A table of `rows`; each column is {title, cell(row) -> text or node, sort?(row) -> value, num?}.
 * Clicking a sortable header sorts by it, a second click reverses.
 */
export function table(columns, rows, opts = {}) {
  const tbody = h('tbody');
  let sortBy = -1;
  let desc = false;
  const fill = () => {
    clear(tbody);
    const list = [...rows];
    if (sortBy >= 0) {
      const key = columns[sortBy].sort;
      list.sort((a, b) => {
        const x = key(a);
        const y = key(b);
        return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1);
      });
    }
    for (const r of list) {
      tbody.append(h('tr', null, columns.map((c) => h('td', { class: c.num ? 'num' : null }, c.cell(r)))));
    }
    if (list.length === 0) {
      tbody.append(h('tr', null, h('td', { colspan: columns.length, class: 'muted' }, opts.empty ?? 'Nothing to show')));
    }
  };
  const head = columns.map((c, i) =>
    h('th', {
      class: [c.num ? 'num' : '', c.sort ? 'sortable' : ''].join(' ').trim() || null,
      onClick: c.sort
        ? () => {
          desc = sortBy === i ? !desc : false;
          sortBy = i;
          fill();
        }
        : null,
    }, c.title)
  );
  fill();
  return h('table', { class: 'grid', id: opts.id ?? null }, h('thead', null, h('tr', null, head)), tbody);
}

/** A key/value table of an object's entries. */
export function kvTable(obj, opts = {}) {
  return table([{ title: opts.keyTitle ?? 'Key', cell: (e) => e[0] }, {
    title: opts.valueTitle ?? 'Value',
    cell: (e) => h('code', null, e[1]),
  }], Object.entries(obj));
}

/** Opens a modal window; returns {el, close}. `body` is a node or a list of nodes. */
export function dialog(title, body, opts = {}) {
  const d = h('dialog', { class: opts.wide ? 'wide' : null, 'aria-label': title });
  const close = () => {
    d.close();
    d.remove();
  };
  d.append(h('header', null, h('h2', null, title), button('×', close, 'icon')), append(h('div', { class: 'body' }), body));
  d.addEventListener('close', () => d.remove());
  document.body.append(d);
  d.showModal();
  return { el: d, close };
}

/** A modal window whose body `fn` loads (showing "Loading…", then the result or the error). */
export function loadingDialog(title, fn) {
  const body = h('div');
  dialog(title, body, { wide: true });
  void loading(body, fn);
}

/** A red button that asks first, then runs `action` and says `done`, or what went wrong. */
export function confirmButton(text, question, action, done) {
  return button(text, async () => {
    if (!(await confirmDialog(text, question, text))) return;
    try {
      await action();
      toast(done);
    } catch (err) {
      toast(err.message, 'bad');
    }
  }, 'danger');
}

/** An inline form of `fields` and a submit button `label` that runs `onSubmit`. */
export function searchForm(label, onSubmit, ...fields) {
  const submit = (e) => {
    e.preventDefault();
    void onSubmit();
  };
  return h('form', { class: 'form inline', onSubmit: submit }, fields, h('button', { type: 'submit', class: 'primary' }, label));
}

/** Resolves true when the user confirms. */
export function confirmDialog(title, text, action) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (v) => {
      if (done) return;
      done = true;
      dlg.close();
      resolve(v);
    };
    const dlg = dialog(title, [
      h('p', null, text),
      h('div', { class: 'actions' }, button('Cancel', () => finish(false)), button(action, () => finish(true), 'danger')),
    ]);
    dlg.el.addEventListener('close', () => finish(false));
  });
}

let toastTimer;
export function toast(text, kind = 'ok') {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.className = kind;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (t.hidden = true), 4000);
}

/** A date and time input (to the second) set to `ms`. */
export function timeInput(name, ms) {
  return h('input', { name, type: 'datetime-local', step: 1, value: localInput(ms) });
}

/** A labelled form field. */
export function field(label, input, hint) {
  return h('label', { class: 'field' }, h('span', null, label), input, hint ? h('small', { class: 'muted' }, hint) : null);
}

/** An error as the page shows it: a red box with the server's message. */
export function errorBox(err, title = 'Request failed') {
  return h('div', { class: 'error', role: 'alert' }, h('strong', null, title), h('div', null, err?.message ?? String(err)));
}

/** Runs `fn` (which loads something) with `el` showing "Loading…" and, on failure, the error. */
export async function loading(el, fn) {
  clear(el).append(h('p', { class: 'muted' }, 'Loading…'));
  try {
    const node = await fn();
    clear(el);
    if (node) append(el, [node]);
  } catch (err) {
    clear(el).append(errorBox(err));
  }
}
