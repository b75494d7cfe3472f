// The typed protocol definitions against the frames captured from Java RocketMQ 4.9.8: every
// captured header decodes through its codec and encodes back to the same fields; bodies decode to
// the values Java wrote, and re-encode to the same bytes where fastjson's output is reproducible.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { decodeFrame, encodeFrameToBuffer } from '../../../src/remoting/frame.js';
import type { RemotingCommand } from '../../../src/remoting/command.js';
import type { HeaderCodec, HeaderSpec } from '../../../src/remoting/header.js';
import { stringifyFastjson } from '../../../src/remoting/fastjson.js';
import {
  decodeBrokerConfigBody,
  decodeKVTable,
  encodeBrokerConfigBody,
  encodeKVTable,
  GetBrokerConfigResponseHeader,
} from '../../../src/remoting/protocol/broker-admin.js';
import {
  ConsumerConnection,
  decodeConsumerConnection,
  encodeConsumerConnection,
  GetConsumerConnectionListRequestHeader,
  minClientVersion,
} from '../../../src/remoting/protocol/connection-info.js';
import { decodeGroupList, encodeGroupList, QueryTopicConsumeByWhoRequestHeader } from '../../../src/remoting/protocol/consume-by-who.js';
import {
  ConsumeStats,
  consumeStatsTotalDiff,
  decodeConsumeStats,
  encodeConsumeStats,
  GetConsumeStatsRequestHeader,
} from '../../../src/remoting/protocol/consume-stats.js';
import {
  decodeConsumerIdList,
  encodeConsumerIdList,
  GetConsumerListByGroupRequestHeader,
  NotifyConsumerIdsChangedRequestHeader,
} from '../../../src/remoting/protocol/consumer-ids.js';
import {
  consumerOffsetTableToJson,
  decodeConsumerOffsetTable,
  decodeDelayOffsetTable,
  delayOffsetTableToJson,
  encodeConsumerOffsetTable,
  encodeDelayOffsetTable,
  QueryConsumerOffsetRequestHeader,
  QueryConsumerOffsetResponseHeader,
  splitTopicGroupKey,
  UpdateConsumerOffsetRequestHeader,
} from '../../../src/remoting/protocol/consumer-offset.js';
import {
  ConsumerRunningInfo,
  ConsumerRunningInfoProp,
  decodeConsumerRunningInfo,
  encodeConsumerRunningInfo,
  GetConsumerRunningInfoRequestHeader,
} from '../../../src/remoting/protocol/consumer-running-info.js';
import { ConsumerSendMsgBackRequestHeader } from '../../../src/remoting/protocol/consumer-send-back.js';
import { ConsumeFromWhere, ConsumeType, MessageModel } from '../../../src/remoting/protocol/consumer-types.js';
import {
  decodeHeartbeatData,
  encodeHeartbeatData,
  HeartbeatData,
  UnregisterClientRequestHeader,
} from '../../../src/remoting/protocol/heartbeat.js';
import { messageQueue } from '../../../src/remoting/protocol/message-queue.js';
import {
  buildPullSysFlag,
  clearCommitOffsetFlag,
  hasCommitOffsetFlag,
  hasLitePullFlag,
  hasSubscriptionFlag,
  hasSuspendFlag,
  PullMessageRequestHeader,
  PullMessageResponseHeader,
} from '../../../src/remoting/protocol/pull.js';
import {
  QueryMessageRequestHeader,
  QueryMessageResponseHeader,
  ViewMessageRequestHeader,
} from '../../../src/remoting/protocol/query-message.js';
import {
  decodeSendMessageRequestHeader,
  encodeSendMessageRequestHeaderV2,
  fromV1,
  SendMessageRequestHeader,
  SendMessageRequestHeaderV2,
  SendMessageResponseHeader,
  toV1,
} from '../../../src/remoting/protocol/send.js';
import {
  createSubscriptionGroupConfig,
  decodeSubscriptionGroupConfig,
  decodeSubscriptionGroupWrapper,
  encodeSubscriptionGroupConfig,
  encodeSubscriptionGroupWrapper,
  subscriptionGroupWrapperToJson,
} from '../../../src/remoting/protocol/subscription-group.js';
import { CreateTopicRequestHeader } from '../../../src/remoting/protocol/topic-admin.js';
import {
  decodeTopicStatsTable,
  encodeTopicStatsTable,
  GetTopicStatsInfoRequestHeader,
  TopicStatsTable,
} from '../../../src/remoting/protocol/topic-stats.js';
import {
  CheckTransactionStateRequestHeader,
  EndTransactionRequestHeader,
  TransactionType,
} from '../../../src/remoting/protocol/transaction.js';
import { goldenRemotingDir, goldenStoreDir, readJson } from '../../harness/fixtures.js';

