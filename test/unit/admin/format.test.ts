// mqadmin's output, byte for byte: the printf subset, headers and rows against what the real
// mqadmin 4.9.8 printed (test/fixtures/rocketmq-4.9.8/store/mqadmin-crosscheck.txt and a live
// clusterList), message detail blocks of messages decoded from the golden store, properties in
// Java HashMap order, MQVersion names and the timestamp options.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { frontStringAtLeast, jformat } from '../../../src/admin/format/printf.js';
import { javaHashMapOrder, javaHashOrder, javaMapToString, messageQueueHashCode } from '../../../src/admin/format/java-hashmap.js';
import { MQ_VERSION_COUNT, mqVersionDesc } from '../../../src/admin/format/mq-version.js';
import { formatDateTime, parseTimestampArg, timeMillisToHumanString2 } from '../../../src/admin/format/time.js';
import { groupProgressFooter, groupProgressHeader, queueProgressLine } from '../../../src/admin/format/group-format.js';
import { topicStatusHeader, topicStatusLine } from '../../../src/admin/format/topic-format.js';
import { keyQueryHeader, keyQueryLine, messageDetailLines, messageTrackLines } from '../../../src/admin/format/message-format.js';
import { clusterBaseFigures, clusterBaseHeader, clusterBaseLine, clusterMoreHeader } from '../../../src/admin/format/cluster-format.js';
import { decodeMessageExt } from '../../../src/client/message/decode.js';
import type { MessageExt } from '../../../src/client/message/message-ext.js';
import { goldenStoreDir } from '../../harness/fixtures.js';

const crosscheck = fs.readFileSync(path.join(goldenStoreDir, 'mqadmin-crosscheck.txt'), 'utf8');

/** The lines of one "----- name" section of the crosscheck file. */
function section(name: string): string[] {
  const start = crosscheck.indexOf(`----- ${name}\n`);
  assert.ok(start >= 0, name);
  const body = crosscheck.slice(start + name.length + 7);
  const end = body.indexOf('\n----- ');
  return (end < 0 ? body : body.slice(0, end)).split('\n');
}

/** A stored message of the golden store, read straight from its commit-log segment. */
function storedMessage(physicalOffset: number): MessageExt {
  const seg = 65536;
  const base = Math.floor(physicalOffset / seg) * seg;
  const file = path.join(goldenStoreDir, 'commitlog', String(base).padStart(20, '0'));
  const m = decodeMessageExt(fs.readFileSync(file), physicalOffset - base);
  assert.ok(m, `message at ${physicalOffset}`);
  return m;
}

test("jformat: widths, alignment, precision and Java's null", () => {
  assert.equal(jformat('%-6s|%6s|%s', 'ab', 'cd', null), 'ab    |    cd|null');
  assert.equal(jformat('%-4d|%4d|%04d|%d', 7, -7, 7, 12345678901234n), '7   |  -7|0007|12345678901234');
  assert.equal(jformat('%.2f|%9.2f|%2.2f|%.4f', 7.775, 3, 0.005, 0.17), '7.78|     3.00|0.01|0.1700');
  assert.equal(jformat('%.2f', -0.001), '0.00');
  assert.equal(jformat('a%nb%%'), 'a\nb%');
  assert.equal(jformat('%-3s', 'longer'), 'longer');
  assert.equal(frontStringAtLeast('abcdef', 3), 'abc');
  assert.equal(frontStringAtLeast(null, 3), null);
  assert.throws(() => jformat('%d', 'x'), /integer/);
});

