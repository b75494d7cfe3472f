// Opens the store directories written by Apache RocketMQ 4.9.8 and reads every message back
// through the commit log, the consume queues and the index, field by field against expected.json.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { goldenStoreDir, goldenStoreIpv6Dir, readJson } from '../../harness/fixtures.js';
import { closeAtEnd, storeDir, type TestContext } from '../../harness/store.js';
import { defaultMessageStoreConfig } from '../../../src/common/config/message-store-config.js';
import { MessageStore } from '../../../src/store/message-store.js';
import { GetMessageStatus } from '../../../src/store/status.js';
import { tagsFilter } from '../../../src/store/get-message.js';
import { decodeMessage, decodeMessages } from '../../../src/common/message/record-codec.js';
import { javaHashCode } from '../../../src/common/message/java-hash.js';
import { sysFlagNames } from '../../../src/common/message/sysflag.js';
import { bytesToHex } from '../../../src/common/message/message-id.js';
import { encodeSocketAddress } from '../../../src/common/message/socket-address.js';
import { Dispatcher } from '../../../src/store/dispatch.js';
import { parseDelayLevels } from '../../../src/store/delay-levels.js';

interface ExpectedMessage {
  physicalOffset: number;
  size: number;
  topic: string;
  queueId: number;
  queueOffset: number;
  tags: string | null;
  keys: string | null;
  bodyLength: number;
  bodyUtf8?: string;
  bodyBase64?: string;
  bodyDecompressedWith?: string;
  bodyDecompressedUtf8?: string;
  bodyCRC: number;
  sysFlag: number;
  sysFlagNames: string[];
  flag: number;
  bornTimestamp: number;
  bornHost: string;
  bornHostRawHex: string;
  storeTimestamp: number;
  storeHost: string;
  storeHostRawHex: string;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  propertiesLength: number;
  propertiesRaw: string;
  properties: Record<string, string>;
  offsetMsgId: string;
  uniqKey: string | null;
  expectedConsumeQueueTagsCode: number;
  inConsumeQueue: boolean;
}

interface Expected {
  messageCount: number;
  messages: ExpectedMessage[];
  consumeQueues: Record<string, Array<{ queueOffset: number; commitLogOffset: number; size: number; tagsCode: number }>>;
  indexFiles: Array<
    { header: Record<string, number>; entries: Array<{ keyHash: number; phyOffset: number; timeDiffSeconds: number; prevIndex: number }> }
  >;
}

function fixtureConfig(dir: string) {
  return defaultMessageStoreConfig({
    storePathRootDir: dir,
    mappedFileSizeCommitLog: 65536,
    mappedFileSizeConsumeQueue: 6000,
    maxHashSlotNum: 64,
    maxIndexNum: 256,
  });
}

async function openFixture(t: TestContext, from: string, host: { host: string; port: number }): Promise<MessageStore> {
  const store = closeAtEnd(t, new MessageStore(fixtureConfig(storeDir(t, from)), { storeHost: host }));
  await store.open();
  return store;
}