interface Entry {
  file: string;
  code: number;
  direction: 'request' | 'response';
  serializeType: 'JSON' | 'ROCKETMQ';
  responseCode?: number;
}

const manifest = readJson<Entry[]>(path.join(goldenRemotingDir, 'manifest.json'));

function frame(file: string): { raw: Buffer; cmd: RemotingCommand } {
  const raw = fs.readFileSync(path.join(goldenRemotingDir, file));
  return { raw, cmd: decodeFrame(raw) };
}

function body(cmd: RemotingCommand): Buffer {
  return Buffer.from(cmd.body!);
}

/** The same command with other extFields, encoded: for byte-for-byte comparison with Java. */
function withExt(cmd: RemotingCommand, extFields: Record<string, string>): Buffer {
  return encodeFrameToBuffer({ ...cmd, extFields });
}

type AnyCodec = HeaderCodec<HeaderSpec>;
const requestCodecs: Record<number, AnyCodec> = {
  10: SendMessageRequestHeader,
  310: SendMessageRequestHeaderV2,
  320: SendMessageRequestHeaderV2,
  11: PullMessageRequestHeader,
  12: QueryMessageRequestHeader,
  14: QueryConsumerOffsetRequestHeader,
  15: UpdateConsumerOffsetRequestHeader,
  17: CreateTopicRequestHeader,
  33: ViewMessageRequestHeader,
  35: UnregisterClientRequestHeader,
  36: ConsumerSendMsgBackRequestHeader,
  37: EndTransactionRequestHeader,
  38: GetConsumerListByGroupRequestHeader,
  39: CheckTransactionStateRequestHeader,
  40: NotifyConsumerIdsChangedRequestHeader,
  202: GetTopicStatsInfoRequestHeader,
  203: GetConsumerConnectionListRequestHeader,
  208: GetConsumeStatsRequestHeader,
  300: QueryTopicConsumeByWhoRequestHeader,
  307: GetConsumerRunningInfoRequestHeader,
} as unknown as Record<number, AnyCodec>;

const responseCodecs: Record<number, AnyCodec> = {
  310: SendMessageResponseHeader,
  320: SendMessageResponseHeader,
  11: PullMessageResponseHeader,
  12: QueryMessageResponseHeader,
  14: QueryConsumerOffsetResponseHeader,
  26: GetBrokerConfigResponseHeader,
} as unknown as Record<number, AnyCodec>;

/** extFields that are not part of any header: the ACL hook's and the pull tool's marker. */
const NOT_HEADER = new Set(['AccessKey', 'Signature', 'ReqT']);

describe('every captured header through its codec', () => {
  for (const e of manifest) {
    const codec = e.direction === 'request' ? requestCodecs[e.code] : responseCodecs[e.code];
    if (!codec) continue;
    test(`${e.file} (${codec.name})`, () => {
      const { cmd } = frame(e.file);
      const ext = Object.fromEntries(Object.entries(cmd.extFields ?? {}).filter(([k]) => !NOT_HEADER.has(k)));
      if (e.direction === 'response' && Object.keys(ext).length === 0) {
        assert.notEqual(e.responseCode, 0, 'only error replies come without a header');
        return;
      }
      assert.deepEqual(codec.encode(codec.decode(ext)), ext);
    });
  }
});

