// Namespaces: NamespaceUtil's rules (the cases of Java's NamespaceUtilTest, plus system names and
// other namespaces), ClientConfig's namespace helpers and client id (a namespace is not part of it;
// pull consumers add @STREAM and mark requests ReqT=0 before an ACL hook signs them), and the
// message view a namespaced producer sends.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aclHook, ClientConfig } from '../../../src/client/client-config.js';
import { Message } from '../../../src/client/message/message.js';
import {
  getNamespaceFromResource,
  isAlreadyWithNamespace,
  messageInNamespace,
  queueWithNamespace,
  queueWithoutNamespace,
  stripMessageTopics,
  withoutAnyNamespace,
  withoutNamespace,
  wrapNamespace,
  wrapNamespaceAndRetry,
} from '../../../src/client/namespace.js';
import { createRequest } from '../../../src/remoting/command.js';
import { RequestCode } from '../../../src/remoting/request-code.js';

const NS = 'MQ_INST_XXX';
const TOPIC = 'TOPIC_XXX';
const GROUP = 'GID_XXX';

test('wrapNamespace: ns%name, %RETRY%ns%group, %DLQ%ns%group; idempotent; system names and no namespace untouched', () => {
  assert.equal(wrapNamespace(NS, TOPIC), `${NS}%${TOPIC}`);
  assert.equal(wrapNamespace(NS, `${NS}%${TOPIC}`), `${NS}%${TOPIC}`);
  assert.equal(wrapNamespace(NS, `%RETRY%${GROUP}`), `%RETRY%${NS}%${GROUP}`);
  assert.equal(wrapNamespace(NS, `%RETRY%${NS}%${GROUP}`), `%RETRY%${NS}%${GROUP}`);
  assert.equal(wrapNamespace(NS, `%DLQ%${GROUP}`), `%DLQ%${NS}%${GROUP}`);
  assert.equal(wrapNamespace(NS, `%DLQ%${NS}%${GROUP}`), `%DLQ%${NS}%${GROUP}`);
  for (const system of ['rmq_sys_topic', 'TBW102', 'SCHEDULE_TOPIC_XXXX', 'RMQ_SYS_TRACE_TOPIC', 'CID_RMQ_SYS_GROUP']) {
    assert.equal(wrapNamespace(NS, system), system, system);
  }
  assert.equal(wrapNamespace(undefined, TOPIC), TOPIC);
  assert.equal(wrapNamespace('', TOPIC), TOPIC);
  assert.equal(wrapNamespaceAndRetry(NS, GROUP), `%RETRY%${NS}%${GROUP}`);
  assert.equal(wrapNamespaceAndRetry(NS, `${NS}%${GROUP}`), `%RETRY%${NS}%${GROUP}`);
});

test('withoutNamespace: only the given namespace comes off; withoutAnyNamespace takes off whatever is there', () => {
  assert.equal(withoutNamespace(`${NS}%${TOPIC}`, NS), TOPIC);
  assert.equal(withoutNamespace(`${NS}%${GROUP}`, NS), GROUP);
  assert.equal(withoutNamespace(`%RETRY%${NS}%${GROUP}`, NS), `%RETRY%${GROUP}`);
  assert.equal(withoutNamespace(`%DLQ%${NS}%${GROUP}`, NS), `%DLQ%${GROUP}`);
  assert.equal(withoutNamespace(`%RETRY%${NS}%${GROUP}`, 'MQ_INST_XXX1'), `%RETRY%${NS}%${GROUP}`, 'another namespace stays');
  assert.equal(withoutNamespace(`${NS}%${TOPIC}`, undefined), `${NS}%${TOPIC}`);
  assert.equal(withoutNamespace(TOPIC, NS), TOPIC);
  assert.equal(withoutAnyNamespace(`${NS}%${TOPIC}`), TOPIC);
  assert.equal(withoutAnyNamespace(`%RETRY%${NS}%${GROUP}`), `%RETRY%${GROUP}`);
  assert.equal(withoutAnyNamespace(`%RETRY%${GROUP}`), `%RETRY%${GROUP}`);
  assert.equal(withoutAnyNamespace('rmq_sys_a%b'), 'rmq_sys_a%b');
});

