// Codecs of the protocol definitions that have no captured frame: round trips, what fastjson and
// strict-JSON writers send, Java defaults, and refusal of malformed input. Also defineHeader itself.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RemotingCommandError } from '../../../src/remoting/errors.js';
import { defineHeader, h } from '../../../src/remoting/header.js';
import { BrokerStatsData, decodeBrokerStatsData, encodeBrokerStatsData } from '../../../src/remoting/protocol/broker-admin.js';
import {
  decodeProducerConnection,
  decodeProducerTableInfo,
  encodeProducerConnection,
  encodeProducerTableInfo,
} from '../../../src/remoting/protocol/connection-info.js';
import { decodeGroupList } from '../../../src/remoting/protocol/consume-by-who.js';
import {
  CMResult,
  ConsumeMessageDirectlyResult,
  decodeConsumeMessageDirectlyResult,
  encodeConsumeMessageDirectlyResult,
} from '../../../src/remoting/protocol/consume-directly.js';
import {
  decodeQueryConsumeQueueResponseBody,
  encodeQueryConsumeQueueResponseBody,
  QueryConsumeQueueRequestHeader,
  QueryConsumeQueueResponseBody,
} from '../../../src/remoting/protocol/consume-queue.js';
import {
  ConsumeStats,
  ConsumeStatsList,
  consumeStatsTotalDiff,
  decodeConsumeStats,
  decodeConsumeStatsList,
  encodeConsumeStatsList,
  GetConsumeStatsInBrokerHeader,
} from '../../../src/remoting/protocol/consume-stats.js';
import {
  decodeQueryConsumeTimeSpanBody,
  decodeQueryCorrectionOffsetBody,
  encodeQueryConsumeTimeSpanBody,
  encodeQueryCorrectionOffsetBody,
  QueryCorrectionOffsetHeader,
  QueueTimeSpan,
} from '../../../src/remoting/protocol/consume-time-span.js';
import { decodeConsumerIdList } from '../../../src/remoting/protocol/consumer-ids.js';
import {
  CloneGroupOffsetRequestHeader,
  decodeConsumerOffsetTable,
  decodeDelayOffsetTable,
} from '../../../src/remoting/protocol/consumer-offset.js';
import {
  ConsumerRunningInfo,
  decodeConsumerRunningInfo,
  encodeConsumerRunningInfo,
  ProcessQueueInfo,
} from '../../../src/remoting/protocol/consumer-running-info.js';
import {
  decodeCheckClientRequestBody,
  decodeHeartbeatData,
  encodeCheckClientRequestBody,
} from '../../../src/remoting/protocol/heartbeat.js';
import {
  decodeLockBatchRequestBody,
  decodeLockBatchResponseBody,
  decodeUnlockBatchRequestBody,
  encodeLockBatchRequestBody,
  encodeLockBatchResponseBody,
  encodeUnlockBatchRequestBody,
} from '../../../src/remoting/protocol/lock.js';
import {
  compareMessageQueue,
  messageQueue,
  messageQueueFromJson,
  MessageQueueMap,
  mqEquals,
  mqKey,
} from '../../../src/remoting/protocol/message-queue.js';
import {
  decodeGetConsumerStatusBody,
  decodeResetOffsetBody,
  encodeGetConsumerStatusBody,
  encodeResetOffsetBody,
  ResetOffsetRequestHeader,
} from '../../../src/remoting/protocol/reset-offset.js';
import {
  buildSubscriptionData,
  compareSubscriptionData,
  isTagType,
  SUB_ALL,
  subscriptionDataFromJson,
  subscriptionDataToJson,
} from '../../../src/remoting/protocol/subscription.js';
import {
  createSubscriptionGroupConfig,
  decodeSubscriptionGroupConfig,
  decodeSubscriptionGroupWrapper,
  DeleteSubscriptionGroupRequestHeader,
} from '../../../src/remoting/protocol/subscription-group.js';
import { decodeTopicStatsTable } from '../../../src/remoting/protocol/topic-stats.js';

const b = (s: string) => Buffer.from(s, 'utf8');
const mq = messageQueue;

