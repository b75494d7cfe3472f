// Timer messages on a real store (RocketMQ 5's TIMER_DELIVER_MS, TIMER_DELAY_MS, TIMER_DELAY_SEC):
// parked in rmq_sys_wheel_timer, delivered to the real topic and queue at their millisecond and not
// before, with Java's properties; bad values refused with WHEEL_TIMER_MSG_ILLEGAL and nothing
// stored; messages beyond the roll window rolled and still on time; pending messages (a 3-day one
// included) survive a restart without being delivered twice.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { MessageStoreConfig } from '../../../src/common/config/message-store-config.js';
import { decodeMessages } from '../../../src/common/message/record-codec.js';
import { encodeProperties } from '../../../src/common/message/properties.js';
import { MessageStore, PutMessageStatus } from '../../../src/store/index.js';
import { TimerMessageService } from '../../../src/broker/timer/timer-message-service.js';
import { pollUntil } from '../../harness/latch.js';
import { removeDir, tmpDir } from '../../harness/tmp.js';
import { BORN, smallConfig } from '../../harness/store.js';

const TIMER_TOPIC = 'rmq_sys_wheel_timer';

interface Opened {
  store: MessageStore;
  timer: TimerMessageService;
  close(): Promise<void>;
}

async function open(root: string, over: Partial<MessageStoreConfig> = {}): Promise<Opened> {
  const cfg = smallConfig(root, { mappedFileSizeCommitLog: 1 << 20, mappedFileSizeTimerLog: 52 * 100 + 16, ...over });
  let timer: TimerMessageService | null = null;
  const store = new MessageStore(cfg, {
    messageArrivingListener: (topic) => {
      if (topic === TIMER_TOPIC) timer?.onArrival();
    },
  });
  timer = new TimerMessageService(store, cfg, { storeRoot: root });
  store.setPutMessageHook(timer.putHook);
  await store.open();
  await timer.start();
  const t = timer;
  return {
    store,
    timer: t,
    close: async () => {
      await t.shutdown();
      await store.close();
    },
  };
}

function put(store: MessageStore, body: string, props: Record<string, string>, queueId = 1) {
  return store.putMessage({
    topic: 'RealTopic',
    queueId,
    flag: 0,
    body: Buffer.from(body),
    propertiesString: encodeProperties({ TAGS: 'tg', ...props }),
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: BORN,
  });
}

async function bodies(store: MessageStore, topic = 'RealTopic', queueId = 1) {
  const got = await store.getMessage('g', topic, queueId, 0, 100);
  return got?.messageBuffers.length ? decodeMessages(Buffer.concat(got.messageBuffers)) : [];
}

test('a timer message is parked, then delivered to its real topic at its millisecond and not before, with Java properties', async (t) => {
  const root = tmpDir('mq-timer-');
  const o = await open(root);
  t.after(async () => {
    await o.close();
    removeDir(root);
  });
  const due = Date.now() + 700;
  const r = await put(o.store, 'at', { TIMER_DELIVER_MS: String(due) });
  assert.equal(r.status, PutMessageStatus.PUT_OK);
  const r2 = await put(o.store, 'ms', { TIMER_DELAY_MS: '500' });
  const r3 = await put(o.store, 'sec', { TIMER_DELAY_SEC: '1' });
  assert.ok(r2.isOk && r3.isOk);
  assert.equal(o.store.getMaxOffsetInQueue(TIMER_TOPIC, 0), 3, 'all three parked in the timer queue');
  assert.equal(o.store.getMaxOffsetInQueue('RealTopic', 1), 0, 'none delivered at once');
  await pollUntil(() => o.store.getMaxOffsetInQueue('RealTopic', 1) === 3, 'the three deliveries', 5000, 5);
  const ms = await bodies(o.store);
  assert.deepEqual(ms.map((m) => m.body.toString()), ['ms', 'at', 'sec'], 'in order of their times');
  const [byMs, byAt, bySec] = ms;
  assert.ok(byAt!.storeTimestamp >= due, `TIMER_DELIVER_MS: stored ${byAt!.storeTimestamp - due} ms from its time, not early`);
  assert.ok(byMs!.storeTimestamp >= r2.storeTimestamp + 500, 'TIMER_DELAY_MS not early');
  assert.ok(bySec!.storeTimestamp >= r3.storeTimestamp + 1000, 'TIMER_DELAY_SEC not early');
  assert.equal(byAt!.getProperty('TIMER_OUT_MS'), String(due));
  assert.equal(byAt!.getProperty('REAL_TOPIC'), 'RealTopic');
  assert.equal(byAt!.getProperty('REAL_QID'), '1');
  assert.equal(byAt!.getProperty('TAGS'), 'tg');
  assert.equal(byAt!.getProperty('TIMER_DELIVER_MS'), String(due));
  assert.ok(Number(byAt!.getProperty('TIMER_ENQUEUE_MS')) > 0, 'TIMER_ENQUEUE_MS set');
  assert.ok(Number(byAt!.getProperty('TIMER_DEQUEUE_MS')) >= due, 'TIMER_DEQUEUE_MS set');
  assert.equal(o.timer.runtimeInfo().get('timerOffsetBehind'), '0');
  for (const f of ['timerwheel', 'timerlog', path.join('config', 'timercheck')]) assert.ok(fs.existsSync(path.join(root, f)), f);
});

