// The transaction check on a real store (temp dir), with real topic, offset and producer tables and
// a recording connection in place of the producer's socket: which half messages are asked about,
// how a checked half is written again (TRANSACTION_CHECK_TIMES, Java's HashMap property order,
// against the 4.9.8 golden store and CHECK_TRANSACTION_STATE frame), the move to
// TRANS_CHECK_MAX_TIME_TOPIC after transactionCheckMax checks, immunity, and the CID_RMQ_SYS_TRANS
// offsets (kept across a restart through consumerOffset.json). The store and the check share a
// clock the test moves, so nothing sleeps: halves are made old by their born time, and each pass
// starts a millisecond after the last put, as it would on a real broker.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { type BrokerConfig, brokerConfigDef } from '../../../src/common/config/broker-config.js';
import { defaultMessageStoreConfig, type MessageStoreConfig } from '../../../src/common/config/message-store-config.js';
import { setLogLevel } from '../../../src/common/logger.js';
import { createMessageId } from '../../../src/common/message/message-id.js';
import { encodeProperties } from '../../../src/common/message/properties.js';
import { decodeMessage, decodeMessages } from '../../../src/common/message/record-codec.js';
import { encodeSocketAddress } from '../../../src/common/message/socket-address.js';
import { MessageSysFlag } from '../../../src/common/message/sysflag.js';
import type { RemotingCommand } from '../../../src/remoting/command.js';
import { decodeFrame } from '../../../src/remoting/frame.js';
import { RequestCode } from '../../../src/remoting/request-code.js';
import { MessageStore, type PutMessageInput } from '../../../src/store/index.js';
import { type ClientChannel, clientChannelInfo } from '../../../src/broker/client/client-channel.js';
import { ProducerManager } from '../../../src/broker/client/producer-manager.js';
import { ConsumerOffsetManager } from '../../../src/broker/offset/consumer-offset-manager.js';
import { halfMessage } from '../../../src/broker/processor/transaction-half.js';
import { TopicConfigManager } from '../../../src/broker/topic/topic-config-manager.js';
import { type PassTimer, TransactionalMessageCheckService } from '../../../src/broker/transaction/transactional-message-check-service.js';
import { calculateOpOffset } from '../../../src/broker/transaction/transactional-message-check.js';
import { goldenRemotingDir, goldenStoreDir, readJson } from '../../harness/fixtures.js';
import { pollUntil } from '../../harness/latch.js';
import { removeDir, tmpDir } from '../../harness/tmp.js';

setLogLevel('error');

const HALF = 'RMQ_SYS_TRANS_HALF_TOPIC';
const OP = 'RMQ_SYS_TRANS_OP_HALF_TOPIC';
const MAX = 'TRANS_CHECK_MAX_TIME_TOPIC';
const BROKER = '127.0.0.1:11911';
const PRODUCER_HOST = encodeSocketAddress('127.0.0.1', 53568);

interface Rig {
  root: string;
  store: MessageStore;
  brokerConfig: BrokerConfig;
  topics: TopicConfigManager;
  offsets: ConsumerOffsetManager;
  storeConfig: MessageStoreConfig;
  producers: ProducerManager;
  service: TransactionalMessageCheckService;
  /** CHECK_TRANSACTION_STATE requests the producer connections received (all by invokeOneway). */
  sent: RemotingCommand[];
  /** The clock of the store and the check. */
  clock: { now: number };
}

async function rig(
  t: { after(fn: () => unknown): void },
  brokerConfig: Partial<BrokerConfig> = {},
  root = tmpDir('mq-tx-check-'),
  passTimer?: PassTimer,
): Promise<Rig> {
  const cfg = defaultMessageStoreConfig({
    storePathRootDir: root,
    mappedFileSizeCommitLog: 1 << 20,
    mappedFileSizeConsumeQueue: 6000,
    maxHashSlotNum: 100,
    maxIndexNum: 400,
  });
  const clock = { now: Date.now() };
  const store = new MessageStore(cfg, { storeHost: { host: '127.0.0.1', port: 11911 }, clock: { now: () => clock.now } });
  await store.open();
  const bc: BrokerConfig = {
    ...brokerConfigDef.defaults(),
    transactionTimeOut: 300,
    transactionCheckMax: 3,
    transactionCheckInterval: 60_000,
    ...brokerConfig,
  };
  const topics = new TopicConfigManager(bc, { storeRoot: root });
  const offsets = new ConsumerOffsetManager(root);
  offsets.load();
  const producers = new ProducerManager();
  const sent: RemotingCommand[] = [];
  producers.registerProducer('txp', clientChannelInfo(recorder(sent), '127.0.0.1@1', 'JAVA', 409, Date.now()));
  const service = new TransactionalMessageCheckService({
    store,
    brokerConfig: bc,
    messageStoreConfig: cfg,
    topicConfigManager: topics,
    consumerOffsetManager: offsets,
    producerManager: producers,
    brokerAddr: BROKER,
    now: () => clock.now,
    passTimer,
  });
  t.after(async () => {
    await service.shutdown();
    await store.close();
    removeDir(root);
  });
  return { root, store, brokerConfig: bc, topics, offsets, storeConfig: cfg, producers, service, sent, clock };
}

