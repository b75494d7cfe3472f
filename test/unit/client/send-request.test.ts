// What the producer puts on the wire: the compression threshold (4095 bytes plain, 4096 zlib with
// sysFlag 769), unique ids in Java's format, the V2 header fields, retry-topic fields, batches;
// and SendResult as mapped from Java's send responses (golden frames).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Message } from '../../../src/client/message/message.js';
import { encodeBatchSend, encodeSend } from '../../../src/client/producer/send-request.js';
import { resolveProducerSettings } from '../../../src/client/producer/producer-config.js';
import { processSendResponse, SendResult, SendStatus } from '../../../src/client/producer/send-result.js';
import { decodeBatch } from '../../../src/common/message/batch-codec.js';
import { decodeProperties } from '../../../src/common/message/properties.js';
import { uniqIdIpString, uniqIdPid, UniqueIdGenerator } from '../../../src/common/message/unique-id.js';
import { createRequest, createResponse } from '../../../src/remoting/command.js';
import { decodeFrame } from '../../../src/remoting/frame.js';
import { MQBrokerError } from '../../../src/remoting/errors.js';
import { ResponseCode } from '../../../src/remoting/response-code.js';
import { decodeSendMessageRequestHeader, encodeSendMessageRequestHeaderV2 } from '../../../src/remoting/protocol/send.js';
import { goldenRemotingDir } from '../../harness/fixtures.js';

const settings = resolveProducerSettings({ producerGroup: 'please_rename_unique_group_name' });
const mq = { topic: 'TopicTest', brokerName: 'broker-a', queueId: 2 };

test('bodies of 4095 bytes go plain; 4096 bytes and up are zlib-compressed with sysFlag 0x301', () => {
  const plain = encodeSend(new Message('TopicTest', Buffer.alloc(4095, 97)), mq, settings, false);
  assert.equal(plain.header.sysFlag, 0);
  assert.equal(plain.body.length, 4095);
  const packed = encodeSend(new Message('TopicTest', Buffer.alloc(4096, 97)), mq, settings, false);
  assert.equal(packed.header.sysFlag, 769);
  assert.ok(packed.body.length < 100);
  assert.deepEqual(zlib.inflateSync(packed.body), Buffer.alloc(4096, 97));
  // The message keeps its original body (Java restores it after the send).
  const m = new Message('TopicTest', Buffer.alloc(5000, 98));
  encodeSend(m, mq, settings, false);
  assert.equal(m.body.length, 5000);
  // LZ4 when asked for: sysFlag 0x101.
  const lz4 = encodeSend(
    new Message('TopicTest', Buffer.alloc(5000, 98)),
    mq,
    resolveProducerSettings({ producerGroup: 'g', compressType: 'LZ4' }),
    false,
  );
  assert.equal(lz4.header.sysFlag, 257);
  // The threshold is a setting.
  assert.equal(
    encodeSend(
      new Message('T', Buffer.alloc(100)),
      mq,
      resolveProducerSettings({ producerGroup: 'g', compressMsgBodyOverHowmuch: 100 }),
      false,
    ).header.sysFlag,
    769,
  );
});

test('unique ids: 32 hex characters (IPv4) or 56 (IPv6): ip, pid, class-loader hash, time in month, counter', () => {
  const m = new Message('TopicTest', 'Hello');
  const enc = encodeSend(m, mq, settings, false);
  assert.match(enc.uniqMsgId, /^([0-9A-F]{32}|[0-9A-F]{56})$/);
  assert.equal(m.uniqKey, enc.uniqMsgId);
  // A message keeps its id when sent again (MessageClientIDSetter.setUniqID).
  assert.equal(encodeSend(m, mq, settings, false).uniqMsgId, enc.uniqMsgId);
  assert.equal(uniqIdPid(enc.uniqMsgId), process.pid & 0xffff);
  const gen = new UniqueIdGenerator(Buffer.from([192, 0, 2, 2]), 0x1234, 0x0abcdef0, () => new Date(2026, 10, 1, 0, 0, 1).getTime());
  const a = gen.create();
  const b = gen.create();
  assert.equal(a, 'C00002021234' + '0ABCDEF0' + '000003E8' + '0000');
  assert.equal(b.slice(-4), '0001');
  assert.equal(uniqIdIpString(a), '192.0.2.2');
  const v6 = new UniqueIdGenerator(Buffer.from('fd000000000000000000000000000002', 'hex'), 1, 2).create();
  assert.equal(v6.length, 56);
});

