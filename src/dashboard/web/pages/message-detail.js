// One message, shared by the Messages and DLQ pages: its fields, properties, body as text or hex,
// what became of it in each consumer group, and (when changes are allowed) resending it to a group.

import { button, clear, h, kvTable, loadingDialog, table, toast } from '../lib/dom.js';
import { get, post } from '../lib/api.js';
import { bodyText, hexDump, time } from '../lib/format.js';

/** Asks a client of `group` to consume the message (`m` has topic, msgId, offsetMsgId) now; says how that went. */
export async function resend(m, group) {
  try {
    const r = await post('/api/message/resend', { topic: m.topic, msgId: m.msgId, offsetMsgId: m.offsetMsgId, group });
    toast(`${group} (${r.clientId}): ${r.consumeResult}${r.remark ? ` ${r.remark}` : ''}`, r.consumeResult === 'CR_SUCCESS' ? 'ok' : 'bad');
    return r;
  } catch (err) {
    toast(err.message, 'bad');
    return null;
  }
}

/** The message table of a search; `extra(row)` adds buttons after Detail. */
export function messageTable(messages, session, extra) {
  return table(
    [
      { title: 'Message ID', cell: (m) => h('code', null, m.msgId) },
      { title: 'Tags', cell: (m) => m.tags ?? '' },
      { title: 'Keys', cell: (m) => m.keys ?? '' },
      { title: 'Queue', cell: (m) => m.queueId, num: true },
      { title: 'Offset', cell: (m) => m.queueOffset, num: true },
      { title: 'Stored', cell: (m) => time(m.storeTimestamp), sort: (m) => m.storeTimestamp },
      {
        title: '',
        cell: (m) => h('span', { class: 'row-actions' }, button('Detail', () => showMessage(m, session)), extra?.(m)),
      },
    ],
    messages,
    { id: 'messages', empty: 'No message found' },
  );
}

/** `ref` names the message: {topic, msgId} and, from a search, its offsetMsgId. */
export function showMessage(ref, session) {
  loadingDialog(`Message ${ref.msgId}`, async () => {
    const { message: m, tracks, tracksError } = await get('/api/message', {
      topic: ref.topic,
      msgId: ref.msgId,
      offsetMsgId: ref.offsetMsgId,
    });
    const bodyView = h('pre', { class: 'body-view' }, bodyText(m.body));
    let asHex = false;
    const toggle = button('Show as hex', () => {
      asHex = !asHex;
      bodyView.textContent = asHex ? hexDump(m.body) : bodyText(m.body);
      toggle.textContent = asHex ? 'Show as text' : 'Show as hex';
    });
    const info = {
      Topic: m.topic,
      'Message ID': m.msgId,
      'Offset message ID': m.offsetMsgId,
      Tags: m.tags ?? '',
      Keys: m.keys ?? '',
      Queue: `${m.brokerName || '-'} / ${m.queueId} at offset ${m.queueOffset}`,
      'Commit log offset': String(m.commitLogOffset),
      'Born at': `${time(m.bornTimestamp)} from ${m.bornHost}`,
      'Stored at': `${time(m.storeTimestamp)} on ${m.storeHost}`,
      'Reconsume times': String(m.reconsumeTimes),
      'System flag': String(m.sysFlag),
      'Body CRC': String(m.bodyCRC),
    };
    const trackRows = h('div');
    const drawTracks = () =>
      clear(trackRows).append(
        tracksError ? h('p', { class: 'error-text' }, tracksError) : table(
          [
            { title: 'Group', cell: (t) => t.consumerGroup },
            { title: 'Track', cell: (t) => t.trackType },
            { title: 'Detail', cell: (t) => t.exceptionDesc ?? '' },
            { title: '', cell: (t) => (session.canWrite ? button('Resend', () => void resend(m, t.consumerGroup)) : '') },
          ],
          tracks,
          { id: 'tracks', empty: 'No group consumes this topic' },
        ),
      );
    drawTracks();
    return [
      kvTable(info, { keyTitle: 'Field' }),
      h('h3', null, 'Properties'),
      kvTable(m.properties, { keyTitle: 'Property' }),
      h('div', { class: 'title' }, h('h3', null, `Body (${m.bodyLength} bytes)`), toggle),
      bodyView,
      h('h3', null, 'Consumer groups'),
      trackRows,
    ];
  });
}