/** A producer connection that records what the broker sends it. */
function recorder(sent: RemotingCommand[]): ClientChannel {
  return {
    remoteAddress: '127.0.0.1:53568',
    isOpen: true,
    close: () => undefined,
    invokeOneway: (r) => void sent.push(r),
    invoke: () => Promise.reject(new Error('the check is oneway')),
  };
}

/** One check pass, a millisecond after the last put. */
async function pass(r: Rig): Promise<void> {
  r.clock.now += 1;
  await r.service.checkNow();
}

let uniq = 0;
function halfInput(body: string, born: number, props: Record<string, string> = {}, group = 'txp'): PutMessageInput {
  const id = `0A0000010000${String(++uniq).padStart(20, '0')}`;
  return halfMessage({
    topic: 'TxTopic',
    queueId: 1,
    flag: 0,
    body: Buffer.from(body),
    propertiesString: encodeProperties({ KEYS: body, TRAN_MSG: 'true', UNIQ_KEY: id, PGROUP: group, WAIT: 'true', TAGS: 'TagA', ...props }),
    sysFlag: MessageSysFlag.TRANSACTION_PREPARED_TYPE,
    bornTimestamp: born,
    bornHost: PRODUCER_HOST,
  });
}

async function put(store: MessageStore, m: PutMessageInput): Promise<number> {
  const r = await store.putMessage(m);
  assert.ok(r.isOk, r.status);
  return r.queueOffset;
}

/** An op message as END_TRANSACTION writes it: tag d, body = the half message's queue offset. */
function op(store: MessageStore, halfOffset: number): Promise<number> {
  return put(store, {
    topic: OP,
    queueId: 0,
    flag: 0,
    body: Buffer.from(String(halfOffset)),
    propertiesString: encodeProperties({ WAIT: 'true', TAGS: 'd' }),
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: PRODUCER_HOST,
  });
}

async function queue(store: MessageStore, topic: string, from = 0) {
  const r = await store.getMessage('t', topic, 0, from, 100);
  return decodeMessages(Buffer.concat(r!.messageBuffers), { decompress: false });
}

function checkedBodies(sent: RemotingCommand[]): string[] {
  return sent.map((r) => decodeMessage(Buffer.from(r.body!)).body.toString());
}

