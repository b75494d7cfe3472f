// Pull bodies decoded in one pass into lazy MessageExt views, checked against the golden PULL
// responses of Java 4.9.8 and against the store's eager record decoder: same fields, bodies as
// views into the response (no copy), compressed bodies inflated on use, IPv6 hosts, tag re-check.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { decodeMessageExts } from '../../../src/client/message/decode.js';
import { decodePullResult, processPullResponse, PullStatus } from '../../../src/client/consumer/pull-result.js';
import { decodeMessages, encodeMessage } from '../../../src/common/message/record-codec.js';
import { compressBody } from '../../../src/common/message/compression.js';
import { decodeFrame } from '../../../src/remoting/frame.js';
import { MQBrokerError } from '../../../src/remoting/errors.js';
import { buildSubscriptionData } from '../../../src/remoting/protocol/subscription.js';
import { goldenRemotingDir } from '../../harness/fixtures.js';

function golden(name: string) {
  return decodeFrame(fs.readFileSync(path.join(goldenRemotingDir, name)));
}

const PULLS = [
  '11-PULL_MESSAGE-response-json.bin',
  '11-PULL_MESSAGE-response-rocketmq.bin',
  'extra/11-PULL_MESSAGE-response-json-to-rocketmq-request-FOUND-after-long-poll.bin',
  'extra/11-PULL_MESSAGE-response-rocketmq-ipv6-hosts.bin',
];

test('golden PULL bodies: every field agrees with the eager decoder; bodies are views into the response', () => {
  for (const file of PULLS) {
    const res = golden(file);
    const body = Buffer.from(res.body!);
    const lazy = decodeMessageExts(body);
    const eager = decodeMessages(body);
    assert.ok(lazy.length > 0, file);
    assert.equal(lazy.length, eager.length, file);
    lazy.forEach((m, i) => {
      const e = eager[i]!;
      assert.equal(m.topic, e.topic);
      assert.equal(m.queueId, e.queueId);
      assert.equal(m.queueOffset, e.queueOffset);
      assert.equal(m.commitLogOffset, e.commitLogOffset);
      assert.equal(m.storeSize, e.storeSize);
      assert.equal(m.sysFlag, e.sysFlag);
      assert.equal(m.flag, e.flag);
      assert.equal(m.bodyCRC, e.bodyCRC);
      assert.equal(m.bornTimestamp, e.bornTimestamp);
      assert.equal(m.storeTimestamp, e.storeTimestamp);
      assert.equal(m.bornHost, e.bornHostString);
      assert.equal(m.storeHost, e.storeHostString);
      assert.equal(m.reconsumeTimes, e.reconsumeTimes);
      assert.equal(m.preparedTransactionOffset, e.preparedTransactionOffset);
      assert.equal(m.offsetMsgId, e.msgId);
      assert.equal(m.msgId, e.uniqKey ?? e.msgId);
      assert.equal(m.propertiesString, e.propertiesString);
      assert.equal(m.tags, e.tags);
      assert.deepEqual(m.body, e.body);
      assert.equal(m.body.buffer, body.buffer, 'the body is not copied');
    });
  }
  const v6 = decodeMessageExts(Buffer.from(golden('extra/11-PULL_MESSAGE-response-rocketmq-ipv6-hosts.bin').body!));
  assert.match(v6[0]!.storeHost, /^\[::1\]:\d+$/);
  assert.equal(v6[0]!.offsetMsgId.length, 56);
});

test('processPullResponse: FOUND with offsets, Java JSON answers to ROCKETMQ requests, and the other statuses', () => {
  const found = processPullResponse(golden('11-PULL_MESSAGE-response-json.bin'), 'a');
  assert.equal(found.pullStatus, PullStatus.FOUND);
  assert.deepEqual([found.nextBeginOffset, found.minOffset, found.maxOffset, found.suggestWhichBrokerId], [261, 0, 261, 0]);
  const decoded = decodePullResult(
    found,
    { topic: 'TopicTest', brokerName: 'broker-a', queueId: 1 },
    buildSubscriptionData('TopicTest', '*'),
  );
  assert.equal(decoded.msgFoundList.length, 2);
  assert.equal(decoded.msgFoundList[0]!.brokerName, 'broker-a');
  assert.equal(decoded.msgFoundList[0]!.getProperty('MAX_OFFSET'), '261');
  assert.equal(decoded.msgFoundList[0]!.properties.get('MIN_OFFSET'), '0');
  const none = processPullResponse(golden('extra/11-PULL_MESSAGE-response-json-PULL_NOT_FOUND.bin'), 'a');
  assert.equal(none.pullStatus, PullStatus.NO_NEW_MSG);
  assert.equal(none.nextBeginOffset, 250);
  assert.equal(
    processPullResponse(golden('extra/11-PULL_MESSAGE-response-json-to-rocketmq-request-PULL_NOT_FOUND-after-long-poll.bin'), 'a')
      .pullStatus,
    PullStatus.NO_NEW_MSG,
  );
  assert.throws(
    () => processPullResponse(golden('extra/11-PULL_MESSAGE-response-json-SUBSCRIPTION_NOT_LATEST.bin'), 'a'),
    (e: unknown) => e instanceof MQBrokerError && e.responseCode === 25,
  );
});

test('the client re-checks tags: only messages whose TAGS is in the subscription stay', () => {
  const res = processPullResponse(golden('11-PULL_MESSAGE-response-json.bin'), 'a');
  const tag = decodeMessageExts(res.body!)[0]!.tags!;
  const mq = { topic: 'TopicTest', brokerName: 'broker-a', queueId: 1 };
  assert.equal(decodePullResult(res, mq, buildSubscriptionData('TopicTest', `${tag} || Other`)).msgFoundList.length, 2);
  assert.equal(decodePullResult(res, mq, buildSubscriptionData('TopicTest', 'NotThisOne')).msgFoundList.length, 0);
});

test('compressed bodies are inflated on first use; truncated records end the list', () => {
  const original = Buffer.alloc(5000, 0x61);
  const stored = compressBody(original);
  const rec = encodeMessage({
    topic: 'T',
    flag: 0,
    body: stored,
    propertiesString: 'TAGS\u0001a',
    queueId: 0,
    queueOffset: 5,
    commitLogOffset: 100,
    sysFlag: 769,
    bornTimestamp: 1,
    bornHostBytes: Buffer.from([127, 0, 0, 1, 0, 0, 0, 1]),
    storeTimestamp: 2,
    storeHostBytes: Buffer.from([127, 0, 0, 1, 0, 0, 0x2a, 0x9f]),
    reconsumeTimes: 2,
    preparedTransactionOffset: 0,
  });
  const both = Buffer.concat([rec, rec.subarray(0, rec.length - 3)]);
  const msgs = decodeMessageExts(both);
  assert.equal(msgs.length, 1);
  assert.deepEqual(msgs[0]!.body, original);
  assert.equal(msgs[0]!.storedBodyLength, stored.length);
  assert.equal(msgs[0]!.reconsumeTimes, 2);
  assert.equal(msgs[0]!.topic, 'T');
  const detached = msgs[0]!.detach();
  both.fill(0);
  assert.ok(detached.body.equals(original), 'a detached message survives its pull buffer');
  assert.equal(detached.queueOffset, 5);
});
