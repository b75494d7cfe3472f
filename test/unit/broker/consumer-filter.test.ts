// The broker's SQL92 pieces: the consumer filter manager (registration rules by subscription
// version, death and revival, cleaning, consumerFilter.json as Java writes and reads it), the
// message filter on real stored records through the store's getMessage, and the CHECK_CLIENT_CONFIG
// and pull checks with their response codes and remarks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ConsumerFilterManager, isDead } from '../../../src/broker/filter/consumer-filter-manager.js';
import { ExpressionMessageFilter, recordProperties } from '../../../src/broker/filter/expression-message-filter.js';
import {
  checkClientFilterConfig,
  isFilterRefusal,
  type PullFilterInput,
  pullMessageFilter,
} from '../../../src/broker/filter/sql-subscription.js';
import { ResponseCode } from '../../../src/remoting/response-code.js';
import { GetMessageStatus, type MessageFilter, tagsFilter } from '../../../src/store/index.js';
import { tmpDir } from '../../harness/tmp.js';
import { msg, openStore } from '../../harness/store.js';

// What Java 4.9's ConsumerFilterManager (bloom filter 20%/64, as its test constructor makes it)
// wrote for two registrations and one group that had unregistered.
const JAVA_FILE = `{
\t"filterDataByTopic":{
\t\t"TopicC":{
\t\t\t"groupFilterData":{
\t\t\t\t"G3":{
\t\t\t\t\t"bloomFilterData":{
\t\t\t\t\t\t"bitNum":216,
\t\t\t\t\t\t"bitPos":[139,90,174]
\t\t\t\t\t},
\t\t\t\t\t"bornTime":1796479125962,
\t\t\t\t\t"clientVersion":7,
\t\t\t\t\t"consumerGroup":"G3",
\t\t\t\t\t"dead":true,
\t\t\t\t\t"deadTime":1796479125966,
\t\t\t\t\t"expression":"TRUE",
\t\t\t\t\t"expressionType":"SQL92",
\t\t\t\t\t"topic":"TopicC"
\t\t\t\t}
\t\t\t},
\t\t\t"topic":"TopicC"
\t\t},
\t\t"TopicA":{
\t\t\t"groupFilterData":{
\t\t\t\t"G1":{
\t\t\t\t\t"bloomFilterData":{
\t\t\t\t\t\t"bitNum":216,
\t\t\t\t\t\t"bitPos":[63,175,71]
\t\t\t\t\t},
\t\t\t\t\t"bornTime":1796479125805,
\t\t\t\t\t"clientVersion":123,
\t\t\t\t\t"consumerGroup":"G1",
\t\t\t\t\t"dead":false,
\t\t\t\t\t"deadTime":0,
\t\t\t\t\t"expression":"a > 1 AND b = 'x''y'",
\t\t\t\t\t"expressionType":"SQL92",
\t\t\t\t\t"topic":"TopicA"
\t\t\t\t}
\t\t\t},
\t\t\t"topic":"TopicA"
\t\t}
\t}
}`;

function manager(dir: string, clock: { now: number }, over: Partial<{ f: number; n: number }> = {}): ConsumerFilterManager {
  return new ConsumerFilterManager(dir, {
    maxErrorRateOfBloomFilter: over.f ?? 20,
    expectConsumerNumUseFilter: over.n ?? 64,
    filterDataCleanTimeSpan: 24 * 3600 * 1000,
    now: () => clock.now,
  });
}