function checkMessage(raw: Buffer, e: ExpectedMessage): void {
  const where = `message at ${e.physicalOffset}`;
  assert.equal(raw.length, e.size, where);
  const stored = decodeMessage(raw, 0, { decompress: false });
  const m = decodeMessage(raw, 0);
  assert.equal(m.storeSize, e.size, where);
  assert.equal(m.commitLogOffset, e.physicalOffset, where);
  assert.equal(m.topic, e.topic, where);
  assert.equal(m.queueId, e.queueId, where);
  assert.equal(m.queueOffset, e.queueOffset, where);
  assert.equal(m.tags ?? null, e.tags, where);
  assert.equal(m.keys ?? null, e.keys, where);
  assert.equal(stored.body.length, e.bodyLength, where);
  if (e.bodyUtf8 !== undefined) assert.equal(stored.body.toString('utf8'), e.bodyUtf8, where);
  if (e.bodyBase64 !== undefined) assert.equal(stored.body.toString('base64'), e.bodyBase64, where);
  if (e.bodyDecompressedUtf8 !== undefined) {
    assert.equal(m.body.toString('utf8'), e.bodyDecompressedUtf8, `${where} (${e.bodyDecompressedWith})`);
  }
  assert.equal(m.bodyCRC, e.bodyCRC, where);
  assert.equal(m.sysFlag, e.sysFlag, where);
  assert.deepEqual(sysFlagNames(m.sysFlag), e.sysFlagNames, where);
  assert.equal(m.flag, e.flag, where);
  assert.equal(m.bornTimestamp, e.bornTimestamp, where);
  assert.equal(m.bornHostString, e.bornHost, where);
  assert.equal(bytesToHex(m.bornHostBytes).toLowerCase(), e.bornHostRawHex, where);
  assert.equal(m.storeTimestamp, e.storeTimestamp, where);
  assert.equal(m.storeHostString, e.storeHost, where);
  assert.equal(bytesToHex(m.storeHostBytes).toLowerCase(), e.storeHostRawHex, where);
  assert.equal(m.reconsumeTimes, e.reconsumeTimes, where);
  assert.equal(m.preparedTransactionOffset, e.preparedTransactionOffset, where);
  assert.equal(Buffer.byteLength(m.propertiesString), e.propertiesLength, where);
  assert.equal(m.propertiesString, e.propertiesRaw, where);
  assert.deepEqual(Object.fromEntries(m.properties), e.properties, where);
  assert.equal(m.msgId, e.offsetMsgId, where);
  assert.equal(m.uniqKey ?? null, e.uniqKey, where);
  if (e.topic !== 'SCHEDULE_TOPIC_XXXX') assert.equal(e.tags ? javaHashCode(e.tags) : 0, e.expectedConsumeQueueTagsCode, where);
}