test('namespace of a resource and the already-wrapped check', () => {
  assert.equal(getNamespaceFromResource(TOPIC), '');
  assert.equal(getNamespaceFromResource(`${NS}%${TOPIC}`), NS);
  assert.equal(getNamespaceFromResource(`%RETRY%${NS}%${GROUP}`), NS);
  assert.equal(isAlreadyWithNamespace(`%DLQ%${NS}%${GROUP}`, NS), true);
  assert.equal(isAlreadyWithNamespace(`${NS}1%${GROUP}`, NS), false, 'a longer namespace is another one');
  assert.equal(isAlreadyWithNamespace(`${NS}%${GROUP}`, undefined), false);
});

test('queues and received messages: wrapped for the broker, stripped for the user', () => {
  const mq = { topic: 'T', brokerName: 'b', queueId: 3 };
  const wrapped = queueWithNamespace('ns1', mq);
  assert.deepEqual(wrapped, { topic: 'ns1%T', brokerName: 'b', queueId: 3 });
  assert.deepEqual(queueWithoutNamespace('ns1', wrapped), mq);
  assert.equal(queueWithNamespace(undefined, mq), mq, 'no namespace: the same object');
  const msgs = [{ topic: 'ns1%T' }, { topic: 'other%T' }, { topic: 'T' }];
  stripMessageTopics('ns1', msgs);
  assert.deepEqual(msgs.map((m) => m.topic), ['T', 'other%T', 'T']);
});

test("the message a namespaced producer sends is a view: its own topic, the caller's properties and body", () => {
  const msg = new Message('T', 'body', { tags: 'A' });
  const view = messageInNamespace('ns1', msg);
  assert.ok(view instanceof Message);
  assert.equal(view.topic, 'ns1%T');
  assert.equal(msg.topic, 'T', "the caller's message keeps its topic");
  assert.equal(view.body, msg.body);
  assert.equal(view.tags, 'A');
  view.putProperty('UNIQ_KEY', 'id-1');
  assert.equal(msg.uniqKey, 'id-1', "what the send adds lands on the caller's message");
  assert.equal(messageInNamespace(undefined, msg), msg);
  assert.equal(messageInNamespace('ns1', view), view, 'already wrapped: no second view');
});

test("ClientConfig: namespace helpers; the client id has no namespace; STREAM ends a pull consumer's id and ReqT is signed", () => {
  const c = new ClientConfig({ namesrvAddr: 'a:1', clientIP: '10.0.0.1', instanceName: 'i', unitName: 'u', namespace: 'ns1' });
  assert.equal(c.namespace, 'ns1');
  assert.equal(c.withNamespace('G'), 'ns1%G');
  assert.equal(c.withoutNamespace('%RETRY%ns1%G'), '%RETRY%G');
  assert.deepEqual(c.queueWithoutNamespace(c.queueWithNamespace({ topic: 'T', brokerName: 'b', queueId: 0 })), {
    topic: 'T',
    brokerName: 'b',
    queueId: 0,
  });
  assert.equal(c.buildMQClientId(), '10.0.0.1@i@u');
  assert.equal(c.requestHook(), undefined);
  c.enableStreamRequestType = true;
  assert.equal(c.buildMQClientId(), '10.0.0.1@i@u@STREAM');
  assert.equal(new ClientConfig({ namespace: '' }).namespace, undefined, 'an empty namespace is none');

  const signed = new ClientConfig({ rpcHook: aclHook({ accessKey: 'ak', secretKey: 'sk' }) });
  signed.enableStreamRequestType = true;
  const req = createRequest(RequestCode.PULL_MESSAGE, { topic: 'T' }, null);
  signed.requestHook()!.doBeforeRequest('127.0.0.1:1', req);
  assert.equal(req.extFields!.ReqT, '0');
  assert.equal(req.extFields!.AccessKey, 'ak');
  const unsigned = createRequest(RequestCode.PULL_MESSAGE, { topic: 'T', ReqT: '0' }, null);
  aclHook({ accessKey: 'ak', secretKey: 'sk' }).doBeforeRequest('127.0.0.1:1', unsigned);
  assert.equal(req.extFields!.Signature, unsigned.extFields!.Signature, 'the signature covers ReqT');
});
