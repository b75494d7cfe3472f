// Consumers: every group with its members, oldest client version, consume mode, TPS and total lag;
// per group its connected clients and subscriptions, its per-queue lag, and (when changes are
// allowed) resetting its offsets on a topic to a time, and deleting it.

import { button, confirmButton, dialog, field, h, loadingDialog, table, timeInput } from '../lib/dom.js';
import { get, post } from '../lib/api.js';
import { count, time } from '../lib/format.js';
import { clientTable } from './client-table.js';

let filterText = '';

function clientsDialog(group) {
  loadingDialog(`Clients of ${group}`, async () => {
    const c = await get('/api/consumer/clients', { group });
    return [
      h(
        'p',
        null,
        `Consume type ${c.consumeType ?? '-'} · message model ${c.messageModel ?? '-'} · consume from ${c.consumeFromWhere ?? '-'}`,
      ),
      clientTable(c.clients, 'group-clients'),
      h('h3', null, 'Subscriptions'),
      table([
        { title: 'Topic', cell: (s) => s.topic },
        { title: 'Type', cell: (s) => s.expressionType },
        { title: 'Expression', cell: (s) => h('code', null, s.subString) },
      ], c.subscriptions),
    ];
  });
}

function detailDialog(group) {
  loadingDialog(`Consume progress of ${group}`, async () => {
    const d = await get('/api/consumer/detail', { group });
    return [
      h('p', null, `Lag ${count(d.lag)} · ${count(d.consumeTps)} TPS`),
      table(
        [
          { title: 'Topic', cell: (q) => q.topic, sort: (q) => q.topic },
          { title: 'Broker', cell: (q) => q.brokerName },
          { title: 'Queue', cell: (q) => q.queueId, num: true },
          { title: 'Broker offset', cell: (q) => count(q.brokerOffset), num: true },
          { title: 'Consumer offset', cell: (q) => count(q.consumerOffset), num: true },
          { title: 'Lag', cell: (q) => count(q.lag), sort: (q) => q.lag, num: true },
          { title: 'Client', cell: (q) => q.clientIP ?? '-' },
          { title: 'Last consumed', cell: (q) => time(q.lastTimestamp) },
        ],
        d.queues,
        { id: 'group-queues' },
      ),
    ];
  });
}

async function resetDialog(group) {
  const topics = await get('/api/consumer/detail', { group }).then(
    (d) => [...new Set(d.queues.map((q) => q.topic))],
    () => [],
  );
  const topic = h('input', { name: 'topic', list: 'reset-topics', value: topics.find((t) => !t.startsWith('%RETRY%')) ?? '' });
  const when = timeInput('time', Date.now());
  const force = h('input', { type: 'checkbox', name: 'force', checked: true });
  const status = h('div');
  const form = h(
    'form',
    {
      class: 'form',
      onSubmit: async (e) => {
        e.preventDefault();
        status.replaceChildren();
        const timestamp = new Date(when.value).getTime();
        try {
          const r = await post('/api/consumer/reset', {
            group,
            topic: topic.value,
            timestamp: Number.isFinite(timestamp) ? timestamp : '',
            force: force.checked,
          });
          status.append(
            h(
              'p',
              { class: 'ok-text' },
              `Offsets reset (${r.mode === 'new' ? 'the online clients were told' : 'committed for the offline group'})`,
            ),
            table([
              { title: 'Broker', cell: (q) => q.brokerName },
              { title: 'Queue', cell: (q) => q.queueId, num: true },
              { title: 'New offset', cell: (q) => count(q.offset), num: true },
            ], r.queues),
          );
        } catch (err) {
          status.append(h('p', { class: 'form-error' }, err.message));
        }
      },
    },
    h('datalist', { id: 'reset-topics' }, topics.map((t) => h('option', { value: t }))),
    field('Topic', topic),
    field('Reset to the first message stored at or after', when),
    h('label', { class: 'check' }, force, 'Force (also move offsets forward)'),
    status,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Reset offsets')),
  );
  dialog(`Reset offsets of ${group}`, form);
}

export async function render(main, { session }) {
  const list = h('div');
  const search = h('input', { type: 'search', placeholder: 'Filter groups', value: filterText, 'aria-label': 'Filter groups' });
  let groups = [];
  const load = async () => {
    groups = (await get('/api/consumers')).groups;
    draw();
  };
  const draw = () => {
    filterText = search.value;
    const needle = search.value.trim().toLowerCase();
    const rows = groups.filter((g) => g.group.toLowerCase().includes(needle));
    list.replaceChildren(table(
      [
        { title: 'Group', cell: (g) => g.group, sort: (g) => g.group },
        { title: 'Members', cell: (g) => g.count, sort: (g) => g.count, num: true },
        { title: 'Version', cell: (g) => g.version },
        { title: 'Type', cell: (g) => g.consumeType || '-' },
        { title: 'Model', cell: (g) => g.messageModel || '-' },
        { title: 'TPS', cell: (g) => count(g.consumeTps), sort: (g) => g.consumeTps, num: true },
        { title: 'Lag', cell: (g) => count(g.diffTotal), sort: (g) => g.diffTotal, num: true },
        {
          title: '',
          cell: (g) =>
            h(
              'span',
              { class: 'row-actions' },
              button('Clients', () => clientsDialog(g.group)),
              button('Detail', () => detailDialog(g.group)),
              session.canWrite ? button('Reset offset', () => resetDialog(g.group)) : null,
              session.canWrite
                ? confirmButton('Delete', `Delete ${g.group} from every master, with its retry and DLQ topics?`, async () => {
                  await post('/api/consumer/delete', { group: g.group });
                  await load();
                }, `Group ${g.group} deleted`)
                : null,
            ),
        },
      ],
      rows,
      { id: 'groups', empty: 'No consumer group matches' },
    ));
  };
  search.addEventListener('input', draw);
  main.append(
    h('div', { class: 'title' }, h('h1', null, 'Consumers'), button('Refresh', () => void load())),
    h('div', { class: 'filters' }, search),
    list,
  );
  await load();
}
