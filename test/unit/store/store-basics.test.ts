// Put and get through the store API: statuses and offsets as Java's DefaultMessageStore reports
// them, limits, delayed and transactional messages, batches, look-ups and the arrival listener.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeAtEnd, msg, openStore, smallConfig } from '../../harness/store.js';
import { MessageStore } from '../../../src/store/message-store.js';
import { GetMessageStatus, PutMessageStatus } from '../../../src/store/status.js';
import { tagsFilter } from '../../../src/store/get-message.js';
import { StoreLockedError } from '../../../src/store/errors.js';
import { decodeMessages } from '../../../src/common/message/record-codec.js';
import { javaHashCode } from '../../../src/common/message/java-hash.js';
import { MessageSysFlag } from '../../../src/common/message/sysflag.js';
import { decodeMessageId } from '../../../src/common/message/message-id.js';

test('put then get: statuses, nextBeginOffset, limits per pull', async (t) => {
  const arrivals: Array<[string, number, number, number]> = [];
  const { store } = await openStore(t, {}, {
    messageArrivingListener: (topic, q, logicOffset, tagsCode) => arrivals.push([topic, q, logicOffset, tagsCode]),
  });
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) => store.putMessage(msg('T', i % 2, `m${i}`, { TAGS: i % 5 === 0 ? 'five' : 'other' }))),
  );
  results.forEach((r, i) => {
    assert.equal(r.status, PutMessageStatus.PUT_OK);
    assert.equal(r.queueOffset, Math.floor(i / 2));
    assert.equal(decodeMessageId(r.msgId).offset, r.wroteOffset);
  });
  assert.equal(store.getMaxOffsetInQueue('T', 0), 25);
  assert.equal(store.getMinOffsetInQueue('T', 0), 0);
  assert.equal(arrivals.length, 50);
  assert.deepEqual(arrivals[0], ['T', 0, 1, javaHashCode('five')]);

  let r = await store.getMessage('g', 'T', 0, 0, 10);
  assert.equal(r?.status, GetMessageStatus.FOUND);
  assert.equal(r?.messageCount, 10);
  assert.equal(r?.nextBeginOffset, 10);
  assert.deepEqual(decodeMessages(r!.body()).map((m) => m.body.toString()), Array.from({ length: 10 }, (_, i) => `m${i * 2}`));
  assert.deepEqual(r?.messageQueueOffsets, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

  r = await store.getMessage('g', 'T', 0, 20, 32);
  assert.equal(r?.messageCount, 5);
  assert.equal(r?.nextBeginOffset, 25);
  r = await store.getMessage('g', 'T', 0, 25, 32);
  assert.equal(r?.status, GetMessageStatus.OFFSET_OVERFLOW_ONE);
  assert.equal(r?.nextBeginOffset, 25);
  r = await store.getMessage('g', 'T', 0, 99, 32);
  assert.equal(r?.status, GetMessageStatus.OFFSET_OVERFLOW_BADLY);
  assert.equal(r?.nextBeginOffset, 25);
  r = await store.getMessage('g', 'nope', 0, 5, 32);
  assert.equal(r?.status, GetMessageStatus.NO_MESSAGE_IN_QUEUE);
  assert.equal(r?.nextBeginOffset, 0);

  // Java's transfer cap in memory is 32 messages; maxTotalBytes caps by size.
  r = await store.getMessage('g', 'T', 1, 0, 100);
  assert.equal(r?.messageCount, 25);
  const one = r!.messageBuffers[0]!.length;
  r = await store.getMessage('g', 'T', 1, 0, 100, one * 3);
  assert.equal(r?.messageCount, 3);
  assert.equal(r?.nextBeginOffset, 3);

  // Tag filter on consume-queue tag codes: NO_MATCHED_MESSAGE skips ahead.
  r = await store.getMessage('g', 'T', 0, 1, 32, undefined, tagsFilter([javaHashCode('five')]));
  assert.equal(r?.status, GetMessageStatus.FOUND);
  assert.deepEqual(decodeMessages(r!.body()).map((m) => m.queueOffset), [5, 10, 15, 20]);
  r = await store.getMessage('g', 'T', 0, 0, 32, undefined, tagsFilter([javaHashCode('absent')]));
  assert.equal(r?.status, GetMessageStatus.NO_MATCHED_MESSAGE);
  assert.equal(r?.nextBeginOffset, 25);
});