describe('defineHeader', () => {
  const H = defineHeader('H', { s: h.str(), i: h.optInt(), l: h.optLong(), flag: h.boolOr(false, 'f'), n: h.intOr(7) });

  test('required, optional, defaults and wire names', () => {
    assert.deepEqual(H.decode({ s: 'x' }), { s: 'x', flag: false, n: 7 });
    assert.deepEqual(H.decode({ s: '', i: '-5', l: '+12', f: 'TRUE', n: '3' }), { s: '', i: -5, l: 12, flag: true, n: 3 });
    assert.deepEqual(H.encode({ s: 'x', flag: true, n: 1 }), { s: 'x', f: 'true', n: '1' });
    assert.throws(() => H.decode({}), { message: 'the custom field <s> is null' });
    assert.throws(() => H.decode(null), RemotingCommandError);
    // An empty number is absent, as Java finds no value to parse.
    assert.deepEqual(H.decode({ s: 'x', i: '' }), { s: 'x', flag: false, n: 7 });
  });

  test('numbers follow Integer.parseInt / Long.parseLong', () => {
    for (const bad of ['1.5', '1e3', '0x10', ' 1', 'abc', '--1']) {
      assert.throws(() => H.decode({ s: 'x', i: bad }), RemotingCommandError, bad);
    }
    assert.throws(() => H.decode({ s: 'x', i: '2147483648' }), RemotingCommandError);
    assert.equal(H.decode({ s: 'x', i: '-2147483648' }).i, -2147483648);
    assert.equal(H.decode({ s: 'x', l: '9223372036854775807' }).l, 2 ** 63);
    assert.throws(() => H.decode({ s: 'x', l: '99999999999999999999' }), RemotingCommandError);
  });

  test('long limits are written as Java spells them', () => {
    assert.equal(H.encode({ s: 'x', flag: false, n: 0, l: 2 ** 63 }).l, '9223372036854775807');
    assert.equal(H.encode({ s: 'x', flag: false, n: 0, l: -(2 ** 63) }).l, '-9223372036854775808');
    assert.equal(H.encode({ s: 'x', flag: false, n: 0, l: 1795769449724 }).l, '1795769449724');
  });

  test('Java primitives without @CFNotNull read as 0 / false', () => {
    assert.deepEqual(QueryConsumeQueueRequestHeader.decode({}), { queueId: 0, index: 0, count: 0 });
    assert.deepEqual(ResetOffsetRequestHeader.decode({ topic: 't', group: 'g', timestamp: '-1', isForce: 'true' }), {
      topic: 't',
      group: 'g',
      timestamp: -1,
      isForce: true,
    });
    assert.deepEqual(CloneGroupOffsetRequestHeader.decode({ srcGroup: 'a', destGroup: 'b' }), {
      srcGroup: 'a',
      destGroup: 'b',
      offline: false,
    });
  });
});

describe('MessageQueue', () => {
  test('keys, equality and Java order', () => {
    assert.equal(mqKey(mq('T', 'broker-a', 3)), 'T@broker-a@3');
    assert.equal(mqEquals(mq('T', 'b', 1), { topic: 'T', brokerName: 'b', queueId: 1 }), true);
    const sorted = [mq('T', 'b', 2), mq('A', 'z', 0), mq('T', 'a', 9), mq('T', 'b', 1)].sort(compareMessageQueue);
    assert.deepEqual(sorted.map(mqKey), ['A@z@0', 'T@a@9', 'T@b@1', 'T@b@2']);
  });

  test('keys written by fastjson, as JSON text, or as toString()', () => {
    const want = mq('TopicTest', 'broker-a', 3);
    assert.deepEqual(messageQueueFromJson({ brokerName: 'broker-a', queueId: 3, topic: 'TopicTest' }), want);
    assert.deepEqual(messageQueueFromJson('{"brokerName":"broker-a","queueId":3,"topic":"TopicTest"}'), want);
    assert.deepEqual(messageQueueFromJson('MessageQueue [topic=TopicTest, brokerName=broker-a, queueId=3]'), want);
    assert.deepEqual(messageQueueFromJson({ brokerName: 'broker-a', queueId: '3', topic: 'TopicTest' }), want);
    for (const bad of ['x', 5, null, [], { topic: 'T' }]) assert.throws(() => messageQueueFromJson(bad as never), RemotingCommandError);
  });

  test('MessageQueueMap keeps insertion order, replaces by value equality, sorts on demand', () => {
    const m = new MessageQueueMap<number>();
    m.set(mq('T', 'b', 2), 20).set(mq('T', 'b', 1), 10).set({ topic: 'T', brokerName: 'b', queueId: 2 }, 21);
    assert.equal(m.size, 2);
    assert.equal(m.get(mq('T', 'b', 2)), 21);
    assert.deepEqual([...m].map(([q, v]) => [q.queueId, v]), [[2, 21], [1, 10]]);
    assert.deepEqual(m.sorted().map(([q]) => q.queueId), [1, 2]);
    assert.equal(m.delete(mq('T', 'b', 1)), true);
    assert.equal(m.has(mq('T', 'b', 1)), false);
    assert.deepEqual(m.values(), [21]);
  });
});