describe('SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE', () => {
  test('JSON request decodes to the V1 shape', () => {
    const { cmd } = frame('310-SEND_MESSAGE_V2-request-json.bin');
    const v1 = decodeSendMessageRequestHeader(cmd);
    assert.deepEqual(v1, {
      producerGroup: 'please_rename_unique_group_name',
      topic: 'TopicTest',
      defaultTopic: 'TBW102',
      defaultTopicQueueNums: 4,
      queueId: 0,
      sysFlag: 0,
      bornTimestamp: 1795769449724,
      flag: 0,
      properties: 'UNIQ_KEY\u0001FD00000000000000000000000000000236E05FFD2B2787CB54FB0000\u0002WAIT\u0001true\u0002TAGS\u0001TagA',
      reconsumeTimes: 0,
      unitMode: false,
      batch: false,
      bname: 'broker-a',
    });
    const v2 = SendMessageRequestHeaderV2.decode(cmd.extFields);
    assert.equal(v2.a, 'please_rename_unique_group_name');
    assert.equal(v2.g, 1795769449724);
    assert.deepEqual(toV1(v2), v1);
    assert.deepEqual(fromV1(v1), v2);
    assert.deepEqual(SendMessageRequestHeader.decode(SendMessageRequestHeader.encode(v1)), v1);
    assert.equal(body(cmd).toString(), 'Hello RocketMQ 0');
  });

  test("ROCKETMQ request re-encodes from the typed header to Java's bytes", () => {
    for (const file of ['310-SEND_MESSAGE_V2-request-rocketmq.bin', 'extra/310-SEND_MESSAGE_V2-request-rocketmq-delay-level-2.bin']) {
      const { raw, cmd } = frame(file);
      const v1 = decodeSendMessageRequestHeader(cmd);
      assert.equal(withExt(cmd, encodeSendMessageRequestHeaderV2(v1)).toString('hex'), raw.toString('hex'), file);
    }
  });

  test('variants: compression sysFlags, transaction half, batch, unit of decoding by code', () => {
    assert.equal(decodeSendMessageRequestHeader(frame('extra/310-SEND_MESSAGE_V2-request-json-zlib-compressed-body.bin').cmd).sysFlag, 769);
    assert.equal(decodeSendMessageRequestHeader(frame('extra/310-SEND_MESSAGE_V2-request-json-lz4-compressed-body.bin').cmd).sysFlag, 257);
    const half = decodeSendMessageRequestHeader(frame('extra/310-SEND_MESSAGE_V2-request-json-transaction-half.bin').cmd);
    assert.equal(half.sysFlag & 0xc, TransactionType.PREPARED);
    // deno-lint-ignore no-control-regex -- \u0001 separates a property name from its value
    assert.match(half.properties!, /TRAN_MSG\u0001true/);
    const batch = decodeSendMessageRequestHeader(frame('320-SEND_BATCH_MESSAGE-request-json.bin').cmd);
    assert.equal(batch.batch, true);
    assert.equal(batch.topic, 'BatchTest');
    assert.equal(batch.bname, 'broker-fx');
    // SEND_MESSAGE (10) reads the long names.
    const v1Cmd: RemotingCommand = { ...frame('310-SEND_MESSAGE_V2-request-json.bin').cmd, code: 10 };
    v1Cmd.extFields = SendMessageRequestHeader.encode(decodeSendMessageRequestHeader(frame('310-SEND_MESSAGE_V2-request-json.bin').cmd));
    assert.equal(decodeSendMessageRequestHeader(v1Cmd).producerGroup, 'please_rename_unique_group_name');
  });

  test("response headers, and Java's ROCKETMQ response bytes from the typed header", () => {
    const json = SendMessageResponseHeader.decode(frame('310-SEND_MESSAGE_V2-response-json.bin').cmd.extFields);
    assert.deepEqual(json, {
      msgId: '7F00000100002A9F000000000000A203',
      queueId: 0,
      queueOffset: 0,
      traceOn: true,
      msgRegion: 'DefaultRegion',
    });
    const batch = SendMessageResponseHeader.decode(frame('320-SEND_BATCH_MESSAGE-response-json.bin').cmd.extFields);
    assert.equal(batch.msgId.split(',').length, 3);
    for (const file of ['310-SEND_MESSAGE_V2-response-rocketmq.bin', 'extra/310-SEND_MESSAGE_V2-response-rocketmq-delay-level-2.bin']) {
      const { raw, cmd } = frame(file);
      assert.equal(
        withExt(cmd, SendMessageResponseHeader.encode(SendMessageResponseHeader.decode(cmd.extFields))).toString('hex'),
        raw.toString('hex'),
        file,
      );
    }
  });
});