test('the V2 header: Java field names a..n, properties with TAGS, KEYS, WAIT, UNIQ_KEY and user properties', () => {
  const m = new Message('TopicTest', 'Hello RocketMQ 0', {
    tags: 'TagA',
    keys: ['k1', 'k2'],
    properties: { color: 'red' },
    delayTimeLevel: 3,
    flag: 7,
  });
  const enc = encodeSend(m, mq, settings, false);
  const ext = encodeSendMessageRequestHeaderV2(enc.header);
  assert.deepEqual(Object.keys(ext), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm', 'n']);
  assert.equal(ext.a, 'please_rename_unique_group_name');
  assert.equal(ext.b, 'TopicTest');
  assert.equal(ext.c, 'TBW102');
  assert.equal(ext.d, '4');
  assert.equal(ext.e, '2');
  assert.equal(ext.h, '7');
  assert.equal(ext.j, '0');
  assert.equal(ext.k, 'false');
  assert.equal(ext.m, 'false');
  assert.equal(ext.n, 'broker-a');
  const props = decodeProperties(ext.i);
  assert.equal(props.get('TAGS'), 'TagA');
  assert.equal(props.get('KEYS'), 'k1 k2');
  assert.equal(props.get('WAIT'), 'true');
  assert.equal(props.get('DELAY'), '3');
  assert.equal(props.get('color'), 'red');
  assert.equal(props.get('UNIQ_KEY'), enc.uniqMsgId);
  // What a broker reads back.
  const back = decodeSendMessageRequestHeader(createRequest(310, ext));
  assert.equal(back.topic, 'TopicTest');
  assert.equal(back.queueId, 2);
  assert.throws(() => m.putUserProperty('TAGS', 'x'), /used by system/);
});

test('a message to a retry topic carries reconsumeTimes and maxReconsumeTimes as header fields', () => {
  const m = new Message('%RETRY%cg', 'x');
  m.putProperty('RECONSUME_TIME', '3');
  m.putProperty('MAX_RECONSUME_TIMES', '16');
  const enc = encodeSend(m, mq, settings, false);
  assert.equal(enc.header.reconsumeTimes, 3);
  assert.equal(enc.header.maxReconsumeTimes, 16);
  assert.equal(encodeSendMessageRequestHeaderV2(enc.header).l, '16');
  assert.equal(m.getProperty('RECONSUME_TIME'), undefined);
});

test('a batch: one body of encoded messages, each with its own unique id; header properties WAIT only', () => {
  const msgs = [0, 1, 2].map((i) => new Message('BatchTest', `m${i}`, { tags: 'Tag' }));
  const enc = encodeBatchSend(msgs, mq, settings, false);
  assert.equal(enc.header.batch, true);
  assert.equal(enc.header.properties, 'WAIT\u0001true');
  const entries = decodeBatch(Buffer.from(enc.body));
  assert.deepEqual(entries.map((e) => e.body.toString()), ['m0', 'm1', 'm2']);
  assert.deepEqual(enc.uniqMsgId.split(','), msgs.map((m) => m.uniqKey));
  assert.equal(decodeProperties(entries[1]!.propertiesString).get('UNIQ_KEY'), msgs[1]!.uniqKey);
});

function golden(name: string) {
  return decodeFrame(fs.readFileSync(path.join(goldenRemotingDir, name)));
}

test('SendResult from Java send responses (JSON and ROCKETMQ), toString as Java prints it', () => {
  for (
    const [file, queueId, offset, msgId] of [
      ['310-SEND_MESSAGE_V2-response-json.bin', 0, 0, '7F00000100002A9F000000000000A203'],
      ['310-SEND_MESSAGE_V2-response-rocketmq.bin', 2, 250, '7F00000100002A9F000000000003ED55'],
    ] as const
  ) {
    const r = processSendResponse(golden(file), 'TopicTest', 'broker-a', 'UNIQ', '127.0.0.1:10911');
    assert.equal(r.sendStatus, SendStatus.SEND_OK);
    assert.equal(r.offsetMsgId, msgId);
    assert.equal(r.msgId, 'UNIQ');
    assert.deepEqual(r.messageQueue, { topic: 'TopicTest', brokerName: 'broker-a', queueId });
    assert.equal(r.queueOffset, offset);
    assert.equal(r.regionId, 'DefaultRegion');
    assert.equal(r.traceOn, true);
  }
  const batch = processSendResponse(golden('320-SEND_BATCH_MESSAGE-response-json.bin'), 'BatchTest', 'broker-fx', 'a,b,c', 'x');
  assert.equal(batch.offsetMsgId.split(',').length, 3);
  const r = new SendResult(SendStatus.SEND_OK, 'C0000202', '7F000001', { topic: 'TopicTest', brokerName: 'broker-a', queueId: 1 }, 5);
  assert.equal(
    String(r),
    'SendResult [sendStatus=SEND_OK, msgId=C0000202, offsetMsgId=7F000001, messageQueue=MessageQueue [topic=TopicTest, brokerName=broker-a, queueId=1], queueOffset=5]',
  );
});

test('stored-but-warned answers are results; other codes are MQBrokerError with the code', () => {
  const req = createRequest(310, {});
  const ext = { msgId: '7F000001000000000000000000000001', queueId: '1', queueOffset: '9', TRACE_ON: 'false', MSG_REGION: 'r1' };
  const flush = processSendResponse(createResponse(req, ResponseCode.FLUSH_DISK_TIMEOUT, null, ext), 'T', 'b', 'u', 'addr');
  assert.equal(flush.sendStatus, SendStatus.FLUSH_DISK_TIMEOUT);
  assert.equal(flush.traceOn, false);
  assert.equal(flush.regionId, 'r1');
  assert.equal(
    processSendResponse(createResponse(req, ResponseCode.SLAVE_NOT_AVAILABLE, null, ext), 'T', 'b', 'u', 'a').sendStatus,
    SendStatus.SLAVE_NOT_AVAILABLE,
  );
  assert.throws(
    () => processSendResponse(createResponse(req, ResponseCode.TOPIC_NOT_EXIST, 'topic[T] not exist'), 'T', 'b', 'u', '1.2.3.4:10911'),
    (err: unknown) => {
      assert.ok(err instanceof MQBrokerError);
      assert.equal(err.responseCode, 17);
      assert.equal(err.retriable, true);
      assert.match(err.message, /topic\[T\] not exist/);
      return true;
    },
  );
  assert.throws(
    () => processSendResponse(createResponse(req, ResponseCode.MESSAGE_ILLEGAL, 'bad'), 'T', 'b', 'u', 'a'),
    (err: unknown) => err instanceof MQBrokerError && !err.retriable,
  );
});
