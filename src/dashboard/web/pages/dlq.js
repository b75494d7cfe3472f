// DLQ: a consumer group's dead-letter messages over a time range, each with its detail and (when
// changes are allowed) a resend to the group, whose client consumes it at once.

import { button, field, h, loading, searchForm, timeInput } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { messageTable, resend } from './message-detail.js';

export async function render(main, { session, params }) {
  const groups = (await get('/api/consumers')).groups;
  const group = h('input', { name: 'group', list: 'dlq-groups', value: params.get('group') ?? '', required: true });
  const begin = timeInput('begin', Date.now() - 24 * 3_600_000);
  const end = timeInput('end', Date.now() + 60_000);
  const out = h('div');
  const search = () =>
    loading(out, async () => {
      const r = await get('/api/dlq', { group: group.value, begin: new Date(begin.value).getTime(), end: new Date(end.value).getTime() });
      return [
        h('p', { class: 'muted' }, `${r.messages.length} dead-letter message(s) of ${r.group}${r.truncated ? ' (the first 2000)' : ''}`),
        messageTable(r.messages, session, (m) => (session.canWrite ? button('Resend', () => void resend(m, r.group)) : null)),
      ];
    });
  main.append(
    h('h1', null, 'Dead-letter queue'),
    searchForm(
      'Search',
      search,
      h('datalist', { id: 'dlq-groups' }, groups.map((g) => h('option', { value: g.group }))),
      field('Consumer group', group),
      field('From', begin),
      field('To', end),
    ),
    out,
  );
  if (group.value) await search();
}