describe('PULL_MESSAGE', () => {
  test('request and response headers, sysFlag bits', () => {
    const req = PullMessageRequestHeader.decode(frame('11-PULL_MESSAGE-request-json.bin').cmd.extFields);
    assert.deepEqual(req, {
      consumerGroup: 'please_rename_unique_group_name_4',
      topic: 'TopicTest',
      queueId: 1,
      queueOffset: 259,
      maxMsgNums: 32,
      sysFlag: 3,
      commitOffset: 258,
      suspendTimeoutMillis: 15000,
      subVersion: 1795769460874,
      expressionType: 'TAG',
      bname: 'broker-a',
    });
    assert.equal(hasCommitOffsetFlag(req.sysFlag), true);
    assert.equal(hasSuspendFlag(req.sysFlag), true);
    assert.equal(hasSubscriptionFlag(req.sysFlag), false);
    assert.equal(buildPullSysFlag(true, true, false, false), 3);
    assert.equal(clearCommitOffsetFlag(3), 2);
    const tool = PullMessageRequestHeader.decode(frame('extra/11-PULL_MESSAGE-request-json-from-pull-consumer-tool.bin').cmd.extFields);
    assert.equal(tool.subscription, '*');
    assert.equal(hasSubscriptionFlag(tool.sysFlag), true);
    assert.equal(hasLitePullFlag(tool.sysFlag), false);
    const { cmd } = frame('11-PULL_MESSAGE-response-json.bin');
    assert.deepEqual(PullMessageResponseHeader.decode(cmd.extFields), {
      suggestWhichBrokerId: 0,
      nextBeginOffset: 261,
      minOffset: 0,
      maxOffset: 261,
    });
    assert.equal(cmd.remark, 'FOUND');
  });

  test("ROCKETMQ request and response re-encode from the typed headers to Java's bytes", () => {
    for (
      const file of [
        '11-PULL_MESSAGE-request-rocketmq.bin',
        'extra/11-PULL_MESSAGE-request-rocketmq-ipv6-hosts.bin',
        'extra/11-PULL_MESSAGE-request-rocketmq-FOUND-after-long-poll.bin',
      ]
    ) {
      const { raw, cmd } = frame(file);
      assert.equal(
        withExt(cmd, PullMessageRequestHeader.encode(PullMessageRequestHeader.decode(cmd.extFields))).toString('hex'),
        raw.toString('hex'),
        file,
      );
    }
    for (const file of ['11-PULL_MESSAGE-response-rocketmq.bin', 'extra/11-PULL_MESSAGE-response-rocketmq-ipv6-hosts.bin']) {
      const { raw, cmd } = frame(file);
      assert.equal(
        withExt(cmd, PullMessageResponseHeader.encode(PullMessageResponseHeader.decode(cmd.extFields))).toString('hex'),
        raw.toString('hex'),
        file,
      );
    }
  });
});

