// PlainAccessValidator against one home: white lists, keys, signatures (ours and mqadmin's captured
// ones), admin codes and every topic and group permission rule, with Java's refusal messages.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CAL_SIGNATURE_FAILED, expectedSignature, PlainAccessValidator } from '../../../src/acl/plain-access-validator.js';
import { AclError } from '../../../src/acl/acl-error.js';
import { RequestCode } from '../../../src/remoting/request-code.js';
import { decodeFrame } from '../../../src/remoting/frame.js';
import { encodeHeartbeatData } from '../../../src/remoting/protocol/heartbeat.js';
import { goldenRemotingDir } from '../../harness/fixtures.js';
import { aclHome, refusal, request, signed } from '../../harness/acl.js';

const ACL = `globalWhiteRemoteAddresses:
  - 10.10.103.*
accounts:
  - accessKey: RocketMQ
    secretKey: 12345678
    whiteRemoteAddress:
    admin: false
    defaultTopicPerm: DENY
    defaultGroupPerm: SUB
    topicPerms:
      - topicA=DENY
      - topicB=PUB|SUB
      - topicC=SUB
      - topicP=PUB
    groupPerms:
      - groupA=DENY
      - groupB=PUB|SUB
      - groupC=SUB
  - accessKey: rocketmq2
    secretKey: 12345678
    whiteRemoteAddress: 192.168.1.*
    admin: true
  - accessKey: pubOnlyUser
    secretKey: pubOnlySecret
    defaultTopicPerm: PUB
`;

const USER = { accessKey: 'RocketMQ', secretKey: '12345678' };
const ADMIN = { accessKey: 'rocketmq2', secretKey: '12345678' };
const PUB_ONLY = { accessKey: 'pubOnlyUser', secretKey: 'pubOnlySecret' };
const PEER = '127.0.0.1:40000';

type Cred = typeof USER;
const sendV2 = (c: Cred, topic: string, group = 'producerGroup') =>
  signed(RequestCode.SEND_MESSAGE_V2, { a: group, b: topic, c: 'TBW102', d: '4', e: '0', f: '0', g: '1', h: '0' }, c, Buffer.from('hi'));
const pull = (c: Cred, topic: string, group: string) =>
  signed(RequestCode.PULL_MESSAGE, {
    consumerGroup: group,
    topic,
    queueId: '0',
    queueOffset: '0',
    maxMsgNums: '32',
    sysFlag: '0',
    commitOffset: '0',
  }, c);

function validator(t: { after(fn: () => void): void }): PlainAccessValidator {
  const acl = new PlainAccessValidator({ rocketmqHome: aclHome(t, { 'conf/plain_acl.yml': ACL }), watchIntervalMs: 0 });
  t.after(() => acl.close());
  return acl;
}

test('white lists, keys and signatures, in Java’s order', (t) => {
  const acl = validator(t);
  // A global white address needs nothing else, not even extFields.
  acl.check(request(RequestCode.UPDATE_AND_CREATE_TOPIC, null), '10.10.103.9:1');
  assert.throws(() => acl.check(request(RequestCode.SEND_MESSAGE_V2, null), PEER), refusal('No accessKey is configured'));
  assert.throws(
    () => acl.check(sendV2({ accessKey: 'nobody00', secretKey: 'whatever' }, 'topicB'), PEER),
    refusal('No acl config for nobody00'),
  );
  // The account's own white address lets its requests through unsigned.
  acl.check(request(RequestCode.UPDATE_AND_CREATE_TOPIC, { AccessKey: 'rocketmq2' }), '192.168.1.20:1');
  assert.throws(
    () => acl.check(request(RequestCode.UPDATE_AND_CREATE_TOPIC, { AccessKey: 'rocketmq2' }), '192.168.2.20:1'),
    refusal('Check signature failed for accessKey=rocketmq2'),
  );
  // Our signer's requests verify; a changed body, field or key does not.
  acl.check(sendV2(USER, 'topicB'), PEER);
  const tampered = sendV2(USER, 'topicB');
  tampered.body = Buffer.from('ho');
  assert.throws(() => acl.check(tampered, PEER), refusal('Check signature failed for accessKey=RocketMQ'));
  const moved = sendV2(USER, 'topicB');
  moved.extFields!.e = '1';
  assert.throws(() => acl.check(moved, PEER), refusal('Check signature failed for accessKey=RocketMQ'));
  assert.throws(
    () => acl.check(sendV2({ accessKey: 'RocketMQ', secretKey: '87654321' }, 'topicB'), PEER),
    refusal('Check signature failed for accessKey=RocketMQ'),
  );
});