/** `appended`: messages were added after Java's, so queues and the log may hold more. */
async function checkStore(store: MessageStore, expected: Expected, appended = false): Promise<void> {
  // 1. Commit log: every message by physical offset, raw and decoded.
  assert.equal(expected.messages.length, expected.messageCount);
  for (const e of expected.messages) {
    const raw = await store.selectOneMessageByOffset(e.physicalOffset);
    assert.ok(raw, `no record at ${e.physicalOffset}`);
    checkMessage(raw, e);
    const looked = await store.lookMessageByOffset(e.physicalOffset);
    assert.equal(looked?.msgId, e.offsetMsgId);
  }
  const last = expected.messages[expected.messages.length - 1]!;
  if (!appended) assert.equal(store.getMaxPhyOffset(), last.physicalOffset + last.size);
  assert.equal(store.getMinPhyOffset(), 0);

  // 2. Consume queues: the units, and every message through getMessage.
  const byOffset = new Map(expected.messages.map((m) => [m.physicalOffset, m]));
  for (const [key, units] of Object.entries(expected.consumeQueues)) {
    const slash = key.lastIndexOf('/');
    const topic = key.slice(0, slash);
    const queueId = Number(key.slice(slash + 1));
    assert.equal(store.getMinOffsetInQueue(topic, queueId), 0, key);
    if (!appended) assert.equal(store.getMaxOffsetInQueue(topic, queueId), units.length, key);
    const got = await store.queryConsumeQueue(topic, queueId, 0, units.length + (appended ? 0 : 5));
    assert.deepEqual(
      got.map((u) => ({ queueOffset: u.queueOffset, commitLogOffset: u.commitLogOffset, size: u.size, tagsCode: u.tagsCode })),
      units,
      key,
    );
    for (const u of units) {
      assert.equal(byOffset.get(u.commitLogOffset)?.expectedConsumeQueueTagsCode, u.tagsCode, `${key} unit ${u.queueOffset}`);
    }
    let offset = 0;
    const seen: number[] = [];
    while (offset < units.length) {
      const r = await store.getMessage('g', topic, queueId, offset, 32);
      assert.ok(r);
      assert.equal(r.status, GetMessageStatus.FOUND, key);
      const all = decodeMessages(r.body());
      assert.equal(all.length, r.messageCount);
      const msgs = all.filter((m) => m.queueOffset < units.length);
      msgs.forEach((m, i) => {
        assert.equal(m.queueOffset, r.messageQueueOffsets[i]);
        checkMessage(r.messageBuffers[i]!, byOffset.get(m.commitLogOffset)!);
      });
      seen.push(...msgs.map((m) => m.queueOffset));
      offset = r.nextBeginOffset;
    }
    assert.deepEqual(seen, units.map((u) => u.queueOffset), key);
    if (!appended) {
      assert.equal((await store.getMessage('g', topic, queueId, offset, 32))?.status, GetMessageStatus.OFFSET_OVERFLOW_ONE, key);
    }
  }
  const inQueues = expected.messages.filter((m) => m.inConsumeQueue).length;
  assert.equal(Object.values(expected.consumeQueues).reduce((n, u) => n + u.length, 0), inQueues);

  // 3. Index: every key and unique key finds its message (among at most 64 answers: the benchmark
  // producer gives hundreds of messages the same key, and then any 64 of them are right).
  const keysOf = (e: ExpectedMessage) => [...(e.keys ? e.keys.split(' ').filter(Boolean) : []), ...(e.uniqKey ? [e.uniqKey] : [])];
  const holders = new Map<string, ExpectedMessage[]>();
  for (const e of expected.messages) {
    for (const k of keysOf(e)) {
      const id = `${e.topic}#${k}`;
      if (!holders.has(id)) holders.set(id, []);
      holders.get(id)!.push(e);
    }
  }
  for (const [id, msgs] of holders) {
    const k = id.slice(id.indexOf('#') + 1);
    const q = await store.queryMessage(msgs[0]!.topic, k, 64, 0, Number.MAX_SAFE_INTEGER);
    const found = decodeMessages(Buffer.concat(q.messageBuffers));
    if (msgs.length <= 64) {
      for (const e of msgs) {
        assert.ok(found.some((m) => m.commitLogOffset === e.physicalOffset), `key ${id} does not find ${e.physicalOffset}`);
      }
    } else {
      assert.equal(found.length, 64, id);
      for (const m of found) assert.ok(keysOf(byOffset.get(m.commitLogOffset)!).includes(k), id);
    }
  }
}

test('reads the IPv4 store written by RocketMQ 4.9.8', async (t) => {
  const expected = readJson<Expected>(path.join(goldenStoreDir, 'expected.json'));
  const store = await openFixture(t, goldenStoreDir, { host: '127.0.0.1', port: 11911 });
  assert.equal(store.recovery?.lastExitOK, true);
  await checkStore(store, expected);

  // Tag filtering on the consume queue: only TagB messages of TopicTest1234.
  const tagB = javaHashCode('TagB');
  const r = await store.getMessage('g', 'TopicTest1234', 1, 0, 32, undefined, tagsFilter([tagB]));
  assert.ok(r && r.status === GetMessageStatus.FOUND);
  for (const m of decodeMessages(r.body())) assert.equal(m.tags, 'TagB');

  // The compressed messages: zlib (769) and LZ4 (257) bodies decompress to the same 5,000 bytes.
  const zlibMsg = expected.messages.find((m) => m.sysFlag === 769)!;
  const lz4Msg = expected.messages.find((m) => m.sysFlag === 257)!;
  const a = await store.lookMessageByOffset(zlibMsg.physicalOffset);
  const b = await store.lookMessageByOffset(lz4Msg.physicalOffset);
  assert.equal(a?.body.length, 5000);
  assert.deepEqual(a?.body, b?.body);
});

test('reads the IPv6 store written by RocketMQ 4.9.8', async (t) => {
  const expected = readJson<Expected>(path.join(goldenStoreIpv6Dir, 'expected.json'));
  const store = await openFixture(t, goldenStoreIpv6Dir, { host: '::1', port: 11921 });
  await checkStore(store, expected);
  for (const e of expected.messages) assert.equal(e.offsetMsgId.length, 56);
});