describe('queries, offsets and transactions', () => {
  test('QUERY_MESSAGE keeps Long.MAX_VALUE exact', () => {
    const { cmd } = frame('12-QUERY_MESSAGE-request-json.bin');
    const q = QueryMessageRequestHeader.decode(cmd.extFields);
    assert.equal(q.key, 'FxKey1');
    assert.equal(q.maxNum, 64);
    assert.equal(q.uniqueKeyQuery, false);
    assert.equal(QueryMessageRequestHeader.encode(q).endTimestamp, '9223372036854775807');
    const r = QueryMessageResponseHeader.decode(frame('12-QUERY_MESSAGE-response-json.bin').cmd.extFields);
    assert.deepEqual(r, { indexLastUpdateTimestamp: 1795769512340, indexLastUpdatePhyoffset: 473255 });
    assert.equal(ViewMessageRequestHeader.decode(frame('33-VIEW_MESSAGE_BY_ID-request-json.bin').cmd.extFields).offset, 42331);
  });

  test('consumer offsets, send-back, transactions, groups', () => {
    assert.deepEqual(QueryConsumerOffsetRequestHeader.decode(frame('14-QUERY_CONSUMER_OFFSET-request-json.bin').cmd.extFields), {
      consumerGroup: 'please_rename_unique_group_name_4',
      topic: 'TopicTest',
      queueId: 3,
      bname: 'broker-a',
    });
    assert.equal(QueryConsumerOffsetResponseHeader.decode(frame('14-QUERY_CONSUMER_OFFSET-response-json.bin').cmd.extFields).offset, 0);
    const upd = frame('15-UPDATE_CONSUMER_OFFSET-request-json.bin').cmd;
    assert.equal(UpdateConsumerOffsetRequestHeader.decode(upd.extFields).commitOffset, 250);
    assert.equal(upd.flag & 2, 2, 'push consumers commit oneway');
    assert.deepEqual(ConsumerSendMsgBackRequestHeader.decode(frame('36-CONSUMER_SEND_MSG_BACK-request-rocketmq.bin').cmd.extFields), {
      offset: 6602,
      group: 'FxConsumerGroup',
      delayLevel: 0,
      originMsgId: 'FD00000000000000000000000000000243B45FFD2B2787D0948A0000',
      originTopic: 'FxTopic',
      unitMode: false,
      maxReconsumeTimes: 16,
      bname: 'broker-fx',
    });
    const end = EndTransactionRequestHeader.decode(frame('37-END_TRANSACTION-request-json.bin').cmd.extFields);
    assert.equal(end.commitOrRollback, TransactionType.NOT_TYPE);
    assert.equal(end.fromTransactionCheck, false);
    assert.equal(end.commitLogOffset, 176866);
    const check = frame('39-CHECK_TRANSACTION_STATE-request-json.bin').cmd;
    const ch = CheckTransactionStateRequestHeader.decode(check.extFields);
    assert.equal(ch.offsetMsgId, '7F00000100002E87000000000002C016');
    assert.equal(ch.tranStateTableOffset, 10);
    assert.equal(check.body!.byteLength, 354, 'the half message travels in the body');
    assert.equal(
      NotifyConsumerIdsChangedRequestHeader.decode(frame('40-NOTIFY_CONSUMER_IDS_CHANGED-request-json.bin').cmd.extFields).consumerGroup,
      'please_rename_unique_group_name_4',
    );
    assert.deepEqual(UnregisterClientRequestHeader.decode(frame('35-UNREGISTER_CLIENT-request-json.bin').cmd.extFields), {
      clientID: '192.0.2.2@14048#954681584437',
      producerGroup: 'CLIENT_INNER_PRODUCER',
    });
  });

  test('UPDATE_AND_CREATE_TOPIC', () => {
    assert.deepEqual(CreateTopicRequestHeader.decode(frame('17-UPDATE_AND_CREATE_TOPIC-request-json.bin').cmd.extFields), {
      topic: 'FixtureAdminTopic',
      defaultTopic: 'TBW102',
      readQueueNums: 4,
      writeQueueNums: 4,
      perm: 6,
      topicFilterType: 'SINGLE_TAG',
      topicSysFlag: 0,
      order: false,
    });
  });
});

