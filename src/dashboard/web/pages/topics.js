// Topics: the list with a text filter and kind filters (normal, retry, DLQ, system); per topic its
// queue status, route and consumer groups, and (when changes are allowed) update, send a test
// message, delete; a form to create a topic on clusters or brokers.

import { button, clear, confirmButton, dialog, field, h, loadingDialog, table, toast } from '../lib/dom.js';
import { get, post } from '../lib/api.js';
import { count, perm, rate, time } from '../lib/format.js';

const KINDS = ['NORMAL', 'RETRY', 'DLQ', 'SYSTEM'];
const shown = new Set(['NORMAL']);
let filterText = '';

function statusDialog(topic) {
  loadingDialog(`Status of ${topic}`, async () => {
    const s = await get('/api/topic/status', { topic });
    return [
      h('p', { class: 'muted' }, `${count(s.messages)} message(s) stored`),
      table(
        [
          { title: 'Broker', cell: (q) => q.brokerName },
          { title: 'Queue', cell: (q) => q.queueId, num: true },
          { title: 'Min offset', cell: (q) => count(q.minOffset), num: true },
          { title: 'Max offset', cell: (q) => count(q.maxOffset), num: true },
          { title: 'Last update', cell: (q) => time(q.lastUpdateTimestamp) },
        ],
        s.queues,
        { id: 'topic-status' },
      ),
    ];
  });
}

function routeDialog(topic) {
  loadingDialog(`Route of ${topic}`, async () => {
    const r = await get('/api/topic/route', { topic });
    return [
      h('h3', null, 'Brokers'),
      table([
        { title: 'Cluster', cell: (b) => b.cluster },
        { title: 'Broker', cell: (b) => b.brokerName },
        { title: 'Addresses', cell: (b) => b.addrs.map((a) => `${a.brokerId}: ${a.addr}`).join(', ') },
      ], r.brokers),
      h('h3', null, 'Queues'),
      table([
        { title: 'Broker', cell: (q) => q.brokerName },
        { title: 'Read queues', cell: (q) => q.readQueueNums, num: true },
        { title: 'Write queues', cell: (q) => q.writeQueueNums, num: true },
        { title: 'Permission', cell: (q) => perm(q.perm) },
        { title: 'System flag', cell: (q) => q.topicSysFlag, num: true },
      ], r.queues),
      r.orderTopicConf ? h('p', null, `Order configuration: ${r.orderTopicConf}`) : null,
    ];
  });
}

function consumersDialog(topic) {
  loadingDialog(`Consumer groups of ${topic}`, async () => {
    const r = await get('/api/topic/consumers', { topic });
    if (r.groups.length === 0) return h('p', { class: 'muted' }, 'No group consumes this topic.');
    return r.groups.map((g) =>
      h(
        'section',
        null,
        h('h3', null, `${g.group} · lag ${count(g.lag)} · ${rate(g.consumeTps)} TPS`),
        g.error ? h('p', { class: 'error-text' }, g.error) : table([
          { title: 'Broker', cell: (q) => q.brokerName },
          { title: 'Queue', cell: (q) => q.queueId, num: true },
          { title: 'Broker offset', cell: (q) => count(q.brokerOffset), num: true },
          { title: 'Consumer offset', cell: (q) => count(q.consumerOffset), num: true },
          { title: 'Lag', cell: (q) => count(q.lag), num: true },
          { title: 'Last consumed', cell: (q) => time(q.lastTimestamp) },
        ], g.queues),
      )
    );
  });
}

/** The create / update form; `existing` is the topic's route when updating. */
async function topicForm(existing, onSaved) {
  const cluster = await get('/api/cluster');
  const clusters = [...new Set(cluster.brokers.map((b) => b.cluster))];
  const brokers = [...new Set(cluster.brokers.filter((b) => b.role === 'MASTER').map((b) => b.brokerName))];
  const q0 = existing?.queues[0];
  const inCluster = new Set(existing?.brokers.map((b) => b.cluster) ?? clusters.slice(0, 1));
  const name = h('input', { name: 'topic', value: existing?.topic ?? '', readonly: existing ? true : null });
  const clusterBoxes = clusters.map((c) =>
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'cluster', value: c, checked: inCluster.has(c) }), c)
  );
  const brokerBoxes = brokers.map((b) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'broker', value: b }), b));
  const writeQ = h('input', { name: 'writeQueueNums', type: 'number', value: String(q0?.writeQueueNums ?? 8) });
  const readQ = h('input', { name: 'readQueueNums', type: 'number', value: String(q0?.readQueueNums ?? 8) });
  const permSel = h(
    'select',
    { name: 'perm' },
    [['6', 'RW (6)'], ['4', 'R (4)'], ['2', 'W (2)']].map(([v, t]) => h('option', { value: v }, t)),
  );
  permSel.value = String(q0?.perm ?? 6);
  const order = h('input', { type: 'checkbox', name: 'order', checked: Boolean(existing?.orderTopicConf) });
  const status = h('p', { class: 'form-error', role: 'alert' });
  const checked = (boxes) => boxes.map((l) => l.firstChild).filter((i) => i.checked).map((i) => i.value);
  const form = h(
    'form',
    {
      class: 'form',
      onSubmit: async (e) => {
        e.preventDefault();
        status.textContent = '';
        try {
          const r = await post('/api/topic/save', {
            topic: name.value,
            clusters: checked(clusterBoxes),
            brokers: checked(brokerBoxes),
            writeQueueNums: writeQ.value,
            readQueueNums: readQ.value,
            perm: permSel.value,
            order: order.checked,
          });
          dlg.close();
          toast(`Topic ${r.topic} saved on ${r.addrs.join(', ')}`);
          onSaved();
        } catch (err) {
          status.textContent = err.message;
        }
      },
    },
    field('Topic', name),
    field('Clusters', h('div', { class: 'checks' }, clusterBoxes), 'every master of each cluster checked'),
    field('Brokers', h('div', { class: 'checks' }, brokerBoxes), 'and these brokers’ masters'),
    h('div', { class: 'row' }, field('Write queues', writeQ), field('Read queues', readQ), field('Permission', permSel)),
    h('label', { class: 'check' }, order, 'Ordered topic (records its order configuration on the name servers)'),
    status,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, existing ? 'Update' : 'Create')),
  );
  const dlg = dialog(existing ? `Update ${existing.topic}` : 'Add topic', form);
}