test('topic permissions: DENY, PUB-only sends but cannot pull, defaults for unlisted topics', (t) => {
  const acl = validator(t);
  assert.throws(() => acl.check(sendV2(USER, 'topicA'), PEER), refusal('No default permission for topic:topicA'));
  acl.check(sendV2(USER, 'topicP'), PEER);
  assert.throws(() => acl.check(pull(USER, 'topicP', 'groupC'), PEER), refusal('No default permission for topic:topicP'));
  acl.check(pull(USER, 'topicC', 'groupC'), PEER);
  acl.check(sendV2(USER, 'topicB'), PEER);
  acl.check(pull(USER, 'topicB', 'groupB'), PEER);
  assert.throws(() => acl.check(sendV2(USER, 'topicC'), PEER), refusal('No default permission for topic:topicC'));
  // Unlisted topic: defaultTopicPerm DENY; unlisted group: defaultGroupPerm SUB.
  assert.throws(() => acl.check(sendV2(USER, 'otherTopic'), PEER), refusal('No default permission for topic:otherTopic'));
  acl.check(pull(USER, 'topicC', 'otherGroup'), PEER);
  // An account with only defaultTopicPerm PUB: sends anywhere, pulls nowhere, and has no group rights.
  acl.check(sendV2(PUB_ONLY, 'anyTopic'), PEER);
  acl.check(signed(RequestCode.SEND_MESSAGE, { producerGroup: 'pg', topic: 'anyTopic' }, PUB_ONLY), PEER);
  assert.throws(() => acl.check(pull(PUB_ONLY, 'anyTopic', 'anyGroup'), PEER), refusal('No default permission for topic:anyTopic'));
  assert.throws(
    () => acl.check(signed(RequestCode.GET_CONSUMER_LIST_BY_GROUP, { consumerGroup: 'anyGroup' }, PUB_ONLY), PEER),
    refusal('No default permission for group:anyGroup'),
  );
  // Traces may always be published.
  acl.check(sendV2(USER, 'RMQ_SYS_TRACE_TOPIC'), PEER);
});

test('group permissions, retry topics checked as their group, heartbeats, offsets', (t) => {
  const acl = validator(t);
  assert.throws(() => acl.check(pull(USER, 'topicC', 'groupA'), PEER), refusal('No default permission for group:groupA'));
  acl.check(pull(USER, '%RETRY%groupC', 'groupC'), PEER);
  assert.throws(() => acl.check(pull(USER, '%RETRY%groupA', 'groupC'), PEER), refusal('No default permission for group:groupA'));
  // A send to a retry topic needs SUB on the sending group, not PUB on the topic.
  acl.check(sendV2(USER, '%RETRY%groupC', 'groupC'), PEER);
  assert.throws(() => acl.check(sendV2(USER, '%RETRY%groupA', 'groupA'), PEER), refusal('No default permission for group:groupA'));
  assert.throws(
    () => acl.check(signed(RequestCode.SEND_BATCH_MESSAGE, { a: 'groupA', b: '%RETRY%groupA' }, USER), PEER),
    refusal('No default permission for group:groupA'),
  );
  assert.throws(
    () => acl.check(signed(RequestCode.CONSUMER_SEND_MSG_BACK, { group: 'groupA', offset: '1', delayLevel: '0' }, USER), PEER),
    refusal('No default permission for group:groupA'),
  );
  const heartbeat = (group: string, topic: string) =>
    signed(
      RequestCode.HEART_BEAT,
      {},
      USER,
      encodeHeartbeatData({
        clientID: '127.0.0.1@1',
        producerDataSet: [],
        consumerDataSet: [{
          groupName: group,
          consumeType: 'CONSUME_PASSIVELY',
          messageModel: 'CLUSTERING',
          consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
          unitMode: false,
          subscriptionDataSet: [{
            topic,
            subString: '*',
            tagsSet: new Set<string>(),
            codeSet: new Set<number>(),
            subVersion: 1,
            expressionType: 'TAG',
            classFilterMode: false,
          }],
        }],
      }),
    );
  acl.check(heartbeat('groupC', 'topicC'), PEER);
  assert.throws(() => acl.check(heartbeat('groupA', 'topicC'), PEER), refusal('No default permission for group:groupA'));
  assert.throws(() => acl.check(heartbeat('groupC', 'topicA'), PEER), refusal('No default permission for topic:topicA'));
  const offset = (topic: string) =>
    signed(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: 'groupC', topic, queueId: '0', commitOffset: '5' }, USER);
  acl.check(offset('topicC'), PEER);
  assert.throws(() => acl.check(offset('topicA'), PEER), refusal('No default permission for topic:topicA'));
  // A header the resource parse cannot read is refused with the decoder's reason.
  assert.throws(
    () => acl.check(signed(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: 'groupC', topic: 'topicC' }, USER), PEER),
    refusal('the custom field <queueId> is null'),
  );
  assert.throws(
    () => acl.check(signed(RequestCode.UNREGISTER_CLIENT, { consumerGroup: 'groupA', clientID: 'c' }, USER), PEER),
    refusal('No default permission for group:groupA'),
  );
});