test('registration follows the subscription version; bad expressions register nothing', (t) => {
  const clock = { now: 1_000 };
  const m = manager(tmpDir('mq-cf-', t), clock);
  assert.equal(m.register('T', 'G', 'a > 1', 'SQL92', 10), true);
  const first = m.get('T', 'G')!;
  assert.equal(first.bornTime, 1_000);
  assert.deepEqual(first.bloomFilterData, m.bloomFilter.generate('G#T'));
  assert.equal(first.compiledExpression?.toString(), '(a > 1)');
  assert.equal(m.register('T', 'G', 'a > 2', 'SQL92', 10), false, 'same version: kept');
  assert.equal(m.register('T', 'G', 'a > 2', 'SQL92', 9), false, 'older version: kept');
  assert.equal(m.get('T', 'G'), first);
  assert.equal(m.register('T', 'G', 'a > 1', 'SQL92', 11), true, 'newer version, same expression');
  assert.equal(m.get('T', 'G'), first);
  assert.equal(first.clientVersion, 11);
  clock.now = 2_000;
  assert.equal(m.register('T', 'G', 'a > 2', 'SQL92', 12), true, 'newer version, new expression');
  assert.notEqual(m.get('T', 'G'), first);
  assert.equal(m.get('T', 'G')!.bornTime, 2_000);
  assert.equal(m.register('T', 'G', 'a >', 'SQL92', 13), false, 'a newer expression that does not compile drops the old one');
  assert.equal(m.get('T', 'G'), undefined);
  assert.equal(m.register('T', 'H', 'a >', 'SQL92', 1), false);
  assert.equal(m.get('T', 'H'), undefined);
  assert.equal(m.register('T', 'G', 'TagA', 'TAG', 20), false);
  assert.equal(m.register('T', 'G', '', 'SQL92', 20), false);
});

test('groups die when unregistered or when they drop a topic, revive with the same version, and are cleaned', (t) => {
  const clock = { now: 5_000 };
  const m = manager(tmpDir('mq-cf-', t), clock);
  m.registerGroup('G', [
    { topic: 'A', subString: 'x = 1', expressionType: 'SQL92', subVersion: 1 },
    { topic: 'B', subString: 'y = 1', expressionType: 'SQL92', subVersion: 1 },
    { topic: 'C', subString: '*', expressionType: 'TAG', subVersion: 1 },
  ]);
  assert.deepEqual(m.getByGroup('G').map((d) => d.topic).sort(), ['A', 'B']);
  clock.now = 6_000;
  m.registerGroup('G', [{ topic: 'A', subString: 'x = 1', expressionType: 'SQL92', subVersion: 1 }]);
  assert.equal(isDead(m.get('B', 'G')!), true);
  assert.equal(m.get('B', 'G')!.deadTime, 6_000);
  assert.equal(isDead(m.get('A', 'G')!), false);
  m.unregister('G');
  assert.equal(isDead(m.get('A', 'G')!), true);
  assert.equal(m.register('A', 'G', 'x = 1', 'SQL92', 1), true, 'the same version revives it');
  assert.equal(isDead(m.get('A', 'G')!), false);
  clock.now = 6_000 + 24 * 3600 * 1000;
  m.clean();
  assert.equal(m.get('B', 'G'), undefined);
  assert.ok(m.get('A', 'G'));
  assert.deepEqual(m.getByTopic('B'), []);
});