test('consumerProgress, topicStatus and queryMsgByKey lines equal real mqadmin output', () => {
  const progress = section('consumerProgress');
  assert.equal(groupProgressHeader(false), progress[0]);
  // The row Java printed for a queue never consumed (no timestamp: N/A).
  assert.equal(
    queueProgressLine({
      topic: '%RETRY%FxConsumerGroup',
      brokerName: 'broker-a',
      queueId: 0,
      brokerOffset: 0,
      consumerOffset: 0,
      diff: 0,
      lastTimestamp: 0,
    }),
    progress[1],
  );
  const fx = { topic: 'FxTopic', brokerName: 'broker-fx', queueId: 1, brokerOffset: 109, consumerOffset: 109, diff: 0, lastTimestamp: 1 };
  assert.equal(queueProgressLine(fx).replace(/\S+ \S+$/, ''), progress[4]!.replace(/\S+ \S+$/, ''));
  assert.deepEqual(groupProgressFooter({ group: 'g', queues: [], consumeTps: 7.77, diffTotal: 0 }), [
    '',
    'Consume TPS: 7.77',
    'Diff Total: 0',
  ]);
  assert.deepEqual(progress.slice(5, 8), ['', 'Consume TPS: 7.77', 'Diff Total: 0']);
  assert.match(groupProgressHeader(true), /#Consumer Offset {6}#Client IP {11}#Diff/);

  const status = section('topicStatus');
  assert.equal(topicStatusHeader(), status[0]);
  const row = topicStatusLine({ brokerName: 'broker-fx', queueId: 0, minOffset: 0, maxOffset: 112, lastUpdateTimestamp: 1 });
  assert.equal(row.slice(0, 84), status[1]!.slice(0, 84));
  assert.equal(
    topicStatusLine({ brokerName: 'b', queueId: 0, minOffset: 0, maxOffset: 0, lastUpdateTimestamp: 0 }).trimEnd(),
    jformat('%-32s  %-4d  %-20d  %-20d', 'b', 0, 0, 0).trimEnd(),
  );

  const byKey = section('k1');
  assert.equal(keyQueryHeader(), byKey[0]);
});

test('queryMsgById and queryMsgByOffset blocks of golden messages equal real mqadmin output (but for the zone-dependent times)', () => {
  for (
    const [name, offset, pull] of [['q0', 0, false], ['q4', 843, false], ['q5', 1089, false], ['q6', 1360, false], ['o1', 6367, true], [
      'o2',
      175674,
      true,
    ]] as const
  ) {
    let m = storedMessage(offset);
    if (pull) {
      // A pulled message carries the queue's offsets at pull time, as the Java consumer adds them.
      const seg = Math.floor(offset / 65536) * 65536;
      const buf = fs.readFileSync(path.join(goldenStoreDir, 'commitlog', String(seg).padStart(20, '0')));
      m = decodeMessageExt(buf, offset - seg, { brokerName: 'broker-fx', minOffset: 0, maxOffset: 109 })!;
    }
    const expected = section(name);
    const ours = messageDetailLines(m, expected[14]!.slice(21), true);
    for (let i = 0; i < ours.length; i++) {
      if (/Timestamp:/.test(ours[i]!)) continue;
      assert.equal(ours[i], expected[i], `${name} line ${i}`);
    }
    assert.match(ours[8]!, /^Born Timestamp: {6}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}$/);
  }
  assert.deepEqual(messageTrackLines([]), ['', '', 'WARN: No Consumer']);
  assert.deepEqual(
    messageTrackLines([{
      consumerGroup: 'FxConsumerGroup',
      trackType: 'NOT_ONLINE',
      exceptionDesc: 'CODE:206 DESC:the consumer group[FxConsumerGroup] not online',
    }]).at(-1),
    section('q0')[17]!.replace(/rc=0$/, ''),
  );
  const k1 = storedMessage(storedOffsetOfKey('FxKeyB2'));
  assert.equal(keyQueryLine(k1), section('k1')[1]);
});

/** Commit-log offset of the message with a given key, from the golden expected.json. */
function storedOffsetOfKey(key: string): number {
  const expected = JSON.parse(fs.readFileSync(path.join(goldenStoreDir, 'expected.json'), 'utf8')) as {
    messages: Array<{ keys: string | null; physicalOffset: number; topic: string }>;
  };
  const m = expected.messages.find((x) => x.topic === 'FxTopic' && (x.keys ?? '').split(' ').includes(key));
  assert.ok(m, key);
  return m.physicalOffset;
}

test('Java HashMap order: properties print as Java prints them; MessageQueue sets iterate as HashSet does', () => {
  const m = new Map([['KEYS', 'FxKeyJson'], ['UNIQ_KEY', 'U'], ['CLUSTER', 'FixtureCluster'], ['TAGS', 'TagJson'], ['MIN_OFFSET', '0'], [
    'MAX_OFFSET',
    '109',
  ]]);
  assert.equal(javaMapToString(m), '{MIN_OFFSET=0, MAX_OFFSET=109, KEYS=FxKeyJson, UNIQ_KEY=U, CLUSTER=FixtureCluster, TAGS=TagJson}');
  assert.deepEqual(javaHashMapOrder(new Map([['UNIQ_KEY', 1], ['CLUSTER', 2]])).map(([k]) => k), ['UNIQ_KEY', 'CLUSTER']);
  // 13 keys force a resize to 32 buckets; order must still follow the bucket index.
  const many = new Map(Array.from({ length: 13 }, (_, i) => [`k${i}`, i] as [string, number]));
  const order = javaHashMapOrder(many).map(([k]) => k);
  assert.equal(order.length, 13);
  assert.deepEqual(new Set(order), new Set(many.keys()));
  const mqs = [0, 1, 2, 3].map((q) => ({ topic: 'T', brokerName: 'broker-a', queueId: q }));
  assert.deepEqual(javaHashOrder(mqs, messageQueueHashCode).map((q) => q.queueId).sort(), [0, 1, 2, 3]);
  // MessageQueue.hashCode of (T, broker-a, 0): 31*(31*(31+"broker-a".hashCode())+0)+"T".hashCode()
  const h = (s: string) => [...s].reduce((a, c) => (Math.imul(31, a) + c.charCodeAt(0)) | 0, 0);
  assert.equal(messageQueueHashCode(mqs[0]!), (Math.imul(31, Math.imul(31, 31 + h('broker-a')) + 0) + h('T')) | 0);
});