test('bad timer values are refused with WHEEL_TIMER_MSG_ILLEGAL and nothing is stored; a due-now one goes straight through', async (t) => {
  const root = tmpDir('mq-timer-bad-');
  const o = await open(root, { timerMaxDelaySec: 60 });
  t.after(async () => {
    await o.close();
    removeDir(root);
  });
  const bad: Array<Record<string, string>> = [
    { TIMER_DELAY_MS: '-5' },
    { TIMER_DELAY_SEC: '-1' },
    { TIMER_DELIVER_MS: String(-Date.now()) },
    { TIMER_DELAY_SEC: '61' },
    { TIMER_DELIVER_MS: String(Date.now() + 61_000) },
    { TIMER_DELAY_MS: '99999999999999999999' },
    { TIMER_DELAY_MS: 'soon' },
  ];
  for (const props of bad) {
    const r = await put(o.store, 'bad', props);
    assert.equal(r.status, PutMessageStatus.WHEEL_TIMER_MSG_ILLEGAL, JSON.stringify(props));
  }
  assert.equal(o.store.getMaxOffsetInQueue(TIMER_TOPIC, 0), 0);
  assert.equal(o.store.getMaxOffsetInQueue('RealTopic', 1), 0);
  const past = await put(o.store, 'past', { TIMER_DELIVER_MS: String(Date.now() - 1000) });
  assert.equal(past.status, PutMessageStatus.PUT_OK, 'a time already past is delivered at once, as Java does');
  assert.equal(o.store.getMaxOffsetInQueue('RealTopic', 1), 1);
  const max = await put(o.store, 'max', { TIMER_DELAY_SEC: '60' });
  assert.equal(max.status, PutMessageStatus.PUT_OK, 'exactly timerMaxDelaySec is accepted');
});

test('timerWheelEnable=false refuses timer messages with WHEEL_TIMER_NOT_ENABLE', async (t) => {
  const root = tmpDir('mq-timer-off-');
  const o = await open(root, { timerWheelEnable: false });
  t.after(async () => {
    await o.close();
    removeDir(root);
  });
  assert.equal((await put(o.store, 'x', { TIMER_DELAY_MS: '100' })).status, PutMessageStatus.WHEEL_TIMER_NOT_ENABLE);
  assert.ok((await put(o.store, 'plain', {})).isOk);
});

test('a message beyond the roll window is rolled back through the timer queue and still delivered at its time', async (t) => {
  const root = tmpDir('mq-timer-roll-');
  // Slots of 100 ms, a window of 3 slots: a 1.2 s delay rolls at least twice.
  const o = await open(root, { timerRollWindowSlot: 3 });
  t.after(async () => {
    await o.close();
    removeDir(root);
  });
  const due = Date.now() + 1200;
  assert.ok((await put(o.store, 'rolled', { TIMER_DELIVER_MS: String(due) })).isOk);
  await pollUntil(() => o.store.getMaxOffsetInQueue('RealTopic', 1) === 1, 'the rolled delivery', 5000, 5);
  const [m] = await bodies(o.store);
  assert.ok(m!.storeTimestamp >= due, 'not early');
  assert.ok(Number(m!.getProperty('TIMER_ROLL_TIMES')) >= 1, `rolled ${m!.getProperty('TIMER_ROLL_TIMES')} times`);
  assert.ok(o.store.getMaxOffsetInQueue(TIMER_TOPIC, 0) >= 2, 'the roll went through the timer queue');
});

test('pending timer messages survive a restart: the due ones are delivered once, a 3-day one stays pending', async (t) => {
  const root = tmpDir('mq-timer-restart-');
  let o = await open(root);
  t.after(async () => {
    await o.close();
    removeDir(root);
  });
  assert.ok((await put(o.store, 'first', { TIMER_DELAY_MS: '200' })).isOk);
  await pollUntil(() => o.store.getMaxOffsetInQueue('RealTopic', 1) === 1, 'the first delivery', 5000, 5);
  const due = Date.now() + 1500;
  assert.ok((await put(o.store, 'after-restart', { TIMER_DELIVER_MS: String(due) })).isOk);
  assert.ok((await put(o.store, 'three-days', { TIMER_DELAY_SEC: String(3 * 24 * 3600) })).isOk);
  await pollUntil(() => o.timer.currQueueOffset === 3, 'both taken into the wheel', 5000, 5);
  await o.close();
  o = await open(root);
  await pollUntil(() => o.store.getMaxOffsetInQueue('RealTopic', 1) === 2, 'the delivery after the restart', 5000, 5);
  const ms = await bodies(o.store);
  assert.deepEqual(ms.map((m) => m.body.toString()), ['first', 'after-restart']);
  assert.ok(ms[1]!.storeTimestamp >= due, 'not early');
  // Once the delivered slot is behind the read time, the wheel counts only the 3-day message.
  await pollUntil(() => o.timer.runtimeInfo().get('timerCongestNum') === '1', 'the 3-day message alone in the wheel', 3000, 10);
  assert.equal(o.store.getMaxOffsetInQueue('RealTopic', 1), 2, 'nothing else delivered');
});