test('refuses what Java refuses: big bodies, bad topics, huge properties', async (t) => {
  const { store } = await openStore(t, { maxMessageSize: 1024 });
  assert.equal((await store.putMessage(msg('T', 0, Buffer.alloc(1025)))).status, PutMessageStatus.MESSAGE_ILLEGAL);
  assert.equal((await store.putMessage(msg('T', 0, Buffer.alloc(1024)))).status, PutMessageStatus.PUT_OK);
  assert.equal((await store.putMessage(msg('bad topic', 0, 'x'))).status, PutMessageStatus.MESSAGE_ILLEGAL);
  assert.equal((await store.putMessage(msg('t'.repeat(128), 0, 'x'))).status, PutMessageStatus.MESSAGE_ILLEGAL);
  assert.equal((await store.putMessage(msg('t'.repeat(127), 0, 'x'))).status, PutMessageStatus.PUT_OK);
  assert.equal((await store.putMessage(msg('T', 0, 'x', { BIG: 'é'.repeat(16384) }))).status, PutMessageStatus.PROPERTIES_SIZE_EXCEEDED);
  assert.equal((await store.putMessage(msg('T', 0, 'x', { BIG: 'v'.repeat(32000) }))).status, PutMessageStatus.PUT_OK);
  assert.equal(store.getMaxOffsetInQueue('T', 0), 2);
});

test('delayed messages go to SCHEDULE_TOPIC_XXXX with their delivery time as tag code', async (t) => {
  const { store } = await openStore(t);
  const r = await store.putMessage(msg('Real', 3, 'later', { TAGS: 'x', DELAY: '2' }, { delayTimeLevel: 2 }));
  assert.equal(r.status, PutMessageStatus.PUT_OK);
  assert.equal(store.getMaxOffsetInQueue('Real', 3), 0);
  assert.equal(store.getMaxOffsetInQueue('SCHEDULE_TOPIC_XXXX', 1), 1);
  const [unit] = await store.queryConsumeQueue('SCHEDULE_TOPIC_XXXX', 1, 0, 1);
  assert.equal(unit?.tagsCode, r.storeTimestamp + 5000);
  const m = await store.lookMessageByOffset(r.wroteOffset);
  assert.equal(m?.topic, 'SCHEDULE_TOPIC_XXXX');
  assert.equal(m?.queueId, 1);
  assert.equal(m?.getProperty('REAL_TOPIC'), 'Real');
  assert.equal(m?.getProperty('REAL_QID'), '3');
  // Redelivered: DELAY stays in the properties, but no delayTimeLevel means it is stored as is.
  const back = await store.putMessage(msg('Real', 3, 'now', { DELAY: '2', REAL_TOPIC: 'Real', REAL_QID: '3' }));
  assert.equal(back.status, PutMessageStatus.PUT_OK);
  assert.equal(store.getMaxOffsetInQueue('Real', 3), 1);
  // Levels above the last one are clipped to it (18: 2 h).
  const far = await store.putMessage(msg('Real', 0, 'far', {}, { delayTimeLevel: 40 }));
  const [u18] = await store.queryConsumeQueue('SCHEDULE_TOPIC_XXXX', 17, 0, 1);
  assert.equal(u18?.tagsCode, far.storeTimestamp + 7_200_000);
});

test('prepared and rollback messages stay out of consume queues; prepared ones are indexed', async (t) => {
  const { store } = await openStore(t);
  const prepared = await store.putMessage(msg('Tx', 0, 'half', { KEYS: 'kp' }, { sysFlag: MessageSysFlag.TRANSACTION_PREPARED_TYPE }));
  const rollback = await store.putMessage(msg('Tx', 0, 'rb', { KEYS: 'kr' }, { sysFlag: MessageSysFlag.TRANSACTION_ROLLBACK_TYPE }));
  const commit = await store.putMessage(
    msg('Tx', 0, 'done', { KEYS: 'kc' }, {
      sysFlag: MessageSysFlag.TRANSACTION_COMMIT_TYPE,
      preparedTransactionOffset: prepared.wroteOffset,
    }),
  );
  assert.equal(prepared.queueOffset, 0);
  assert.equal(rollback.queueOffset, 0);
  assert.equal(commit.queueOffset, 0);
  assert.equal(store.getMaxOffsetInQueue('Tx', 0), 1);
  const g = await store.getMessage('g', 'Tx', 0, 0, 32);
  assert.deepEqual(decodeMessages(g!.body()).map((m) => [m.body.toString(), m.preparedTransactionOffset]), [[
    'done',
    prepared.wroteOffset,
  ]]);
  const found = async (k: string) => (await store.queryMessage('Tx', k, 32, 0, Number.MAX_SAFE_INTEGER)).messageBuffers.length;
  assert.equal(await found('kp'), 1);
  assert.equal(await found('kr'), 0);
  assert.equal(await found('kc'), 1);
});

