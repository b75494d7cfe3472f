// Request/reply between our clients on our broker (name server and broker in this process): a
// requester's request() gets the reply a responder made with createReplyMessage, pushed over the
// requester's own connection (PUSH_REPLY_MESSAGE_TO_CLIENT); concurrent requests each get their own
// reply; the callback form gets it once; no responder means RequestTimeoutError; replies are stored
// only with storeReplyMessageEnable; namespaced clients (the request and reply topics in the
// namespace, as Java's send them) work the same. Bad input: a reply to a client that has gone, and a reply
// without REPLY_TO_CLIENT, get SYSTEM_ERROR with Java's remark and one broker log line, and the next
// request still works; a reply nobody waits for is answered SUCCESS and logged once by the client.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Message } from '../../src/client/message/message.js';
import type { MessageExt } from '../../src/client/message/message-ext.js';
import { createReplyMessage, getReplyToClient } from '../../src/client/message/reply.js';
import { pendingRequestCount, RequestTimeoutError } from '../../src/client/producer/request-response.js';
import { SendStatus } from '../../src/client/producer/send-result.js';
import { ClientErrorCode } from '../../src/client/mix-all.js';
import { MessageConst } from '../../src/common/message/message-const.js';
import { setLogLevel } from '../../src/common/logger.js';
import { MQBrokerError } from '../../src/remoting/errors.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { Latch, pollUntil } from '../harness/latch.js';
import { captureLogs } from '../harness/logs.js';
import { createRoutedTopic, requestOfGoneClient, startedProducer, startResponder } from '../harness/request-reply.js';
import { startInProcessBroker, startInProcessNamesrv } from '../harness/servers.js';

setLogLevel('error');

const REPLY_TOPIC = 'TestCluster_REPLY_TOPIC';

test('request/reply between our clients on our broker', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const broker = await startInProcessBroker(t, { namesrvAddr: ns.addr });
  const requester = await startedProducer(t, ns.addr, 'rr_requester_pg');
  const topic = 'RrRequests';
  await createRoutedTopic(requester, broker.addr, topic);
  const responder = await startResponder(t, ns.addr, topic, 'rr_responder_cg');

  await t.test('request() returns the reply, pushed with the request correlation id', async () => {
    const msg = new Message(topic, 'ping', { keys: 'rr-1' });
    const reply = await requester.request(msg, 15_000);
    assert.equal(reply.body.toString(), 'reply:ping');
    assert.equal(reply.topic, REPLY_TOPIC);
    const correlationId = msg.getProperty(MessageConst.PROPERTY_CORRELATION_ID);
    assert.match(correlationId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(reply.getProperty(MessageConst.PROPERTY_CORRELATION_ID), correlationId);
    assert.equal(reply.getProperty(MessageConst.PROPERTY_MESSAGE_TYPE), 'reply');
    assert.equal(getReplyToClient(reply), requester.instance.clientId);
    assert.equal(reply.getProperty(MessageConst.PROPERTY_MESSAGE_TTL), '15000');
    assert.ok(Number(reply.getProperty(MessageConst.PROPERTY_REPLY_MESSAGE_ARRIVE_TIME)) >= Number(reply.bornTimestamp));
    assert.ok(Number(reply.getProperty(MessageConst.PROPERTY_PUSH_REPLY_TIME)) > 0);
    assert.equal(reply.storeHost, broker.addr);
    // The request the responder saw carried the reply address, the TTL and the broker's cluster.
    const seen = responder.requests.find((m) => m.getProperty(MessageConst.PROPERTY_CORRELATION_ID) === correlationId)!;
    assert.equal(seen.getProperty(MessageConst.PROPERTY_CLUSTER), 'TestCluster');
    assert.equal(getReplyToClient(seen), requester.instance.clientId);
    assert.equal(pendingRequestCount(), 0);
  });

  await t.test('concurrent requests each get their own reply; a large one comes back compressed and whole', async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => `req-${i}`);
    bodies.push('x'.repeat(10_000));
    const replies = await Promise.all(bodies.map((b) => requester.request(new Message(topic, b), 15_000)));
    assert.deepEqual(replies.map((r) => r.body.toString()), bodies.map((b) => `reply:${b}`));
    assert.ok((replies.at(-1)!.sysFlag & 1) === 1, 'the 10 KB reply travelled compressed');
  });

  await t.test('the callback form gets the reply once', async () => {
    const got: Array<MessageExt | Error> = [];
    const done = new Latch();
    await requester.request(new Message(topic, 'cb'), {
      onSuccess: (m) => {
        got.push(m);
        done.countDown();
      },
      onException: (e) => {
        got.push(e);
        done.countDown();
      },
    }, 15_000);
    await done.wait(20_000, 'the callback');
    assert.equal(got.length, 1);
    assert.equal((got[0] as MessageExt).body.toString(), 'reply:cb');
  });

  await t.test('replies are stored only with storeReplyMessageEnable; either way the reply arrives', async () => {
    const mq = { topic: REPLY_TOPIC, brokerName: 'broker-t', queueId: 0 };
    // The requester has its reply once the broker pushed it, before the broker stores it; the
    // responder's send returns after both.
    const settled = () =>
      pollUntil(() => responder.replies.length + responder.errors.length === responder.requests.length, 'the responder to finish', 10_000);
    await settled();
    const before = await requester.instance.admin.maxOffset(mq);
    await requester.request(new Message(topic, 'stored'), 15_000);
    await settled();
    assert.equal(await requester.instance.admin.maxOffset(mq), before + 1);
    assert.notEqual(responder.replies.at(-1)!.offsetMsgId, '0');
    broker.controller.brokerConfig.storeReplyMessageEnable = false;
    try {
      assert.equal((await requester.request(new Message(topic, 'not stored'), 15_000)).body.toString(), 'reply:not stored');
      await settled();
      assert.equal(await requester.instance.admin.maxOffset(mq), before + 1);
      // Java's answer for a reply pushed but not stored.
      const r = responder.replies.at(-1)!;
      assert.equal(r.sendStatus, SendStatus.SEND_OK);
      assert.equal(r.offsetMsgId, '0');
      assert.equal(r.queueOffset, 0);
    } finally {
      broker.controller.brokerConfig.storeReplyMessageEnable = true;
    }
  });

  await t.test('no responder: RequestTimeoutError, in both forms', async () => {
    const quiet = 'RrNobodyAnswers';
    await createRoutedTopic(requester, broker.addr, quiet);
    await assert.rejects(requester.request(new Message(quiet, 'hello?'), 300), (err: unknown) => {
      assert.ok(err instanceof RequestTimeoutError, String(err));
      assert.equal(err.responseCode, ClientErrorCode.REQUEST_TIMEOUT_EXCEPTION);
      assert.equal(err.message, `send request message to <${quiet}> OK, but wait reply message timeout, 300 ms.`);
      return true;
    });
    const failed = new Latch();
    let error: unknown;
    await requester.request(new Message(quiet, 'hello?'), {
      onSuccess: () => failed.countDown(),
      onException: (e) => {
        error = e;
        failed.countDown();
      },
    }, 300);
    await failed.wait(10_000, 'the timeout callback');
    assert.ok(error instanceof RequestTimeoutError);
    assert.equal((error as Error).message, 'request timeout, no reply message.');
    assert.equal(pendingRequestCount(), 0);
  });
});