test('MQVersion names by ordinal', () => {
  assert.equal(MQ_VERSION_COUNT, 612);
  assert.equal(mqVersionDesc(0), 'V3_0_0_SNAPSHOT');
  assert.equal(mqVersionDesc(15), 'V3_0_0_FINAL');
  assert.equal(mqVersionDesc(28), 'V3_0_7_SNAPSHOT');
  assert.equal(mqVersionDesc(62), 'V3_1_8_SNAPSHOT');
  assert.equal(mqVersionDesc(401), 'V4_9_4');
  assert.equal(mqVersionDesc(409), 'V4_9_8');
  assert.equal(mqVersionDesc(413), 'V5_0_0');
  assert.equal(mqVersionDesc(611), 'V5_9_9');
  assert.equal(mqVersionDesc(10_000), 'V5_9_9');
});

test('timestamps: mqadmin formats and the -s/-b/-e option forms', () => {
  const t = new Date(2026, 10, 27, 8, 5, 9, 7).getTime();
  assert.equal(formatDateTime(t), '2026-11-27 08:05:09');
  assert.equal(timeMillisToHumanString2(t), '2026-11-27 08:05:09,007');
  assert.equal(parseTimestampArg('s', '2026-11-27#08:05:09:007'), t);
  assert.equal(parseTimestampArg('s', String(t)), t);
  assert.equal(parseTimestampArg('s', 'now', true), -1);
  assert.throws(() => parseTimestampArg('s', 'now'), /-s must be currentTimeMillis or yyyy-MM-dd#HH:mm:ss:SSS, not "now"/);
  assert.throws(() => parseTimestampArg('b', '2026-02-30#00:00:00:000'), /-b must be/);
});

test('clusterList lines equal a real mqadmin clusterList of our broker', () => {
  // What MQAdminStartup 4.9.8 printed against an mq broker (header and row).
  assert.equal(
    clusterBaseHeader(),
    '#Cluster Name     #Broker Name            #BID  #Addr                  #Version                #InTPS(LOAD)       #OutTPS(LOAD) #PCWait(ms) #Hour #SPACE',
  );
  const now = 1_000_000_000;
  const stats = new Map([
    ['brokerVersionDesc', 'V4_9_8'],
    ['putTps', '0.0 0.0 0.0'],
    ['getTransferedTps', '0.0 0.0 0.0'],
    ['sendThreadPoolQueueSize', '0'],
    ['sendThreadPoolQueueHeadWaitTimeMills', '0'],
    ['pullThreadPoolQueueSize', '0'],
    ['pullThreadPoolQueueHeadWaitTimeMills', '0'],
    ['pageCacheLockTimeMills', '0'],
    ['earliestMessageTimeStamp', String(now - 108_000)],
    ['commitLogDiskRatio', '0.17'],
  ]);
  const line = clusterBaseLine(
    clusterBaseFigures({ cluster: 'DefaultCluster', brokerName: 'broker-a', brokerId: 0, addr: '127.0.0.1:37435', stats }, now),
  );
  assert.equal(
    line,
    'DefaultCluster    broker-a                0     127.0.0.1:37435        V4_9_8                   0.00(0,0ms)         0.00(0,0ms)          0  0.03 0.1700',
  );
  const down = clusterBaseLine(
    clusterBaseFigures({ cluster: 'C', brokerName: 'b', brokerId: 0, addr: 'x:1', stats: { error: 'connect to x:1 failed' } }, now),
  );
  assert.match(down, /^C {17}b {23}0 {5}x:1 +0\.00\(,ms\) +0\.00\(,ms\) +0\.00 0\.0000$/);
  assert.equal(
    clusterMoreHeader(),
    '#Cluster Name     #Broker Name                       #InTotalYest  #OutTotalYest  #InTotalToday #OutTotalToday',
  );
});