test('appends after the 4.9.8 data and reopens', async (t) => {
  const expected = readJson<Expected>(path.join(goldenStoreDir, 'expected.json'));
  const dir = storeDir(t, goldenStoreDir);
  const cfg = fixtureConfig(dir);
  const host = { host: '127.0.0.1', port: 11911 };
  let store = closeAtEnd(t, new MessageStore(cfg, { storeHost: host }));
  await store.open();
  const before = store.getMaxOffsetInQueue('FxTopic', 0);
  const put = await store.putMessage({
    topic: 'FxTopic',
    queueId: 0,
    flag: 0,
    body: Buffer.from('after java'),
    propertiesString: 'KEYS\u0001AfterJava\u0002TAGS\u0001TagA',
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: encodeSocketAddress('127.0.0.1', 40000),
  });
  assert.equal(put.status, 'PUT_OK');
  assert.equal(put.queueOffset, before);
  assert.equal(
    put.wroteOffset,
    expected.messages[expected.messages.length - 1]!.physicalOffset + expected.messages[expected.messages.length - 1]!.size,
  );
  await store.close();
  store = closeAtEnd(t, new MessageStore(cfg, { storeHost: host }));
  await store.open();
  assert.equal(store.getMaxOffsetInQueue('FxTopic', 0), before + 1);
  const q = await store.queryMessage('FxTopic', 'AfterJava', 32, 0, Number.MAX_SAFE_INTEGER);
  assert.equal(decodeMessages(Buffer.concat(q.messageBuffers))[0]?.body.toString(), 'after java');
  await checkStore(store, expected, true);
});

test('rebuilds the consume queues and the index from the 4.9.8 commit log alone', async (t) => {
  const expected = readJson<Expected>(path.join(goldenStoreDir, 'expected.json'));
  const dir = storeDir(t, goldenStoreDir);
  fs.rmSync(path.join(dir, 'consumequeue'), { recursive: true });
  fs.rmSync(path.join(dir, 'index'), { recursive: true });
  const store = closeAtEnd(
    t,
    new MessageStore(fixtureConfig(dir), { storeHost: { host: '127.0.0.1', port: 11911 }, clock: { now: () => 1795769752624 } }),
  );
  await store.open();
  assert.equal(store.recovery?.replayedRecords, expected.messageCount);
  await checkStore(store, expected);
  await store.close();

  // The rebuilt index files hold the same entries as Java's, split across files at the same points.
  const names = fs.readdirSync(path.join(dir, 'index')).sort();
  assert.equal(names.length, expected.indexFiles.length);
  names.forEach((name, f) => {
    const b = fs.readFileSync(path.join(dir, 'index', name));
    const want = expected.indexFiles[f]!;
    assert.equal(b.readInt32BE(36), want.header.indexCount, name);
    assert.equal(Number(b.readBigInt64BE(16)), want.header.beginPhyOffset, name);
    assert.equal(Number(b.readBigInt64BE(24)), want.header.endPhyOffset, name);
    assert.equal(b.readInt32BE(32), want.header.hashSlotCount, name);
    want.entries.forEach((e, i) => {
      const p = 40 + 64 * 4 + (i + 1) * 20;
      assert.deepEqual(
        [b.readInt32BE(p), Number(b.readBigInt64BE(p + 4)), b.readInt32BE(p + 16)],
        [e.keyHash, e.phyOffset, e.prevIndex],
        `${name} entry ${i + 1}`,
      );
    });
  });
});

test('derives every consume-queue tag code of the 4.9.8 store, scheduled messages included', () => {
  const expected = readJson<Expected>(path.join(goldenStoreDir, 'expected.json'));
  const d = new Dispatcher(null as never, null as never, false, parseDelayLevels(defaultMessageStoreConfig().messageDelayLevel));
  for (const e of expected.messages) {
    assert.equal(d.tagsCode(e.topic, e.propertiesRaw, e.storeTimestamp), e.expectedConsumeQueueTagsCode, `message at ${e.physicalOffset}`);
  }
});
