// Offset stores: the local file in Java's exact format (fastjson pretty, MessageQueue keys, tabs),
// read back by us and readable as Java writes it, the .bak fallback, merging on persist, and the
// memory/store read types; the remote store's oneway and acknowledged writes; plus the ProcessQueue
// that decides which offset is committed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  decodeOffsetFile,
  encodeOffsetFile,
  LocalFileOffsetStore,
  localOffsetStorePath,
} from '../../../src/client/consumer/local-offset-store.js';
import { ReadOffsetType } from '../../../src/client/consumer/offset-store.js';
import { RemoteBrokerOffsetStore } from '../../../src/client/consumer/remote-offset-store.js';
import type { ClientInstance } from '../../../src/client/instance/client-instance.js';
import { ProcessQueue } from '../../../src/client/consumer/process-queue.js';
import { MessageQueueMap } from '../../../src/remoting/protocol/message-queue.js';
import type { MessageExt } from '../../../src/client/message/message-ext.js';
import { tmpDir } from '../../harness/tmp.js';

const q0 = { topic: 'TopicTest', brokerName: 'broker-a', queueId: 0 };
const q1 = { topic: 'TopicTest', brokerName: 'broker-a', queueId: 1 };
const q2 = { topic: 'Other', brokerName: 'broker-b', queueId: 3 };

// What Java's OffsetSerializeWrapper.toJson(true) writes for two queues (fastjson 1.2.69).
const JAVA_TEXT =
  '{\n\t"offsetTable":{{\n\t\t\t"brokerName":"broker-a",\n\t\t\t"queueId":0,\n\t\t\t"topic":"TopicTest"\n\t\t}:12,{\n\t\t\t"brokerName":"broker-a",\n\t\t\t"queueId":1,\n\t\t\t"topic":"TopicTest"\n\t\t}:7\n\t}\n}';

test('offsets.json: Java layout written byte for byte, read back, and Java-written files read', () => {
  const table = new MessageQueueMap<number>([[q0, 12], [q1, 7]]);
  assert.equal(encodeOffsetFile(table), JAVA_TEXT);
  const back = decodeOffsetFile(JAVA_TEXT);
  assert.equal(back.get(q0), 12);
  assert.equal(back.get(q1), 7);
  // Compact and key-reordered JSON, as other writers produce, reads too.
  const compact = decodeOffsetFile('{"offsetTable":{{"topic":"TopicTest","queueId":1,"brokerName":"broker-a"}:99}}');
  assert.equal(compact.get(q1), 99);
  assert.equal(localOffsetStorePath('10.0.0.1@DEFAULT', 'cg', '/base'), path.join('/base', '10.0.0.1@DEFAULT', 'cg', 'offsets.json'));
});

test('LocalFileOffsetStore: persist merges with the file, keeps a .bak, loads it back, falls back to the .bak', async (t) => {
  const dir = tmpDir('mq-offsets-', t);
  const store = new LocalFileOffsetStore('10.0.0.1@DEFAULT', 'cg', dir);
  await store.load();
  assert.equal(await store.readOffset(q0, ReadOffsetType.READ_FROM_STORE), -1);
  assert.equal(await store.readOffset(q0, ReadOffsetType.READ_FROM_MEMORY), -1);
  store.updateOffset(q0, 12, false);
  store.updateOffset(q1, 7, false);
  store.updateOffset(q1, 5, true);
  assert.equal(store.memoryOffset(q1), 7, 'increaseOnly never moves back');
  await store.persistAll([q0, q1]);
  assert.equal(fs.readFileSync(store.storePath, 'utf8'), JAVA_TEXT);
  // A second store (another queue set) merges instead of overwriting.
  const other = new LocalFileOffsetStore('10.0.0.1@DEFAULT', 'cg', dir);
  other.updateOffset(q2, 3, false);
  await other.persist(q2);
  const merged = decodeOffsetFile(fs.readFileSync(store.storePath, 'utf8'));
  assert.deepEqual([merged.get(q0), merged.get(q1), merged.get(q2)], [12, 7, 3]);
  assert.equal(fs.readFileSync(store.storePath + '.bak', 'utf8'), JAVA_TEXT);
  const fresh = new LocalFileOffsetStore('10.0.0.1@DEFAULT', 'cg', dir);
  await fresh.load();
  assert.equal(await fresh.readOffset(q2, ReadOffsetType.MEMORY_FIRST_THEN_STORE), 3);
  assert.deepEqual([...fresh.cloneOffsetTable('TopicTest').keys()].map((m) => m.queueId).sort(), [0, 1]);
  // A damaged file: the .bak (the previous version) is used.
  fs.writeFileSync(store.storePath, '{broken');
  const fallback = new LocalFileOffsetStore('10.0.0.1@DEFAULT', 'cg', dir);
  assert.equal(await fallback.readOffset(q0, ReadOffsetType.READ_FROM_STORE), 12);
  assert.equal(await fallback.readOffset(q2, ReadOffsetType.READ_FROM_STORE), -1);
});