test("consumerFilter.json: Java's file is read, and written back in Java's layout", async (t) => {
  const dir = tmpDir('mq-cf-', t);
  const clock = { now: 1796479125805 + 60_000 };
  const file = path.join(dir, 'config', 'consumerFilter.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JAVA_FILE);
  const m = manager(dir, clock);
  m.load();
  const g1 = m.get('TopicA', 'G1')!;
  assert.equal(g1.expression, "a > 1 AND b = 'x''y'");
  assert.equal(g1.compiledExpression?.toString(), "((a > 1) && (b == 'x''y'))");
  // Loaded filters count as dead 30 s ago until their consumers come back.
  assert.equal(g1.deadTime, clock.now - 30_000);
  assert.equal(m.get('TopicC', 'G3')!.deadTime, 1796479125966);
  assert.equal(m.register('TopicA', 'G1', "a > 1 AND b = 'x''y'", 'SQL92', 123), true);
  assert.equal(g1.deadTime, 0);
  await m.configFile.persistNow();
  const written = fs.readFileSync(file, 'utf8');
  assert.equal(written, JAVA_FILE, 'byte for byte what Java wrote');
  // A fresh manager reads our file back the same.
  const again = manager(dir, clock);
  again.load();
  assert.equal(
    again.encode(true),
    written.replace('"dead":false,\n\t\t\t\t\t"deadTime":0', `"dead":true,\n\t\t\t\t\t"deadTime":${clock.now - 30_000}`),
  );
  assert.equal(
    again.encode(false).startsWith(
      '{"filterDataByTopic":{"TopicC":{"groupFilterData":{"G3":{"bloomFilterData":{"bitNum":216,"bitPos":[139,90,174]},',
    ),
    true,
  );
});

test('a persisted file from a bloom filter of another size is ignored whole', (t) => {
  const dir = tmpDir('mq-cf-', t);
  const m = manager(dir, { now: 1 }, { f: 20, n: 32 });
  m.decode(JAVA_FILE);
  assert.equal(m.get('TopicA', 'G1'), undefined);
  assert.equal(m.encode(), '{"filterDataByTopic":{}}');
});

test('the message filter evaluates the stored records: user and system properties, through getMessage', async (t) => {
  const { store } = await openStore(t);
  const props: Array<Record<string, string>> = [
    { a: '1', TAGS: 'TagA' },
    { a: '4', TAGS: 'TagB' },
    { a: 'x', TAGS: 'TagA' },
    { TAGS: 'TagA' },
    { a: '5', b: "it's", KEYS: 'k5' },
  ];
  for (const p of props) assert.equal((await store.putMessage(msg('SqlTopic', 0, 'body', p))).status, 'PUT_OK');
  const m = manager(tmpDir('mq-cf-', t), { now: 1 });
  let version = 0;
  const select = async (expr: string): Promise<string[]> => {
    assert.equal(m.register('SqlTopic', 'G', expr, 'SQL92', ++version), true);
    const r = await store.getMessage('G', 'SqlTopic', 0, 0, 32, undefined, new ExpressionMessageFilter(m.get('SqlTopic', 'G')));
    return r!.messageBuffers.map((b) =>
      recordProperties(b).split('\u0002').filter((kv) => kv.startsWith('a\u0001') || kv.startsWith('KEYS')).join(',') || '-'
    );
  };
  assert.deepEqual(await select('a BETWEEN 3 AND 5'), ['a\u00014', 'a\u00015,KEYS\u0001k5']);
  assert.deepEqual(await select("TAGS = 'TagA'"), ['a\u00011', 'a\u0001x', '-']);
  assert.deepEqual(await select("b = 'it''s' AND KEYS IS NOT NULL"), ['a\u00015,KEYS\u0001k5']);
  assert.deepEqual(await select('a IS NULL'), ['-']);
  const none = await store.getMessage('G', 'SqlTopic', 0, 0, 32, undefined, new ExpressionMessageFilter(m.get('SqlTopic', 'G')!));
  assert.equal(none!.messageCount, 1);
  assert.equal(m.register('SqlTopic', 'G', 'a > 100', 'SQL92', ++version), true);
  const r = await store.getMessage('G', 'SqlTopic', 0, 0, 32, undefined, new ExpressionMessageFilter(m.get('SqlTopic', 'G')!));
  assert.equal(r!.messageCount, 0);
  assert.equal(r!.status, GetMessageStatus.NO_MATCHED_MESSAGE);
  assert.equal(r!.nextBeginOffset, 5);
  // Arrival checks on a raw properties string, and no filter data: everything matches.
  const f = new ExpressionMessageFilter(m.get('SqlTopic', 'G'));
  assert.equal(f.isMatchedByProperties('a\u0001101'), true);
  assert.equal(f.isMatchedByProperties('a\u0001100'), false);
  assert.equal(new ExpressionMessageFilter(null).isMatchedByCommitLog(r!.messageBuffers[0] ?? Buffer.alloc(0)), true);
});

test('CHECK_CLIENT_CONFIG: TAG passes, SQL92 needs enablePropertyFilter and an expression that compiles', () => {
  assert.equal(checkClientFilterConfig({ expressionType: 'TAG', subString: 'a || b' }, false), null);
  assert.equal(checkClientFilterConfig(null, false), null);
  assert.deepEqual(checkClientFilterConfig({ expressionType: 'SQL92', subString: 'a = 1' }, false), {
    code: ResponseCode.SYSTEM_ERROR,
    remark: 'The broker does not support consumer to filter message by SQL92',
  });
  assert.equal(checkClientFilterConfig({ expressionType: 'SQL92', subString: 'a = 1' }, true), null);
  const bad = checkClientFilterConfig({ expressionType: 'SQL92', subString: 'a = NULL' }, true);
  assert.deepEqual(bad, { code: ResponseCode.SUBSCRIPTION_PARSE_FAILED, remark: "java.lang.RuntimeException: 'NULL' cannot be compared." });
});

test('pull checks: filter data must exist and be recent; enablePropertyFilter; retry topics with filterSupportRetry', (t) => {
  const m = manager(tmpDir('mq-cf-', t), { now: 1 });
  const base: PullFilterInput = {
    topic: 'T',
    consumerGroup: 'G',
    expressionType: 'SQL92',
    subVersion: 5,
    tagFilter: null,
    manager: m,
    enablePropertyFilter: true,
    filterSupportRetry: false,
  };
  assert.deepEqual(pullMessageFilter(base), {
    code: ResponseCode.FILTER_DATA_NOT_EXIST,
    remark: "The broker's consumer filter data is not exist!Your expression may be wrong!",
  });
  m.register('T', 'G', 'a = 1', 'SQL92', 4);
  assert.deepEqual(pullMessageFilter(base), {
    code: ResponseCode.FILTER_DATA_NOT_LATEST,
    remark: "the consumer's consumer filter data not latest",
  });
  m.register('T', 'G', 'a = 1', 'SQL92', 5);
  const f = pullMessageFilter(base);
  assert.ok(f instanceof ExpressionMessageFilter);
  assert.equal(f.isMatchedByProperties('a\u00011'), true);
  assert.deepEqual(pullMessageFilter({ ...base, enablePropertyFilter: false }), {
    code: ResponseCode.SYSTEM_ERROR,
    remark: 'The broker does not support consumer to filter message by SQL92',
  });
  // A subscription carried by the request is compiled on the spot.
  const carried = pullMessageFilter({ ...base, consumerGroup: 'Other', requestExpression: 'b = 2' });
  assert.ok(
    carried instanceof ExpressionMessageFilter && carried.isMatchedByProperties('b\u00012') && !carried.isMatchedByProperties('b\u00013'),
  );
  assert.deepEqual(pullMessageFilter({ ...base, requestExpression: 'b ==' }), {
    code: ResponseCode.SUBSCRIPTION_PARSE_FAILED,
    remark: "parse the consumer's subscription failed",
  });
  // TAG subscriptions keep their tag filter.
  const tags = tagsFilter([123]);
  assert.equal(pullMessageFilter({ ...base, expressionType: 'TAG', tagFilter: tags, enablePropertyFilter: false }), tags);
  // %RETRY%G with filterSupportRetry: the group's filter of the message's original topic.
  const retry = pullMessageFilter({ ...base, topic: '%RETRY%G', expressionType: 'TAG', tagFilter: tags, filterSupportRetry: true }) as
    & MessageFilter
    & { isMatchedByProperties(p: string): boolean };
  assert.ok(!isFilterRefusal(retry));
  assert.equal(retry.isMatchedByConsumeQueue(123), true);
  assert.equal(retry.isMatchedByConsumeQueue(124), false);
  assert.equal(retry.isMatchedByProperties('RETRY_TOPIC\u0001T\u0002a\u00011'), true);
  assert.equal(retry.isMatchedByProperties('RETRY_TOPIC\u0001T\u0002a\u00012'), false);
  assert.equal(retry.isMatchedByProperties('RETRY_TOPIC\u0001Unfiltered\u0002a\u00012'), true);
});