test('one pass asks about old unsettled halves only, writes each again, and moves both offsets', async (t) => {
  const r = await rig(t);
  const now = r.clock.now;
  const a = await put(r.store, halfInput('a', now - 10_000));
  const b = await put(r.store, halfInput('b', now - 10_000));
  const c = await put(r.store, halfInput('c', now - 10_000));
  await put(r.store, halfInput('young', now - 100));
  await put(r.store, halfInput('after-young', now - 10_000));
  await op(r.store, b);
  assert.deepEqual([a, b, c], [0, 1, 2]);

  await pass(r);
  assert.deepEqual(checkedBodies(r.sent), ['a', 'c'], 'b is settled, and the pass stops at the young one');
  for (const req of r.sent) assert.equal(req.code, RequestCode.CHECK_TRANSACTION_STATE);
  const halves = await queue(r.store, HALF);
  assert.equal(halves.length, 7, 'a and c were written again at the end of the half queue');
  const [copyA, copyC] = halves.slice(5);
  assert.deepEqual([copyA!.body.toString(), copyA!.queueOffset, copyC!.body.toString(), copyC!.queueOffset], ['a', 5, 'c', 6]);
  assert.equal(copyA!.getProperty('TRANSACTION_CHECK_TIMES'), '1');
  assert.equal(copyA!.getProperty('WAIT'), 'true', 'the stored copy keeps its WAIT');
  assert.equal(copyA!.bornTimestamp, halves[0]!.bornTimestamp, 'born time kept, so it is due again next pass');
  assert.equal(copyA!.sysFlag, 0);

  // The request names the new copy; its body is the half with its real topic and queue.
  const h = r.sent[0]!.extFields!;
  assert.equal(h.tranStateTableOffset, '5');
  assert.equal(h.commitLogOffset, String(copyA!.commitLogOffset));
  assert.equal(h.offsetMsgId, copyA!.msgId);
  assert.equal(h.msgId, copyA!.getProperty('UNIQ_KEY'));
  assert.equal(h.transactionId, h.msgId);
  const body = decodeMessage(Buffer.from(r.sent[0]!.body!));
  assert.deepEqual([body.topic, body.queueId, body.queueOffset, body.commitLogOffset], ['TxTopic', 1, 5, copyA!.commitLogOffset]);
  assert.equal(body.getProperty('WAIT'), 'false');
  assert.equal(body.getProperty('TRANSACTION_CHECK_TIMES'), '1');
  assert.equal(body.getProperty('PGROUP'), 'txp');

  assert.equal(r.offsets.queryOffset('CID_RMQ_SYS_TRANS', HALF, 0), 3, 'half progress stops at the young one');
  assert.equal(r.offsets.queryOffset('CID_RMQ_SYS_TRANS', OP, 0), 1, 'the op message for b is used up');

  // Next pass, once the young one has aged: it and the one after it are asked about, then the copies.
  r.sent.length = 0;
  r.clock.now += 1000;
  await pass(r);
  assert.deepEqual(checkedBodies(r.sent), ['young', 'after-young', 'a', 'c']);
  assert.equal(decodeMessage(Buffer.from(r.sent[2]!.body!)).getProperty('TRANSACTION_CHECK_TIMES'), '2');
  assert.equal(r.offsets.queryOffset('CID_RMQ_SYS_TRANS', HALF, 0), 7);
});

test("a rewrite matches Java's: golden half message, rewritten store record and CHECK_TRANSACTION_STATE body", async (t) => {
  const r = await rig(t, { transactionCheckMax: 15 });
  const expected = readJson<{ messages: Array<Record<string, unknown>> }>(path.join(goldenStoreDir, 'expected.json')).messages;
  const first = expected.find((m) => m.topic === HALF && m.queueOffset === 0)!;
  const rewritten = expected.find((m) => m.topic === HALF && m.queueOffset === 10)!;
  const born = first.bornTimestamp as number;
  r.clock.now = Math.max(r.clock.now, born + 60_000);
  // However long ago the fixture was captured, its half must not count as older than the store keeps.
  r.storeConfig.fileReservedTime = 1e9;
  await put(r.store, {
    topic: HALF,
    queueId: 0,
    flag: 0,
    body: Buffer.from(first.bodyUtf8 as string),
    propertiesString: first.propertiesRaw as string,
    sysFlag: 0,
    bornTimestamp: born,
    bornHost: Buffer.from(first.bornHostRawHex as string, 'hex'),
    storeHost: Buffer.from(first.storeHostRawHex as string, 'hex'),
  });
  // The producer group in the fixture.
  r.producers.registerProducer('please_rename_unique_group_name', clientChannelInfo(recorder(r.sent), 'c', 'JAVA', 409, Date.now()));
  await pass(r);

  const [, copy] = await queue(r.store, HALF);
  assert.equal(copy!.propertiesString, rewritten.propertiesRaw, "TRANSACTION_CHECK_TIMES=1 in Java's HashMap order, WAIT kept");
  assert.equal(r.sent.length, 1);
  const golden = decodeFrame(fs.readFileSync(path.join(goldenRemotingDir, '39-CHECK_TRANSACTION_STATE-request-json.bin')));
  const goldenBody = Buffer.from(golden.body!);
  // Offsets and the store time are this store's; every other byte must be Java's.
  const ours = Buffer.from(r.sent[0]!.body!);
  assert.equal(ours.length, goldenBody.length);
  const patched = Buffer.from(goldenBody);
  patched.writeBigInt64BE(BigInt(copy!.queueOffset), 20);
  patched.writeBigInt64BE(BigInt(copy!.commitLogOffset), 28);
  ours.copy(patched, 56, 56, 64); // storeTimestamp: the original record's, which this store wrote
  assert.deepEqual(ours, patched);
  assert.equal(
    ours.readBigInt64BE(56),
    BigInt(decodeMessage((await r.store.selectOneMessageByOffset(0))!).storeTimestamp),
    'the original store time travels',
  );
  const h = r.sent[0]!.extFields!;
  assert.deepEqual(
    { ...h, commitLogOffset: undefined, tranStateTableOffset: undefined, offsetMsgId: undefined },
    { ...golden.extFields, commitLogOffset: undefined, tranStateTableOffset: undefined, offsetMsgId: undefined },
  );
  assert.equal(h.offsetMsgId, createMessageId(Buffer.from(first.storeHostRawHex as string, 'hex'), copy!.commitLogOffset));
});