function fakeMsg(queueOffset: number, size = 10): MessageExt {
  return { queueOffset, storedBodyLength: size, getProperty: () => undefined } as unknown as MessageExt;
}

test('ProcessQueue: the committed offset is the smallest still cached, or one past the largest', () => {
  const pq = new ProcessQueue();
  assert.equal(pq.removeMessage([fakeMsg(0)]), -1, 'nothing cached');
  const msgs = [0, 1, 2, 3, 4].map((o) => fakeMsg(o));
  assert.equal(pq.putMessage(msgs), true);
  assert.equal(pq.putMessage([fakeMsg(5)]), false, 'already dispatched');
  assert.equal(pq.msgCount, 6);
  assert.equal(pq.msgSize, 60);
  assert.equal(pq.maxSpan, 5);
  assert.equal(pq.putMessage([fakeMsg(3)]), false);
  assert.equal(pq.msgCount, 6, 'duplicates are ignored');
  assert.equal(pq.removeMessage([msgs[2]!, msgs[3]!]), 0);
  assert.equal(pq.removeMessage([msgs[0]!]), 1);
  assert.equal(pq.removeMessage([msgs[1]!]), 4);
  assert.equal(pq.removeMessage([msgs[4]!]), 5);
  assert.equal(pq.removeMessage([fakeMsg(5)]), 6);
  assert.equal(pq.msgCount, 0);
  assert.equal(pq.msgSize, 0);
  // Out-of-order arrival (a retried batch) is still kept in offset order.
  pq.putMessage([fakeMsg(20), fakeMsg(22)]);
  pq.putMessage([fakeMsg(21)]);
  assert.deepEqual(pq.cachedMessages().map((m) => m.queueOffset), [20, 21, 22]);
  const info = pq.fillProcessQueueInfo(19);
  assert.deepEqual([info.cachedMsgMinOffset, info.cachedMsgMaxOffset, info.cachedMsgCount, info.commitOffset], [20, 22, 3, 19]);
});

test('ProcessQueue orderly: take in order, commit returns last+1, rollback and retry put messages back', () => {
  const pq = new ProcessQueue();
  pq.putMessage([10, 11, 12, 13].map((o) => fakeMsg(o)));
  const first = pq.takeMessages(2);
  assert.deepEqual(first.map((m) => m.queueOffset), [10, 11]);
  assert.equal(pq.msgCount, 4, 'in-flight messages still count');
  pq.rollback();
  assert.deepEqual(pq.takeMessages(3).map((m) => m.queueOffset), [10, 11, 12]);
  assert.equal(pq.commit(), 13);
  assert.equal(pq.msgCount, 1);
  const again = pq.takeMessages(1);
  pq.makeMessageToConsumeAgain(again);
  assert.deepEqual(pq.takeMessages(5).map((m) => m.queueOffset), [13]);
  assert.equal(pq.commit(), 14);
  assert.equal(pq.takeMessages(1).length, 0);
  assert.equal(pq.consumingFlag, false, 'an empty take ends the consume run');
});

test('RemoteBrokerOffsetStore: periodic writes go oneway; a shutdown write is answered, first queue of each topic before the rest', async () => {
  const events: string[] = [];
  const answers: Array<() => void> = [];
  const api = {
    updateConsumerOffsetOneway: async (_addr: string, h: { topic: string; queueId: number; commitOffset: number }) => {
      events.push(`oneway ${h.topic}:${h.queueId}=${h.commitOffset}`);
    },
    updateConsumerOffset: (_addr: string, h: { topic: string; queueId: number; commitOffset: number }) => {
      events.push(`sent ${h.topic}:${h.queueId}=${h.commitOffset}`);
      return new Promise<void>((resolve) =>
        answers.push(() => {
          events.push(`answered ${h.topic}:${h.queueId}`);
          resolve();
        })
      );
    },
  };
  const instance = {
    api,
    findBrokerAddressInSubscribe: () => ({ brokerAddr: '127.0.0.1:10911', slave: false }),
  } as unknown as ClientInstance;
  const store = new RemoteBrokerOffsetStore(instance, 'cg');
  store.updateOffset(q0, 5, false);
  store.updateOffset(q1, 6, false);
  store.updateOffset(q2, 7, false);
  await store.persistAll([q0, q1, q2]);
  assert.deepEqual(events.sort(), ['oneway Other:3=7', 'oneway TopicTest:0=5', 'oneway TopicTest:1=6']);

  events.length = 0;
  const done = store.persistAll([q0, q1, q2], true);
  // The broker answers nothing yet: one write per (broker, topic) is out, the second TopicTest queue waits.
  await new Promise((r) => setImmediate(r));
  assert.deepEqual([...events].sort(), ['sent Other:3=7', 'sent TopicTest:0=5']);
  while (answers.length > 0) {
    answers.shift()!();
    await new Promise((r) => setImmediate(r));
  }
  await done;
  assert.ok(events.indexOf('answered TopicTest:0') < events.indexOf('sent TopicTest:1=6'), events.join(', '));
  assert.equal(events.filter((e) => e.startsWith('answered')).length, 3);
});