describe('SubscriptionData', () => {
  test('FilterAPI.build: tags, Java hash codes, "*" and SQL92', () => {
    const sd = buildSubscriptionData('T', ' TagA ||TagB|| ||TagA', null, 42);
    assert.deepEqual([...sd.tagsSet], ['TagA', 'TagB']);
    assert.deepEqual([...sd.codeSet], [2598919, 2598920]);
    assert.equal(sd.subString, ' TagA ||TagB|| ||TagA');
    assert.equal(sd.subVersion, 42);
    assert.equal(buildSubscriptionData('T', '*').subString, SUB_ALL);
    assert.equal(buildSubscriptionData('T', '').subString, SUB_ALL);
    assert.equal(buildSubscriptionData('T', null).tagsSet.size, 0);
    const sql = buildSubscriptionData('T', 'a > 5', 'SQL92');
    assert.equal(sql.expressionType, 'SQL92');
    assert.equal(sql.tagsSet.size, 0);
    assert.throws(() => buildSubscriptionData('T', '', 'SQL92'), RemotingCommandError);
    assert.equal(isTagType(undefined), true);
    assert.equal(isTagType('SQL92'), false);
  });

  test('JSON round trip and TreeSet order', () => {
    const sd = buildSubscriptionData('T', 'a||b', 'TAG', 1);
    assert.deepEqual(subscriptionDataFromJson(JSON.parse(JSON.stringify(subscriptionDataToJson(sd)))), sd);
    const list = [buildSubscriptionData('b', '*'), buildSubscriptionData('a', 'x'), buildSubscriptionData('a', '*')];
    assert.deepEqual(list.sort(compareSubscriptionData).map((s) => `${s.topic}@${s.subString}`), ['a@*', 'a@x', 'b@*']);
  });
});