test('a batch put stores consecutive records with consecutive queue offsets', async (t) => {
  const { store } = await openStore(t);
  await store.putMessage(msg('B', 1, 'before'));
  const r = await store.putMessages([msg('B', 1, 'a', { WAIT: 'true' }), msg('B', 1, 'b'), msg('B', 1, 'c')]);
  assert.equal(r.status, PutMessageStatus.PUT_OK);
  assert.equal(r.msgNum, 3);
  assert.equal(r.queueOffset, 1);
  const ids = r.msgId.split(',');
  assert.equal(ids.length, 3);
  assert.equal(decodeMessageId(ids[0]!).offset, r.wroteOffset);
  const g = await store.getMessage('g', 'B', 1, 1, 32);
  assert.deepEqual(decodeMessages(g!.body()).map((m) => [m.queueOffset, m.body.toString()]), [[1, 'a'], [2, 'b'], [3, 'c']]);
  assert.equal((await store.putMessages([msg('B', 1, 'x'), msg('B', 2, 'y')])).status, PutMessageStatus.MESSAGE_ILLEGAL);
  assert.equal((await store.putMessages([msg('B', 1, 'x', {}, { delayTimeLevel: 1 })])).status, PutMessageStatus.MESSAGE_ILLEGAL);
});

test('look-ups by time and offset', async (t) => {
  let now = 1_800_000_000_000;
  const { store } = await openStore(t, {}, { clock: { now: () => now } });
  const offsets: number[] = [];
  for (let i = 0; i < 20; i++) {
    now += 1000;
    offsets.push((await store.putMessage(msg('Time', 0, `t${i}`))).wroteOffset);
  }
  assert.equal(await store.getEarliestMessageTime('Time', 0), 1_800_000_001_000);
  assert.equal(await store.getEarliestMessageTimeInStore(), 1_800_000_001_000);
  assert.equal(await store.getMessageStoreTimeStamp('Time', 0, 4), 1_800_000_005_000);
  assert.equal(await store.getOffsetInQueueByTime('Time', 0, 1_800_000_005_000), 4);
  assert.equal(await store.getOffsetInQueueByTime('Time', 0, 1_800_000_005_400), 4);
  assert.equal(await store.getOffsetInQueueByTime('Time', 0, 1_800_000_005_600), 5);
  assert.equal(await store.getOffsetInQueueByTime('Time', 0, 1_000), 0);
  assert.equal(await store.getCommitLogOffsetInQueue('Time', 0, 7), offsets[7]);
  assert.equal((await store.lookMessageByOffset(offsets[3]!))?.body.toString(), 't3');
  assert.equal((await store.selectOneMessageByOffset(offsets[3]!))?.length, offsets[4]! - offsets[3]!);
  assert.equal(await store.lookMessageByOffset(offsets[19]! + 100_000), null);
  const ids = await store.getMessageIds('Time', 0, 2, 4);
  assert.deepEqual(Array.from(ids.values()), [2, 3]);
  const info = await store.getRuntimeInfo();
  for (
    const k of [
      'putMessageTimesTotal',
      'putMessageSizeTotal',
      'commitLogDiskRatio',
      'consumeQueueDiskRatio',
      'commitLogMaxOffset',
      'dispatchBehindBytes',
      'putTps',
      'putLatency99',
    ]
  ) {
    assert.ok(info.has(k), k);
  }
  assert.equal(info.get('putMessageTimesTotal'), '20');
  assert.equal(info.get('dispatchBehindBytes'), '0');
  assert.deepEqual(store.topicQueues().get('Time'), [0]);
});

test('one store per directory: the lock file', async (t) => {
  const { store, dir, cfg } = await openStore(t);
  await assert.rejects(new MessageStore(cfg).open(), StoreLockedError);
  await store.close();
  const again = closeAtEnd(t, new MessageStore(smallConfig(dir)));
  await again.open();
  assert.equal(again.recovery?.lastExitOK, true);
});

test('deleting topics drops their consume queues only', async (t) => {
  const { store } = await openStore(t);
  await store.putMessage(msg('Keep', 0, 'k'));
  await store.putMessage(msg('Drop', 0, 'd'));
  await store.putMessage(msg('Drop', 1, 'd'));
  assert.equal(await store.deleteTopics(['Drop', 'Unknown']), 1);
  assert.equal(store.getMaxOffsetInQueue('Drop', 0), 0);
  assert.equal(store.getMaxOffsetInQueue('Keep', 0), 1);
  await store.cleanUnusedTopic(new Set());
  assert.equal(store.getMaxOffsetInQueue('Keep', 0), 0);
  const r = await store.putMessage(msg('Drop', 0, 'again'));
  assert.equal(r.queueOffset, 0);
});