test('admin-only request codes need an admin account', (t) => {
  const acl = validator(t);
  for (
    const code of [
      RequestCode.UPDATE_AND_CREATE_TOPIC,
      RequestCode.UPDATE_BROKER_CONFIG,
      RequestCode.DELETE_TOPIC_IN_BROKER,
      RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
      RequestCode.DELETE_SUBSCRIPTIONGROUP,
      RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
      RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG,
    ]
  ) {
    assert.throws(
      () => acl.check(signed(code, { topic: 'topicB' }, USER), PEER),
      refusal(`Need admin permission for request code=${code}, but accessKey=RocketMQ is not`),
    );
    acl.check(signed(code, { topic: 'topicB' }, ADMIN), PEER);
  }
  // Other codes need only a valid signature.
  acl.check(signed(RequestCode.GET_BROKER_RUNTIME_INFO, {}, USER), PEER);
  // An admin with no resource list may use every topic and group.
  acl.check(pull(ADMIN, 'topicA', 'groupA'), PEER);
});

const golden = (file: string) => fs.readFileSync(path.join(goldenRemotingDir, file));

test('golden: a send mqadmin 4.9.8 signed with tools.yml’s rocketmq2/12345678 verifies; one flipped byte does not', (t) => {
  const acl = validator(t);
  const frame = golden('extra/310-SEND_MESSAGE_V2-request-json-mqadmin-acl-signed-with-keys.bin');
  const req = decodeFrame(frame);
  assert.equal(req.extFields!.AccessKey, 'rocketmq2');
  acl.check(req, PEER);
  for (const at of [frame.length - 1, 8 + frame.subarray(8).indexOf('TopicTest')]) {
    const bad = Buffer.from(frame);
    bad[at]! ^= 0x01;
    assert.throws(() => acl.check(decodeFrame(bad), PEER), refusal('Check signature failed for accessKey=rocketmq2'));
  }
});

test('golden: a query by unique key signs _UNIQUE_KEY_QUERY from 4.9.4 on, and older clients sign without it', (t) => {
  const acl = validator(t);
  const req = decodeFrame(golden('12-QUERY_MESSAGE-request-json.bin'));
  assert.equal(req.version, 409);
  assert.notEqual(req.extFields!._UNIQUE_KEY_QUERY, undefined);
  acl.check(req, PEER);
  // Read as a 4.9.3 client's request, the flag is outside the signature, so this one no longer verifies...
  assert.throws(() => acl.check({ ...req, version: 404 }, PEER), refusal('Check signature failed for accessKey=rocketmq2'));
  // ...and a 4.9.3 client's own (flag added after signing) does.
  const old = signed(
    RequestCode.QUERY_MESSAGE,
    { topic: 'TopicTest', key: 'k', maxNum: '32', beginTimestamp: '0', endTimestamp: '1' },
    ADMIN,
  );
  old.extFields!._UNIQUE_KEY_QUERY = 'true';
  old.version = 404;
  acl.check(old, PEER);
});

test('a signature cannot be made with an empty secret key (AclSigner code 10015)', () => {
  assert.throws(
    () => expectedSignature(request(RequestCode.SEND_MESSAGE, { topic: 't' }), ''),
    (err: unknown) =>
      err instanceof AclError && err.code === CAL_SIGNATURE_FAILED && err.status === 'CAL_SIGNATURE_FAILED' &&
      err.message === '[10015:signature-failed] unable to calculate a request signature. error=Empty key',
  );
});