describe('bodies without captured frames', () => {
  test('LOCK_BATCH_MQ / UNLOCK_BATCH_MQ', () => {
    const req = { consumerGroup: 'g', clientId: 'c', mqSet: [mq('T', 'b', 0), mq('T', 'b', 1)] };
    const text = encodeLockBatchRequestBody(req).toString();
    assert.equal(
      text,
      '{"clientId":"c","consumerGroup":"g","mqSet":[{"brokerName":"b","queueId":0,"topic":"T"},{"brokerName":"b","queueId":1,"topic":"T"}]}',
    );
    assert.deepEqual(decodeLockBatchRequestBody(b(text)), req);
    assert.deepEqual(decodeUnlockBatchRequestBody(encodeUnlockBatchRequestBody(req)), req);
    assert.deepEqual(decodeLockBatchResponseBody(encodeLockBatchResponseBody([mq('T', 'b', 1)])), [mq('T', 'b', 1)]);
    assert.deepEqual(decodeLockBatchResponseBody(b('{}')), []);
  });

  test('ResetOffsetBody and GetConsumerStatusBody with MessageQueue keys', () => {
    const offsets = new MessageQueueMap<number>([[mq('T', 'b', 0), 5], [mq('T', 'b', 1), 7]]);
    const text = encodeResetOffsetBody(offsets).toString();
    assert.equal(text, '{"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:5,{"brokerName":"b","queueId":1,"topic":"T"}:7}}');
    assert.deepEqual([...decodeResetOffsetBody(b(text))], [...offsets]);
    const status = { messageQueueTable: offsets, consumerTable: new Map([['client-1', offsets]]) };
    const back = decodeGetConsumerStatusBody(encodeGetConsumerStatusBody(status));
    assert.deepEqual([...back.consumerTable.get('client-1')!], [...offsets]);
    assert.deepEqual([...back.messageQueueTable], [...offsets]);
  });

  test('strict-JSON writers: MessageQueue keys as strings, integer keys quoted, enums by ordinal', () => {
    const cs = decodeConsumeStats(
      b('{"consumeTps":1.5,"offsetTable":{"{\\"brokerName\\":\\"b\\",\\"queueId\\":1,\\"topic\\":\\"T\\"}":{"brokerOffset":9,"consumerOffset":4,"lastTimestamp":0},"MessageQueue [topic=T, brokerName=b, queueId=2]":{"brokerOffset":"3","consumerOffset":3}}}'),
    );
    assert.equal(cs.offsetTable.get(mq('T', 'b', 1))!.brokerOffset, 9);
    assert.deepEqual(cs.offsetTable.get(mq('T', 'b', 2)), { brokerOffset: 3, consumerOffset: 3, lastTimestamp: 0 });
    assert.equal(consumeStatsTotalDiff(cs), 5);
    assert.deepEqual([...decodeConsumerOffsetTable(b('{"offsetTable":{"t@g":{"0":5,"1":6}}}')).get('t@g')!], [[0, 5], [1, 6]]);
    const hb = decodeHeartbeatData(
      b('{"clientID":"c","consumerDataSet":[{"groupName":"g","consumeType":1,"messageModel":0,"consumeFromWhere":4,"subscriptionDataSet":[],"unitMode":"false"}]}'),
    );
    assert.equal(hb.consumerDataSet[0]!.consumeType, 'CONSUME_PASSIVELY');
    assert.equal(hb.consumerDataSet[0]!.messageModel, 'BROADCASTING');
    assert.equal(hb.consumerDataSet[0]!.consumeFromWhere, 'CONSUME_FROM_FIRST_OFFSET');
    assert.deepEqual(hb.producerDataSet, []);
  });

  test('ConsumeStatsList (GET_BROKER_CONSUME_STATS)', () => {
    const cs: ConsumeStats = {
      consumeTps: 2,
      offsetTable: new MessageQueueMap([[mq('T', 'b', 0), { brokerOffset: 10, consumerOffset: 4, lastTimestamp: 99 }]]),
    };
    const list: ConsumeStatsList = { brokerAddr: '127.0.0.1:10911', consumeStatsList: [new Map([['g', [cs]]])], totalDiff: 6 };
    const text = encodeConsumeStatsList(list).toString();
    assert.equal(
      text,
      '{"brokerAddr":"127.0.0.1:10911","consumeStatsList":[{"g":[{"consumeTps":2.0,"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:{"brokerOffset":10,"consumerOffset":4,"lastTimestamp":99}}}]}],"totalDiff":6}',
    );
    const back = decodeConsumeStatsList(b(text));
    assert.equal(back.totalDiff, 6);
    assert.equal(back.brokerAddr, '127.0.0.1:10911');
    assert.deepEqual([...back.consumeStatsList[0]!.get('g')![0]!.offsetTable], [...cs.offsetTable]);
    assert.equal(GetConsumeStatsInBrokerHeader.decode({ isOrder: 'true' }).isOrder, true);
  });

  test('QueryConsumeQueueResponseBody (QUERY_CONSUME_QUEUE)', () => {
    const body: QueryConsumeQueueResponseBody = {
      subscriptionData: buildSubscriptionData('T', 'TagA', 'TAG', 5),
      queueData: [{ physicOffset: 100, physicSize: 200, tagsCode: 2598919, eval: true, msg: 'ok' }, {
        physicOffset: 300,
        physicSize: 10,
        tagsCode: 0,
        eval: false,
      }],
      maxQueueIndex: 2,
      minQueueIndex: 0,
    };
    const text = encodeQueryConsumeQueueResponseBody(body).toString();
    assert.match(text, /^\{"maxQueueIndex":2,"minQueueIndex":0,"queueData":\[\{"eval":true,"msg":"ok","physicOffset":100,/);
    assert.deepEqual(decodeQueryConsumeQueueResponseBody(b(text)), body);
  });

  test('QueryConsumeTimeSpanBody and QueryCorrectionOffsetBody', () => {
    const spans: QueueTimeSpan[] = [{ messageQueue: mq('T', 'b', 1), minTimeStamp: 1, maxTimeStamp: 2, consumeTimeStamp: 3, delayTime: 4 }];
    const text = encodeQueryConsumeTimeSpanBody(spans).toString();
    assert.match(text, /"consumeTimeStampStr":"\d{4}-\d\d-\d\d#\d\d:\d\d:\d\d:003"/);
    assert.deepEqual(decodeQueryConsumeTimeSpanBody(b(text)), spans);
    assert.equal(encodeQueryCorrectionOffsetBody(new Map([[0, 5], [3, 9]])).toString(), '{"correctionOffsets":{0:5,3:9}}');
    assert.deepEqual([...decodeQueryCorrectionOffsetBody(b('{"correctionOffsets":{0:5,3:9}}'))], [[0, 5], [3, 9]]);
    assert.deepEqual(QueryCorrectionOffsetHeader.decode({ compareGroup: 'g', topic: 't' }), { compareGroup: 'g', topic: 't' });
  });

  test('BrokerStatsData (VIEW_BROKER_STATS_DATA)', () => {
    const d: BrokerStatsData = {
      statsMinute: { sum: 6, tps: 0.1, avgpt: 1 },
      statsHour: { sum: 60, tps: 1, avgpt: 0 },
      statsDay: { sum: 600, tps: 1e-4, avgpt: 2.5 },
    };
    const text = encodeBrokerStatsData(d).toString();
    assert.equal(
      text,
      '{"statsDay":{"avgpt":2.5,"sum":600,"tps":1.0E-4},"statsHour":{"avgpt":0.0,"sum":60,"tps":1.0},"statsMinute":{"avgpt":1.0,"sum":6,"tps":0.1}}',
    );
    assert.deepEqual(decodeBrokerStatsData(b(text)), d);
  });

  test('ConsumeMessageDirectlyResult (CONSUME_MESSAGE_DIRECTLY)', () => {
    const r: ConsumeMessageDirectlyResult = {
      order: false,
      autoCommit: true,
      consumeResult: CMResult.CR_SUCCESS,
      remark: 'done',
      spentTimeMills: 3,
    };
    const text = encodeConsumeMessageDirectlyResult(r).toString();
    assert.equal(text, '{"autoCommit":true,"consumeResult":"CR_SUCCESS","order":false,"remark":"done","spentTimeMills":3}');
    assert.deepEqual(decodeConsumeMessageDirectlyResult(b(text)), r);
    assert.deepEqual(decodeConsumeMessageDirectlyResult(b('{}')), { order: false, autoCommit: true, spentTimeMills: 0 });
  });

  test('ProducerConnection and ProducerTableInfo', () => {
    const conns = [{ clientId: 'c1', clientAddr: '127.0.0.1:5', language: 'JAVA', version: 409 }];
    assert.deepEqual(decodeProducerConnection(encodeProducerConnection(conns)), conns);
    const table = new Map([['pg', [{ clientId: 'c1', remoteIP: '127.0.0.1:5', language: 'GO', version: 1, lastUpdateTimestamp: 7 }]]]);
    assert.deepEqual(decodeProducerTableInfo(encodeProducerTableInfo(table)), table);
  });

  test("ConsumerRunningInfo is written in Java's tree orders", () => {
    const pq = (commitOffset: number): ProcessQueueInfo => ({
      commitOffset,
      cachedMsgMinOffset: 0,
      cachedMsgMaxOffset: 0,
      cachedMsgCount: 0,
      cachedMsgSizeInMiB: 0,
      transactionMsgMinOffset: 0,
      transactionMsgMaxOffset: 0,
      transactionMsgCount: 0,
      locked: false,
      tryUnlockTimes: 0,
      lastLockTimestamp: 0,
      droped: false,
      lastPullTimestamp: 0,
      lastConsumeTimestamp: 0,
    });
    const status = { pullRT: 1, pullTPS: 0, consumeRT: 0, consumeOKTPS: 0, consumeFailedTPS: 0, consumeFailedMsgs: 0 };
    const info: ConsumerRunningInfo = {
      properties: new Map([['b', '1'], ['a', '2']]),
      subscriptionSet: [buildSubscriptionData('Z', '*', null, 1), buildSubscriptionData('A', '*', null, 1)],
      mqTable: new MessageQueueMap([[mq('T', 'b', 1), pq(1)], [mq('T', 'a', 0), pq(0)]]),
      statusTable: new Map([['Z', status], ['A', status]]),
      jstack: 'thread dump',
    };
    const back = decodeConsumerRunningInfo(encodeConsumerRunningInfo(info));
    assert.deepEqual(back.mqTable.keys().map(mqKey), ['T@a@0', 'T@b@1']);
    assert.deepEqual([...back.statusTable.keys()], ['A', 'Z']);
    assert.deepEqual(back.subscriptionSet.map((s) => s.topic), ['A', 'Z']);
    assert.deepEqual([...back.properties.keys()], ['b', 'a'], 'properties keep their own order');
    assert.equal(back.jstack, 'thread dump');
  });

  test('CheckClientRequestBody (CHECK_CLIENT_CONFIG)', () => {
    const body = { clientId: 'c', group: 'g', subscriptionData: buildSubscriptionData('T', 'a > 1', 'SQL92', 3) };
    assert.deepEqual(decodeCheckClientRequestBody(encodeCheckClientRequestBody(body)), body);
    assert.deepEqual(decodeCheckClientRequestBody(b('{}')), {});
  });

  test('subscription group defaults and a group with only its name', () => {
    const c = decodeSubscriptionGroupConfig(b('{"groupName":"g"}'));
    assert.deepEqual(c, createSubscriptionGroupConfig('g'));
    assert.equal(c.retryMaxTimes, 16);
    assert.equal(c.consumeBroadcastEnable, true);
    const w = decodeSubscriptionGroupWrapper(b('{"subscriptionGroupTable":{"x":{}}}'));
    assert.equal(w.subscriptionGroupTable.get('x')!.groupName, 'x');
    assert.deepEqual(DeleteSubscriptionGroupRequestHeader.decode({ groupName: 'g' }), { groupName: 'g', removeOffset: false });
  });

  test('malformed bodies are RemotingCommandErrors', () => {
    const cases: Array<() => unknown> = [
      () => decodeHeartbeatData(b('')),
      () => decodeHeartbeatData(b('[1]')),
      () => decodeHeartbeatData(b('{"consumerDataSet":[]}')),
      () => decodeHeartbeatData(b('{"clientID":"c","consumerDataSet":[{"groupName":"g","consumeType":"NOPE"}]}')),
      () => decodeConsumeStats(b('{"offsetTable":{"not a queue":{}}}')),
      () => decodeTopicStatsTable(b('{"offsetTable":{{"topic":"T"}:{}}}')),
      () => decodeConsumerIdList(b('{"consumerIdList":5}')),
      () => decodeDelayOffsetTable(b('{"offsetTable":{"x":1}}')),
      () => decodeResetOffsetBody(b('{"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:"many"}}')),
      () => decodeConsumeStats(b('{"offsetTable":{},"consumeTps":"fast"}')),
      () => decodeSubscriptionGroupConfig(b('{"groupName":"g","consumeEnable":"maybe"}')),
      () => decodeGroupList(b('{"groupList":')),
    ];
    for (const [i, run] of cases.entries()) assert.throws(run, RemotingCommandError, `case ${i}`);
  });
});
