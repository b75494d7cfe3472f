// Producers: the clients of a producer group connected to the brokers of a topic.

import { field, h, loading, table } from '../lib/dom.js';
import { get } from '../lib/api.js';

export async function render(main, { params }) {
  const topics = (await get('/api/topics')).topics.filter((t) => t.kind === 'NORMAL');
  const topic = h('input', { name: 'topic', list: 'producer-topics', value: params.get('topic') ?? '', required: true });
  const group = h('input', { name: 'group', value: params.get('group') ?? '', required: true });
  const out = h('div');
  const search = () =>
    loading(out, async () => {
      const r = await get('/api/producers', { topic: topic.value, group: group.value });
      return table(
        [
          { title: 'Client id', cell: (c) => c.clientId },
          { title: 'Address', cell: (c) => c.clientAddr },
          { title: 'Language', cell: (c) => c.language },
          { title: 'Version', cell: (c) => c.version },
        ],
        r.clients,
        { id: 'producer-clients' },
      );
    });
  main.append(
    h('h1', null, 'Producers'),
    h(
      'form',
      {
        class: 'form inline',
        onSubmit: (e) => {
          e.preventDefault();
          void search();
        },
      },
      h('datalist', { id: 'producer-topics' }, topics.map((t) => h('option', { value: t.topic }))),
      field('Topic', topic),
      field('Producer group', group),
      h('button', { type: 'submit', class: 'primary' }, 'Search'),
    ),
    out,
  );
  if (topic.value && group.value) await search();
}