test('replies that cannot be delivered: the broker answers as Java does, logs one line, and serves on', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const broker = await startInProcessBroker(t, { namesrvAddr: ns.addr });
  const replier = await startedProducer(t, ns.addr, 'rr_bad_replier_pg');
  const topic = 'RrBadReplies';
  await createRoutedTopic(replier, broker.addr, topic);
  const mq = { topic: 'TestCluster_REPLY_TOPIC', brokerName: 'broker-t', queueId: 0 };
  const logs = captureLogs(t, 'warn');

  // A requester that sends a request and goes away before the reply comes.
  const { request: original, clientId: goneId } = await requestOfGoneClient(t, ns.addr, replier, topic, 'rr-gone');

  await t.test('to a client that has gone: SYSTEM_ERROR "channel of <id> not found." and one log line', async () => {
    logs.length = 0;
    const err = await replier.send(createReplyMessage(original, 'too late'), { mq }).then(() => assert.fail('sent'), (e: unknown) => e);
    assert.ok(err instanceof MQBrokerError, String(err));
    assert.equal(err.responseCode, ResponseCode.SYSTEM_ERROR);
    assert.equal(err.remark, `push reply message fail, channel of <${goneId}> not found.`);
    assert.deepEqual(logs.filter((l) => l.includes('not found')).length, 1, logs.join('\n'));
  });

  await t.test('without REPLY_TO_CLIENT: SYSTEM_ERROR naming the property', async () => {
    const reply = createReplyMessage(original, 'to nobody');
    reply.clearProperty(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT);
    const err = await replier.send(reply, { mq }).then(() => assert.fail('sent'), (e: unknown) => e);
    assert.ok(err instanceof MQBrokerError);
    assert.equal(err.responseCode, ResponseCode.SYSTEM_ERROR);
    assert.equal(err.remark, 'reply message properties[REPLY_TO_CLIENT] is null');
  });

  await t.test('a reply nobody waits for: the live client answers SUCCESS and logs it once', async () => {
    const live = await startedProducer(t, ns.addr, 'rr_live_pg');
    await live.instance.updateTopicRouteInfoFromNameServer(topic);
    await live.instance.sendHeartbeatToAllBrokerWithLock();
    const stray = createReplyMessage(original, 'stray');
    stray.putProperty(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT, live.instance.clientId);
    stray.putProperty(MessageConst.PROPERTY_CORRELATION_ID, 'no-such-request');
    logs.length = 0;
    const r = await replier.send(stray, { mq });
    assert.equal(r.sendStatus, SendStatus.SEND_OK);
    assert.equal(logs.filter((l) => l.includes('not matched any request')).length, 1, logs.join('\n'));
  });

  await t.test('the broker serves on: a new requester gets its reply', async () => {
    await startResponder(t, ns.addr, topic, 'rr_bad_responder_cg');
    const next = await startedProducer(t, ns.addr, 'rr_next_pg');
    assert.equal((await next.request(new Message(topic, 'still there'), 15_000)).body.toString(), 'reply:still there');
  });
});

test('request/reply between namespaced clients: request and reply topics go to the broker in the namespace', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const broker = await startInProcessBroker(t, { namesrvAddr: ns.addr });
  const requester = await startedProducer(t, ns.addr, 'rr_ns_requester_pg', { namespace: 'rrns' });
  await createRoutedTopic(requester, broker.addr, 'rrns%RrNsRequests');
  const responder = await startResponder(t, ns.addr, 'RrNsRequests', 'rr_ns_responder_cg', undefined, { namespace: 'rrns' });
  const msg = new Message('RrNsRequests', 'ping');
  const reply = await requester.request(msg, 15_000);
  assert.equal(reply.body.toString(), 'reply:ping');
  // Java's responder, like ours, sends the reply to the cluster's reply topic in its namespace.
  assert.equal(reply.topic, `rrns%${REPLY_TOPIC}`);
  assert.equal(msg.topic, 'RrNsRequests', "the caller's message keeps its topic");
  assert.equal(responder.requests[0]!.topic, 'RrNsRequests');
});