function sendDialog(topic) {
  const tags = h('input', { name: 'tags' });
  const keys = h('input', { name: 'keys' });
  const body = h('textarea', { name: 'body', rows: 5, required: true });
  const out = h('div');
  const form = h(
    'form',
    {
      class: 'form',
      onSubmit: async (e) => {
        e.preventDefault();
        clear(out);
        try {
          const r = await post('/api/topic/send', { topic, tags: tags.value, keys: keys.value, body: body.value });
          out.append(
            h(
              'p',
              { class: 'ok-text' },
              `${r.sendStatus}: message ${r.msgId} in ${r.brokerName} queue ${r.queueId} at offset ${r.queueOffset}`,
            ),
          );
        } catch (err) {
          out.append(h('p', { class: 'form-error' }, err.message));
        }
      },
    },
    h('div', { class: 'row' }, field('Tags', tags), field('Keys', keys)),
    field('Body', body),
    out,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Send')),
  );
  dialog(`Send a message to ${topic}`, form);
}

export async function render(main, { session }) {
  const list = h('div');
  const search = h('input', { type: 'search', placeholder: 'Filter topics', value: filterText, 'aria-label': 'Filter topics' });
  const kindBoxes = KINDS.map((k) =>
    h(
      'label',
      { class: 'check' },
      h('input', {
        type: 'checkbox',
        value: k,
        checked: shown.has(k),
        onChange: (e) => {
          if (e.target.checked) shown.add(k);
          else shown.delete(k);
          draw();
        },
      }),
      k.toLowerCase(),
    )
  );
  let topics = [];
  const load = async () => {
    topics = (await get('/api/topics')).topics;
    draw();
  };
  const actions = (t) =>
    h(
      'span',
      { class: 'row-actions' },
      button('Status', () => statusDialog(t.topic)),
      button('Route', () => routeDialog(t.topic)),
      button('Consumers', () => consumersDialog(t.topic)),
      session.canWrite && t.kind === 'NORMAL'
        ? [
          button(
            'Update',
            async () => topicForm(await get('/api/topic/route', { topic: t.topic }), load).catch((e) => toast(e.message, 'bad')),
          ),
          button('Send', () => sendDialog(t.topic)),
        ]
        : null,
      session.canWrite
        ? confirmButton('Delete', `Delete ${t.topic} from every broker and name server?`, async () => {
          await post('/api/topic/delete', { topic: t.topic });
          await load();
        }, `Topic ${t.topic} deleted`)
        : null,
    );
  const draw = () => {
    const needle = search.value.trim().toLowerCase();
    filterText = search.value;
    const rows = topics.filter((t) => shown.has(t.kind) && t.topic.toLowerCase().includes(needle));
    list.replaceChildren(
      h('p', { class: 'muted' }, `${rows.length} of ${topics.length} topic(s)`),
      table(
        [
          { title: 'Topic', cell: (t) => t.topic, sort: (t) => t.topic },
          { title: 'Kind', cell: (t) => h('span', { class: `badge ${t.kind.toLowerCase()}` }, t.kind.toLowerCase()), sort: (t) => t.kind },
          { title: '', cell: actions },
        ],
        rows,
        { id: 'topics', empty: 'No topic matches' },
      ),
    );
  };
  search.addEventListener('input', draw);
  main.append(
    h(
      'div',
      { class: 'title' },
      h('h1', null, 'Topics'),
      session.canWrite ? button('Add topic', () => topicForm(null, load).catch((e) => toast(e.message, 'bad')), 'primary') : null,
    ),
    h('div', { class: 'filters' }, search, kindBoxes),
    list,
  );
  await load();
}
