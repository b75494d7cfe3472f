// Producers: the clients of a producer group connected to the brokers of a topic.

import { field, h, loading, searchForm } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { clientTable } from './client-table.js';

export async function render(main, { params }) {
  const topics = (await get('/api/topics')).topics.filter((t) => t.kind === 'NORMAL');
  const topic = h('input', { name: 'topic', list: 'producer-topics', value: params.get('topic') ?? '', required: true });
  const group = h('input', { name: 'group', value: params.get('group') ?? '', required: true });
  const out = h('div');
  const search = () =>
    loading(out, async () => {
      const r = await get('/api/producers', { topic: topic.value, group: group.value });
      return clientTable(r.clients, 'producer-clients');
    });
  main.append(
    h('h1', null, 'Producers'),
    searchForm(
      'Search',
      search,
      h('datalist', { id: 'producer-topics' }, topics.map((t) => h('option', { value: t.topic }))),
      field('Topic', topic),
      field('Producer group', group),
    ),
    out,
  );
  if (topic.value && group.value) await search();
}