test('after transactionCheckMax checks the half goes to TRANS_CHECK_MAX_TIME_TOPIC and is never asked about again', async (t) => {
  const r = await rig(t, { transactionCheckMax: 3 });
  await put(r.store, halfInput('stuck', r.clock.now - 10_000, { CUSTOM: 'kept' }));
  assert.equal(r.topics.selectTopicConfig(MAX), undefined);
  for (let n = 1; n <= 3; n++) {
    await pass(r);
    assert.equal(r.sent.length, n, `checked in pass ${n}`);
    assert.equal(decodeMessage(Buffer.from(r.sent[n - 1]!.body!)).getProperty('TRANSACTION_CHECK_TIMES'), String(n));
  }
  await pass(r);
  assert.equal(r.sent.length, 3, 'not asked a fourth time');
  const tc = r.topics.selectTopicConfig(MAX);
  assert.ok(tc, 'the topic is made on first use');
  assert.deepEqual([tc.readQueueNums, tc.writeQueueNums, tc.perm], [1, 1, 6]);
  const [moved, ...rest] = await queue(r.store, MAX);
  assert.equal(rest.length, 0);
  assert.equal(moved!.body.toString(), 'stuck');
  assert.equal(moved!.getProperty('TRANSACTION_CHECK_TIMES'), '3');
  assert.equal(moved!.getProperty('REAL_TOPIC'), 'TxTopic');
  assert.equal(moved!.getProperty('CUSTOM'), 'kept');
  assert.equal(moved!.sysFlag, 0);
  const halves = await queue(r.store, HALF);
  assert.equal(halves.length, 4, 'the original and three copies');
  assert.equal(r.offsets.queryOffset('CID_RMQ_SYS_TRANS', HALF, 0), 4, 'every copy is behind the offset');
  await pass(r);
  assert.equal(r.sent.length, 3);
  assert.equal((await queue(r.store, MAX)).length, 1);
});

test('a half immune for CHECK_IMMUNITY_TIME_IN_SECONDS is carried forward, then settled by an op for its first offset', async (t) => {
  const r = await rig(t);
  const first = await put(r.store, halfInput('immune', r.clock.now - 10_000, { CHECK_IMMUNITY_TIME_IN_SECONDS: '60' }));
  await pass(r);
  assert.equal(r.sent.length, 0, 'not asked while immune');
  const [, carried] = await queue(r.store, HALF);
  assert.equal(carried!.getProperty('TRAN_PREPARED_QUEUE_OFFSET'), String(first));
  assert.equal(r.offsets.queryOffset('CID_RMQ_SYS_TRANS', HALF, 0), 1);

  // The producer commits the original: the carried copy is settled, not written again.
  await op(r.store, first);
  await pass(r);
  assert.equal(r.sent.length, 0);
  assert.equal((await queue(r.store, HALF)).length, 2);
  assert.equal(r.offsets.queryOffset('CID_RMQ_SYS_TRANS', HALF, 0), 2);
  assert.equal(r.offsets.queryOffset('CID_RMQ_SYS_TRANS', OP, 0), 1);

  // One still unsettled once the immunity is over is asked about like any other.
  await put(r.store, halfInput('late', r.clock.now - 70_000, { CHECK_IMMUNITY_TIME_IN_SECONDS: '60' }));
  await pass(r);
  assert.deepEqual(checkedBodies(r.sent), ['late']);
});