describe('bodies', () => {
  /** Decoding then encoding gives back Java's bytes. */
  function sameBytes(file: string, decode: (b: Uint8Array) => unknown, encode: (v: never) => Buffer): unknown {
    const b = body(frame(file).cmd);
    const v = decode(b);
    assert.equal(encode(v as never).toString('utf8'), b.toString('utf8'), file);
    return v;
  }

  test('HEART_BEAT HeartbeatData', () => {
    for (const file of ['34-HEART_BEAT-request-json.bin', '34-HEART_BEAT-request-rocketmq.bin']) {
      const hb = sameBytes(file, decodeHeartbeatData, encodeHeartbeatData) as HeartbeatData;
      assert.equal(hb.producerDataSet[0]!.groupName, 'CLIENT_INNER_PRODUCER');
      const c = hb.consumerDataSet[0]!;
      assert.equal(c.groupName, 'please_rename_unique_group_name_4');
      assert.equal(c.consumeType, ConsumeType.CONSUME_PASSIVELY);
      assert.equal(c.messageModel, MessageModel.CLUSTERING);
      assert.equal(c.consumeFromWhere, ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
      assert.equal(c.unitMode, false);
      assert.deepEqual(c.subscriptionDataSet.map((s) => s.topic), ['TopicTest', '%RETRY%please_rename_unique_group_name_4']);
      assert.equal(c.subscriptionDataSet[0]!.subString, '*');
      assert.equal(c.subscriptionDataSet[0]!.expressionType, 'TAG');
    }
  });

  test('GET_CONSUMER_LIST_BY_GROUP and QUERY_TOPIC_CONSUME_BY_WHO lists', () => {
    assert.deepEqual(sameBytes('38-GET_CONSUMER_LIST_BY_GROUP-response-json.bin', decodeConsumerIdList, encodeConsumerIdList), [
      '192.0.2.2@14188#965786633382',
    ]);
    assert.deepEqual(sameBytes('300-QUERY_TOPIC_CONSUME_BY_WHO-response-rocketmq.bin', decodeGroupList, encodeGroupList), [
      'please_rename_unique_group_name_4',
    ]);
  });

  test('UPDATE_AND_CREATE_SUBSCRIPTIONGROUP SubscriptionGroupConfig', () => {
    const c = sameBytes(
      '200-UPDATE_AND_CREATE_SUBSCRIPTIONGROUP-request-json.bin',
      decodeSubscriptionGroupConfig,
      encodeSubscriptionGroupConfig,
    );
    assert.deepEqual(c, createSubscriptionGroupConfig('FixtureAdminGroup', { consumeFromMinEnable: false, consumeBroadcastEnable: false }));
  });

  test('GET_TOPIC_STATS_INFO TopicStatsTable with MessageQueue keys', () => {
    for (const file of ['202-GET_TOPIC_STATS_INFO-response-json.bin', '202-GET_TOPIC_STATS_INFO-response-rocketmq.bin']) {
      const t = sameBytes(file, decodeTopicStatsTable, encodeTopicStatsTable) as TopicStatsTable;
      assert.equal(t.offsetTable.size, 4);
      assert.deepEqual(t.offsetTable.keys().map((mq) => mq.queueId), [3, 2, 1, 0]);
    }
    const t = decodeTopicStatsTable(body(frame('202-GET_TOPIC_STATS_INFO-response-json.bin').cmd));
    assert.deepEqual(t.offsetTable.get(messageQueue('TopicTest', 'broker-a', 3)), {
      minOffset: 0,
      maxOffset: 250,
      lastUpdateTimestamp: 1795769450357,
    });
  });

  test('GET_CONSUMER_CONNECTION_LIST ConsumerConnection', () => {
    const c = sameBytes(
      '203-GET_CONSUMER_CONNECTION_LIST-response-rocketmq.bin',
      decodeConsumerConnection,
      encodeConsumerConnection,
    ) as ConsumerConnection;
    assert.deepEqual(c.connectionSet, [{
      clientAddr: '127.0.0.1:35162',
      clientId: '192.0.2.2@15613#1102752591223',
      language: 'JAVA',
      version: 409,
    }]);
    assert.equal(c.consumeType, 'CONSUME_PASSIVELY');
    assert.deepEqual([...c.subscriptionTable.keys()], ['TopicTest', '%RETRY%please_rename_unique_group_name_4']);
    assert.equal(minClientVersion(c), 409);
    sameBytes('203-GET_CONSUMER_CONNECTION_LIST-response-json.bin', decodeConsumerConnection, encodeConsumerConnection);
  });

  test('GET_CONSUME_STATS ConsumeStats: MessageQueue keys, Java doubles', () => {
    const json = sameBytes('208-GET_CONSUME_STATS-response-json.bin', decodeConsumeStats, encodeConsumeStats) as ConsumeStats;
    assert.equal(json.consumeTps, 100);
    assert.equal(json.offsetTable.size, 5);
    assert.deepEqual(json.offsetTable.get(messageQueue('%RETRY%please_rename_unique_group_name_4', 'broker-a', 0)), {
      brokerOffset: 0,
      consumerOffset: 0,
      lastTimestamp: 0,
    });
    assert.equal(consumeStatsTotalDiff(json), 0);
    const rmq = sameBytes('208-GET_CONSUME_STATS-response-rocketmq.bin', decodeConsumeStats, encodeConsumeStats) as ConsumeStats;
    assert.equal(rmq.consumeTps, 0.05);
    assert.equal(rmq.offsetTable.get(messageQueue('TopicTest', 'broker-a', 2))!.brokerOffset, 502);
  });

  test('GET_CONSUMER_RUNNING_INFO ConsumerRunningInfo', () => {
    const { cmd } = frame('307-GET_CONSUMER_RUNNING_INFO-request-json.bin');
    assert.deepEqual(GetConsumerRunningInfoRequestHeader.decode(cmd.extFields), {
      consumerGroup: 'please_rename_unique_group_name_4',
      clientId: '192.0.2.2@14188#965786633382',
      jstackEnable: false,
    });
    for (
      const file of [
        '307-GET_CONSUMER_RUNNING_INFO-response-json.bin',
        '307-GET_CONSUMER_RUNNING_INFO-response-rocketmq.bin',
        'extra/307-GET_CONSUMER_RUNNING_INFO-response-json-broker-to-client.bin',
      ]
    ) {
      const info = sameBytes(file, decodeConsumerRunningInfo, encodeConsumerRunningInfo) as ConsumerRunningInfo;
      assert.equal(info.properties.get(ConsumerRunningInfoProp.CONSUME_TYPE), 'CONSUME_PASSIVELY');
      assert.equal(info.properties.get(ConsumerRunningInfoProp.CLIENT_VERSION), 'V4_9_8');
      assert.equal(info.mqTable.size, 5);
      assert.equal(info.mqTable.get(messageQueue('TopicTest', 'broker-a', 0))!.locked, true);
      assert.deepEqual([...info.statusTable.keys()], ['%RETRY%please_rename_unique_group_name_4', 'TopicTest']);
      assert.equal(info.subscriptionSet.length, 2);
      assert.equal(info.jstack, undefined);
    }
    const rmq = decodeConsumerRunningInfo(body(frame('307-GET_CONSUMER_RUNNING_INFO-response-rocketmq.bin').cmd));
    assert.deepEqual(rmq.statusTable.get('TopicTest'), {
      pullRT: 4040,
      pullTPS: 0.2,
      consumeRT: 7.5,
      consumeOKTPS: 0.2,
      consumeFailedTPS: 0,
      consumeFailedMsgs: 0,
    });
  });

  test('GET_BROKER_RUNTIME_INFO KVTable', () => {
    const t = sameBytes('28-GET_BROKER_RUNTIME_INFO-response-json.bin', decodeKVTable, encodeKVTable) as Map<string, string>;
    assert.equal(t.get('brokerVersionDesc'), 'V4_9_8');
    assert.equal(t.get('commitLogDiskRatio_/srv/rmq/store/commitlog'), '0.22');
  });

  test('GET_BROKER_CONFIG: version header and properties body', () => {
    for (const file of ['26-GET_BROKER_CONFIG-response-json.bin', '26-GET_BROKER_CONFIG-response-rocketmq.bin']) {
      const { cmd } = frame(file);
      const version = JSON.parse(GetBrokerConfigResponseHeader.decode(cmd.extFields).version) as { counter: number; timestamp: number };
      assert.equal(version.counter, 0);
      const config = decodeBrokerConfigBody(cmd.body);
      assert.equal(config.get('brokerName'), 'broker-a');
      assert.equal(config.get('messageDelayLevel'), '1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h');
      assert.equal(config.get('namesrvAddr'), '127.0.0.1:9876');
      assert.deepEqual(decodeBrokerConfigBody(encodeBrokerConfigBody(config)), config);
    }
  });
});

describe('broker config files written by 4.9.8', () => {
  const read = (f: string) => fs.readFileSync(path.join(goldenStoreDir, 'config', f), 'utf8');

  test('consumerOffset.json', () => {
    const text = read('consumerOffset.json');
    const table = decodeConsumerOffsetTable(text);
    assert.deepEqual([...table.get('FxTopic@FxConsumerGroup')!], [[0, 112], [1, 109]]);
    assert.deepEqual(splitTopicGroupKey('%RETRY%FxConsumerGroup@FxConsumerGroup'), {
      topic: '%RETRY%FxConsumerGroup',
      group: 'FxConsumerGroup',
    });
    assert.equal(stringifyFastjson(consumerOffsetTableToJson(table), { pretty: true }), text);
    assert.deepEqual(decodeConsumerOffsetTable(encodeConsumerOffsetTable(table)), table);
  });

  test('delayOffset.json', () => {
    const text = read('delayOffset.json');
    const table = decodeDelayOffsetTable(text);
    assert.deepEqual([...table], [[2, 10], [3, 8]]);
    assert.equal(stringifyFastjson(delayOffsetTableToJson(table), { pretty: true }), text);
    assert.equal(encodeDelayOffsetTable(table).toString(), '{"offsetTable":{2:10,3:8}}');
  });

  test('subscriptionGroup.json', () => {
    const text = read('subscriptionGroup.json');
    const w = decodeSubscriptionGroupWrapper(text);
    assert.equal(w.dataVersion.counter, 1);
    assert.deepEqual(w.subscriptionGroupTable.get('SELF_TEST_C_GROUP'), createSubscriptionGroupConfig('SELF_TEST_C_GROUP'));
    assert.equal(stringifyFastjson(subscriptionGroupWrapperToJson(w), { pretty: true }), text);
    assert.deepEqual(decodeSubscriptionGroupWrapper(encodeSubscriptionGroupWrapper(w)), w);
  });
});
