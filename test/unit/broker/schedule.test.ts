// Delayed delivery on a real store with short levels ("1s 2s"): a parked message reaches its real
// topic and queue once its level's delay has passed and not before, keeps its properties (DELAY,
// REAL_TOPIC, REAL_QID) as Java's copies do, and progress survives a restart through delayOffset.json.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { defaultMessageStoreConfig } from '../../../src/common/config/message-store-config.js';
import { encodeSocketAddress } from '../../../src/common/message/socket-address.js';
import { decodeMessages } from '../../../src/common/message/record-codec.js';
import { MessageStore } from '../../../src/store/index.js';
import { parseDelayLevels } from '../../../src/store/delay-levels.js';
import { ScheduleMessageService } from '../../../src/broker/schedule/schedule-message-service.js';
import { pollUntil } from '../../harness/latch.js';
import { removeDir, tmpDir } from '../../harness/tmp.js';

const LEVELS = '1s 2s';

async function open(root: string): Promise<{ store: MessageStore; schedule: ScheduleMessageService }> {
  const cfg = defaultMessageStoreConfig({
    storePathRootDir: root,
    mappedFileSizeCommitLog: 1 << 20,
    mappedFileSizeConsumeQueue: 6000,
    maxHashSlotNum: 100,
    maxIndexNum: 400,
    messageDelayLevel: LEVELS,
  });
  let schedule: ScheduleMessageService | null = null;
  const store = new MessageStore(cfg, {
    messageArrivingListener: (topic, queueId, _o, tagsCode) => {
      if (topic === 'SCHEDULE_TOPIC_XXXX') schedule?.onScheduledArrival(queueId, tagsCode);
    },
  });
  await store.open();
  schedule = new ScheduleMessageService(store, { storeRoot: root, delayLevels: parseDelayLevels(LEVELS), flushIntervalMs: 60_000 });
  schedule.start();
  return { store, schedule };
}

function put(store: MessageStore, body: string, level: number, queueId = 1) {
  return store.putMessage({
    topic: 'RealTopic',
    queueId,
    flag: 0,
    body: Buffer.from(body),
    propertiesString: `TAGS\u0001tg\u0002DELAY\u0001${level}`,
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: encodeSocketAddress('127.0.0.1', 1234),
    delayTimeLevel: level,
  });
}

test("a delayed message is delivered to its real topic after its level's delay, with its properties kept", async (t) => {
  // Removed after the store closes: after-hooks run in the order they were registered.
  const root = tmpDir('mq-schedule-');
  const { store, schedule } = await open(root);
  t.after(async () => {
    await schedule.shutdown();
    await store.close();
    removeDir(root);
  });
  const r = await put(store, 'one', 1);
  assert.ok(r.isOk);
  assert.equal(store.getMaxOffsetInQueue('SCHEDULE_TOPIC_XXXX', 0), 1, 'parked in queue level - 1');
  assert.equal(store.getMaxOffsetInQueue('RealTopic', 1), 0);
  await pollUntil(() => store.getMaxOffsetInQueue('RealTopic', 1) === 1, 'delivery', 5000, 10);
  const got = await store.getMessage('g', 'RealTopic', 1, 0, 1);
  const [m] = decodeMessages(Buffer.concat(got!.messageBuffers));
  assert.equal(m!.body.toString(), 'one');
  assert.ok(m!.storeTimestamp - r.storeTimestamp >= 1000 - 5, `delivered ${m!.storeTimestamp - r.storeTimestamp} ms after it was stored`);
  assert.equal(m!.getProperty('DELAY'), '1');
  assert.equal(m!.getProperty('REAL_TOPIC'), 'RealTopic');
  assert.equal(m!.getProperty('REAL_QID'), '1');
  assert.equal(m!.getProperty('TAGS'), 'tg');
  assert.equal(schedule.offsetTable.get(1), 1);
  assert.deepEqual(schedule.runningStats(), new Map([['scheduleMessageOffset_1', '1,1']]));
  await schedule.configFile.persistNow();
  assert.equal(fs.readFileSync(path.join(root, 'config', 'delayOffset.json'), 'utf8'), '{\n\t"offsetTable":{1:1\n\t}\n}');
});

test('delivery progress survives a restart, and messages due meanwhile are delivered after it', async (t) => {
  const root = tmpDir('mq-schedule-restart-');
  let { store, schedule } = await open(root);
  t.after(async () => {
    await schedule.shutdown();
    await store.close();
    removeDir(root);
  });
  await put(store, 'a', 1, 0);
  await pollUntil(() => store.getMaxOffsetInQueue('RealTopic', 0) === 1, 'first delivery', 5000, 10);
  await put(store, 'b', 2, 0);
  await put(store, 'c', 2, 0);
  await schedule.shutdown();
  await store.close();
  assert.match(fs.readFileSync(path.join(root, 'config', 'delayOffset.json'), 'utf8'), /\{1:1\s*\}/);
  ({ store, schedule } = await open(root));
  assert.equal(store.getMaxOffsetInQueue('RealTopic', 0), 1, 'nothing delivered twice');
  await pollUntil(() => store.getMaxOffsetInQueue('RealTopic', 0) === 3, 'the level-2 messages after the restart', 6000, 10);
  const got = await store.getMessage('g', 'RealTopic', 0, 0, 10);
  assert.deepEqual(decodeMessages(Buffer.concat(got!.messageBuffers)).map((m) => m.body.toString()), ['a', 'b', 'c']);
  assert.equal(schedule.offsetTable.get(2), 2);
});

/** A parked message whose real topic the store refuses: what a poisoned send-back left behind. */
function putPoison(store: MessageStore, realTopic: string) {
  return store.putMessage({
    topic: 'SCHEDULE_TOPIC_XXXX',
    queueId: 0,
    flag: 0,
    body: Buffer.from('poison'),
    propertiesString: `DELAY\u00011\u0002REAL_TOPIC\u0001${realTopic}\u0002REAL_QID\u00010`,
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: encodeSocketAddress('127.0.0.1', 1234),
  });
}

test('a parked message the store can never take is skipped, and the level goes on delivering', async (t) => {
  const root = tmpDir('mq-schedule-poison-');
  const { store, schedule } = await open(root);
  t.after(async () => {
    await schedule.shutdown();
    await store.close();
    removeDir(root);
  });
  assert.ok((await putPoison(store, 'bad:topic')).isOk);
  assert.ok((await putPoison(store, `%RETRY%${'g'.repeat(130)}`)).isOk);
  assert.ok((await put(store, 'after the poison', 1, 2)).isOk);
  await pollUntil(() => store.getMaxOffsetInQueue('RealTopic', 2) === 1, 'the message behind the poison', 5000, 10);
  assert.equal(schedule.offsetTable.get(1), 3, 'both poisoned units passed');
  const refused = await store.putMessage({
    topic: 'bad:topic',
    queueId: 0,
    flag: 0,
    body: Buffer.from('x'),
    propertiesString: 'DELAY\u00011',
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: encodeSocketAddress('127.0.0.1', 1234),
    delayTimeLevel: 1,
  });
  assert.equal(refused.status, 'MESSAGE_ILLEGAL', 'no new poison is parked: the real topic is checked first');
});