test('progress is kept in consumerOffset.json and a restarted check goes on from it', async (t) => {
  const root = tmpDir('mq-tx-restart-');
  const first = await rig({ after: () => undefined }, {}, root);
  let done = false;
  try {
    await put(first.store, halfInput('one', first.clock.now - 10_000));
    await op(first.store, 0);
    await put(first.store, halfInput('two', first.clock.now - 10_000));
    await pass(first);
    assert.deepEqual(checkedBodies(first.sent), ['two']);
    await first.offsets.configFile.persistNow();
    done = true;
  } finally {
    await first.service.shutdown();
    await first.store.close();
    if (!done) removeDir(root);
  }
  const text = fs.readFileSync(path.join(root, 'config', 'consumerOffset.json'), 'utf8');
  // "one" settled, "two" asked about and written again at 2, where the pass stopped (written during it).
  assert.match(text, /"RMQ_SYS_TRANS_HALF_TOPIC@CID_RMQ_SYS_TRANS":\{0:2\s*\}/);
  assert.match(text, /"RMQ_SYS_TRANS_OP_HALF_TOPIC@CID_RMQ_SYS_TRANS":\{0:1\s*\}/);
  const r = await rig(t, {}, root);
  await pass(r);
  assert.deepEqual(checkedBodies(r.sent), ['two'], 'only the copy is due; "one" stays settled');
  assert.equal(decodeMessage(Buffer.from(r.sent[0]!.body!)).getProperty('TRANSACTION_CHECK_TIMES'), '2');
});

test('without a live producer of the group the half is still counted and carried forward', async (t) => {
  const r = await rig(t);
  await put(r.store, halfInput('orphan', r.clock.now - 10_000, {}, 'gone_group'));
  await pass(r);
  assert.equal(r.sent.length, 0);
  const [, copy] = await queue(r.store, HALF);
  assert.equal(copy!.getProperty('TRANSACTION_CHECK_TIMES'), '1');
});

/** Timers the test fires by hand: what is armed, and for how long. */
class HandTimer implements PassTimer {
  readonly armed = new Map<number, { fn: () => void; ms: number }>();
  private next = 0;
  set(fn: () => void, ms: number): number {
    this.armed.set(++this.next, { fn, ms });
    return this.next;
  }
  clear(handle: unknown): void {
    this.armed.delete(handle as number);
  }
  /** Fires every armed timer, as if their time had come. */
  fireAll(): void {
    const due = [...this.armed.values()];
    this.armed.clear();
    for (const d of due) d.fn();
  }
}

test('the service arms a pass every transactionCheckInterval; after shutdown none is armed or runs', async (t) => {
  const timer = new HandTimer();
  const r = await rig(t, { transactionCheckInterval: 20 }, undefined, timer);
  await put(r.store, halfInput('timed', r.clock.now - 10_000));
  r.service.start();
  assert.deepEqual([...timer.armed.values()].map((a) => a.ms), [20], 'one pass armed, transactionCheckInterval away');
  r.clock.now += 1;
  for (let n = 1; n <= 2; n++) {
    timer.fireAll();
    await pollUntil(() => r.service.passes === n && timer.armed.size === 1, `pass ${n} and the next one armed`, 5000, 5);
  }
  // The clock stands still, so the copy written by the first pass is too fresh for the next ones.
  assert.deepEqual(checkedBodies(r.sent), ['timed']);

  // Between passes: shutdown disarms the next one.
  await r.service.shutdown();
  assert.equal(timer.armed.size, 0, 'no pass armed after shutdown');

  // During a pass: shutdown waits for it, and it arms no other.
  r.service.start();
  timer.fireAll();
  await r.service.shutdown();
  assert.equal(r.service.passes, 3, 'the pass under way finished');
  assert.equal(timer.armed.size, 0, 'the pass that ended during shutdown armed no other');
  assert.deepEqual(checkedBodies(r.sent), ['timed']);
});

test('calculateOpOffset moves past used op offsets only while they follow without a gap', () => {
  assert.equal(calculateOpOffset([], 4), 4);
  assert.equal(calculateOpOffset([6, 4, 5], 4), 7);
  assert.equal(calculateOpOffset([4, 6], 4), 5);
  assert.equal(calculateOpOffset([5, 6], 4), 4);
});
