// Messages: search a topic by time range (at most 2000, newest first), by key, or by message id.

import { field, h, loading, searchForm, timeInput } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { messageTable, showMessage } from './message-detail.js';

const MODES = [['time', 'By time'], ['key', 'By key'], ['id', 'By message ID']];
let mode = 'time';

export async function render(main, { session, params }) {
  const topics = (await get('/api/topics')).topics.filter((t) => t.kind !== 'SYSTEM');
  const topic = h('input', { name: 'topic', list: 'message-topics', value: params.get('topic') ?? '', required: true });
  const begin = timeInput('begin', Date.now() - 3_600_000);
  const end = timeInput('end', Date.now() + 60_000);
  const key = h('input', { name: 'key' });
  const msgId = h('input', { name: 'msgId', size: 34 });
  const out = h('div');
  const modeFields = h('span', { class: 'row' });
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const drawMode = () => {
    tabs.replaceChildren(
      ...MODES.map(([m, label]) =>
        h('button', {
          type: 'button',
          role: 'tab',
          'aria-selected': String(m === mode),
          class: m === mode ? 'active' : null,
          onClick: () => {
            mode = m;
            drawMode();
          },
        }, label)
      ),
    );
    modeFields.replaceChildren(
      ...(mode === 'time' ? [field('From', begin), field('To', end)] : mode === 'key' ? [field('Key', key)] : [field('Message ID', msgId)]),
    );
  };
  const search = async () => {
    if (mode === 'id') {
      showMessage({ topic: topic.value.trim(), msgId: msgId.value.trim() }, session);
      return;
    }
    await loading(out, async () => {
      const r = mode === 'time'
        ? await get('/api/messages/by-time', {
          topic: topic.value,
          begin: new Date(begin.value).getTime(),
          end: new Date(end.value).getTime(),
        })
        : await get('/api/messages/by-key', { topic: topic.value, key: key.value });
      return [
        h('p', { class: 'muted' }, `${r.messages.length} message(s)${r.truncated ? ' (the first 2000; narrow the time range)' : ''}`),
        messageTable(r.messages, session),
      ];
    });
  };
  drawMode();
  main.append(
    h('h1', null, 'Messages'),
    tabs,
    searchForm(
      'Search',
      search,
      h('datalist', { id: 'message-topics' }, topics.map((t) => h('option', { value: t.topic }))),
      field('Topic', topic),
      modeFields,
    ),
    out,
  );
}
