// The broker's message paths over raw requests on real sockets, in both serialize types: sends
// (V1, V2, batch), pulls with tag filters, long polling and offset corrections, look-ups by key,
// offset and time, consumer offsets, heartbeats and group notifications, retry, DLQ and delay
// levels. One name server and one broker in this process serve the whole file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessageId } from '../../src/common/message/message-id.js';
import { encodeBatch } from '../../src/common/message/batch-codec.js';
import { encodeProperties } from '../../src/common/message/properties.js';
import { decodeMessages } from '../../src/common/message/record-codec.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest, type RemotingCommand } from '../../src/remoting/command.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { decodeConsumerIdList } from '../../src/remoting/protocol/consumer-ids.js';
import { decodeConsumerConnection, decodeProducerConnection } from '../../src/remoting/protocol/connection-info.js';
import { encodeCheckClientRequestBody } from '../../src/remoting/protocol/heartbeat.js';
import { decodeLockBatchResponseBody, encodeLockBatchRequestBody } from '../../src/remoting/protocol/lock.js';
import { encodeSendMessageRequestHeaderV2 } from '../../src/remoting/protocol/send.js';
import { buildSubscriptionData } from '../../src/remoting/protocol/subscription.js';
import { decodeTopicRouteData } from '../../src/remoting/protocol/namesrv/index.js';
import { Latch, pollUntil } from '../harness/latch.js';
import { startInProcessBroker, startInProcessNamesrv } from '../harness/servers.js';
import { drainQueue, heartbeatRequest, messagesOf, pull, pullRequest, send, SerializeType } from '../harness/broker-requests.js';

const TYPES = [['JSON', SerializeType.JSON], ['ROCKETMQ', SerializeType.ROCKETMQ]] as const;

test('broker message paths over raw requests', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const b = await startInProcessBroker(t, {
    namesrvAddr: ns.addr,
    messageStoreConfig: { messageDelayLevel: '1s 1s 1s 1s 1s 2s' },
  });
  const client = b.client;
  const call = (code: number, ext?: Record<string, string> | null, body?: Uint8Array | null, st: 0 | 1 = SerializeType.JSON) =>
    b.invoke(createRequest(code, ext ?? null, body ?? null, st));

  for (const [name, st] of TYPES) {
    await t.test(`${name}: SEND_MESSAGE and SEND_MESSAGE_V2 store the message with CLUSTER and answer msgId, queue and offset`, async () => {
      const topic = `Send${name}`;
      for (const v1 of [false, true]) {
        const res = await send(client, b.addr, {
          topic,
          tags: 'TagA',
          keys: 'k1 k2',
          queueId: 1,
          serializeType: st,
          v1,
          body: `hello ${v1}`,
        });
        assert.equal(res.code, ResponseCode.SUCCESS, res.remark ?? '');
        assert.equal(res.serializeType, st, "answered in the request's serialize type");
        const ext = res.extFields!;
        assert.equal(ext.queueId, '1');
        assert.equal(ext.MSG_REGION, 'DefaultRegion');
        assert.equal(ext.TRACE_ON, 'true');
        const id = decodeMessageId(ext.msgId!);
        assert.deepEqual(id.address, { host: '127.0.0.1', port: b.controller.nettyServerConfig.listenPort });
        const view = await call(RequestCode.VIEW_MESSAGE_BY_ID, { offset: String(id.offset) }, null, st);
        const [m] = messagesOf(view);
        assert.equal(m!.body.toString(), `hello ${v1}`);
        assert.equal(m!.queueOffset, Number(ext.queueOffset));
        assert.equal(m!.getProperty('CLUSTER'), 'TestCluster');
        assert.equal(m!.getProperty('WAIT'), undefined, 'WAIT is not stored');
        assert.equal(m!.getProperty('KEYS'), 'k1 k2');
      }
      const auto = await send(client, b.addr, { topic, queueId: -1, serializeType: st });
      assert.ok(Number(auto.extFields!.queueId) >= 0 && Number(auto.extFields!.queueId) < 4, 'a negative queue id picks a writable queue');
      const route = decodeTopicRouteData((await ns.invoke(createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }))).body!);
      assert.equal(route.queueDatas[0]!.writeQueueNums, 4, 'the auto-created topic reached the name server');
    });

    await t.test(`${name}: SEND_BATCH_MESSAGE stores each message with consecutive offsets and comma-separated ids`, async () => {
      const topic = `Batch${name}`;
      const props = (i: number) => encodeProperties({ KEYS: `b${i}`, UNIQ_KEY: `U${i}`, WAIT: 'true', TAGS: 'Tag' });
      const body = encodeBatch([0, 1, 2].map((i) => ({ flag: 0, body: Buffer.from(`batch ${i}`), propertiesString: props(i) })));
      const header = encodeSendMessageRequestHeaderV2({
        producerGroup: 'bp',
        topic,
        defaultTopic: 'TBW102',
        defaultTopicQueueNums: 4,
        queueId: 2,
        sysFlag: 0,
        bornTimestamp: Date.now(),
        flag: 0,
        properties: 'WAIT\u0001true',
        reconsumeTimes: 0,
        unitMode: false,
        batch: true,
      });
      const res = await client.invoke(b.addr, createRequest(RequestCode.SEND_BATCH_MESSAGE, header, body, st), 5000);
      assert.equal(res.code, ResponseCode.SUCCESS, res.remark ?? '');
      assert.equal(res.extFields!.msgId!.split(',').length, 3);
      assert.equal(res.extFields!.queueOffset, '0');
      const msgs = await drainQueue(client, b.addr, { group: 'batch-reader', topic, queueId: 2 });
      assert.deepEqual(
        msgs.map((m) => [m.body.toString(), m.queueOffset, m.getProperty('KEYS'), m.getProperty('CLUSTER')]),
        [0, 1, 2].map((i) => [`batch ${i}`, i, `b${i}`, 'TestCluster']),
      );
    });

    await t.test(`${name}: PULL_MESSAGE filters by tag and answers FOUND, NOT_FOUND and OFFSET_MOVED with Java's offsets`, async () => {
      const topic = `Pull${name}`;
      for (let i = 0; i < 6; i++) {
        assert.equal((await send(client, b.addr, { topic, queueId: 0, tags: ['TagA', 'TagB', 'TagC'][i % 3], body: `m${i}` })).code, 0);
      }
      const all = await pull(client, b.addr, { group: 'pg1', topic, subscription: '*', serializeType: st });
      assert.equal(all.code, ResponseCode.SUCCESS);
      assert.equal(all.remark, 'FOUND');
      assert.deepEqual({ ...all.extFields }, { suggestWhichBrokerId: '0', nextBeginOffset: '6', minOffset: '0', maxOffset: '6' });
      assert.deepEqual(messagesOf(all).map((m) => m.body.toString()), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
      const ac = await pull(client, b.addr, { group: 'pg1', topic, subscription: 'TagA || TagC', serializeType: st });
      assert.deepEqual(messagesOf(ac).map((m) => m.getProperty('TAGS')), ['TagA', 'TagC', 'TagA', 'TagC']);
      const end = await pull(client, b.addr, { group: 'pg1', topic, offset: 6, subscription: '*', serializeType: st });
      assert.equal(end.code, ResponseCode.PULL_NOT_FOUND);
      assert.equal(end.remark, 'OFFSET_OVERFLOW_ONE');
      const far = await pull(client, b.addr, { group: 'pg1', topic, offset: 100, subscription: '*', serializeType: st });
      assert.equal(far.code, ResponseCode.PULL_OFFSET_MOVED);
      assert.equal(far.extFields!.nextBeginOffset, '6', 'corrected to the queue end');
      const empty = await pull(client, b.addr, { group: 'pg1', topic, queueId: 3, offset: 5, subscription: '*', serializeType: st });
      assert.equal(empty.code, ResponseCode.PULL_OFFSET_MOVED, 'an empty queue asked past 0');
      assert.equal(empty.extFields!.nextBeginOffset, '0');
      const fresh = await pull(client, b.addr, { group: 'pg1', topic, queueId: 3, offset: 0, subscription: '*', serializeType: st });
      assert.equal(fresh.code, ResponseCode.PULL_NOT_FOUND);
      const badQueue = await pull(client, b.addr, { group: 'pg1', topic, queueId: 9, subscription: '*', serializeType: st });
      assert.equal(badQueue.code, ResponseCode.SYSTEM_ERROR);
      assert.match(badQueue.remark!, /^queueId\[9\] is illegal, topic:\[/);
      await pollUntil(
        async () => (await call(RequestCode.GET_MAX_OFFSET, { topic: 'OFFSET_MOVED_EVENT', queueId: '0' })).extFields!.offset !== '0',
        'an OffsetMovedEvent',
      );
    });

    await t.test(`${name}: a long-polled pull is answered as soon as a matching message arrives, in its own serialize type`, async () => {
      const topic = `Poll${name}`;
      await send(client, b.addr, { topic, queueId: 0, tags: 'X' });
      const started = Date.now();
      const held = client.invoke(
        b.addr,
        pullRequest({ group: 'poller', topic, offset: 1, subscription: 'Wanted', suspendMs: 20_000, serializeType: st }),
        30_000,
      );
      await pollUntil(() => b.controller.pullHold.size > 0, 'the pull to be held');
      await send(client, b.addr, { topic, queueId: 0, tags: 'Other' });
      await new Promise((r) => setImmediate(r));
      assert.equal(b.controller.pullHold.size, 1, 'a message the filter rejects does not answer it');
      await send(client, b.addr, { topic, queueId: 0, tags: 'Wanted', body: 'yes' });
      const res = await held;
      assert.ok(Date.now() - started < 15_000);
      assert.equal(res.code, ResponseCode.SUCCESS);
      assert.equal(res.serializeType, st);
      assert.deepEqual(messagesOf(res).map((m) => m.body.toString()), ['yes']);
      const timed = await client.invoke(
        b.addr,
        pullRequest({ group: 'poller', topic, offset: 3, subscription: '*', suspendMs: 300, serializeType: st }),
        10_000,
      );
      assert.equal(timed.code, ResponseCode.PULL_NOT_FOUND, 'answered when the suspend time is up');
    });
  }

  await t.test("offsets: commit piggy-backed on a pull, UPDATE/QUERY_CONSUMER_OFFSET, and Java's rule for a group without one", async () => {
    const topic = 'OffsetTopic';
    for (let i = 0; i < 3; i++) await send(client, b.addr, { topic, queueId: 0 });
    const q = (group: string, queueId = 0) =>
      call(RequestCode.QUERY_CONSUMER_OFFSET, { consumerGroup: group, topic, queueId: String(queueId) });
    const none = await q('newGroup');
    assert.equal(none.code, ResponseCode.SUCCESS, 'a queue starting at 0 with its first message in memory reads from 0');
    assert.equal(none.extFields!.offset, '0');
    await pull(client, b.addr, { group: 'og', topic, subscription: '*', commitOffset: 2 });
    assert.equal((await q('og')).extFields!.offset, '2');
    await client.invokeOneway(
      b.addr,
      createRequest(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: 'og', topic, queueId: '0', commitOffset: '3' }),
    );
    await pollUntil(async () => (await q('og')).extFields!.offset === '3', 'the oneway offset update');
    const notFound = await call(RequestCode.QUERY_CONSUMER_OFFSET, { consumerGroup: 'og', topic: 'NoSuchTopic', queueId: '0' });
    assert.equal(notFound.code, ResponseCode.SUCCESS, 'an empty queue counts as starting at 0 too');
  });

  await t.test('heartbeats: members, subscriptions, retry topics, NOTIFY_CONSUMER_IDS_CHANGED and connection lists', async () => {
    const notified = new Latch(1);
    const first = new RemotingClient({
      onRequest: (_c, req: RemotingCommand) => {
        if (req.code === RequestCode.NOTIFY_CONSUMER_IDS_CHANGED && req.extFields?.consumerGroup === 'hbGroup') notified.countDown();
      },
    });
    const second = new RemotingClient();
    t.after(() => Promise.all([first.close(), second.close()]));
    const hb = (c: RemotingClient, id: string, version = 1) =>
      c.invoke(
        b.addr,
        heartbeatRequest({
          clientID: id,
          consumers: [{ group: 'hbGroup', topics: [{ topic: 'HbTopic', expression: 'TagA', version }] }],
          producers: ['hbProducer'],
        }),
        5000,
      );
    await send(client, b.addr, { topic: 'HbTopic', queueId: 0, tags: 'TagA', body: 'via heartbeat' });
    const before = await pull(first, b.addr, { group: 'hbGroup', topic: 'HbTopic' });
    assert.equal(before.code, ResponseCode.SUBSCRIPTION_NOT_EXIST);
    assert.equal((await hb(first, 'client-1')).code, ResponseCode.SUCCESS);
    assert.ok(b.controller.topicConfigManager.selectTopicConfig('%RETRY%hbGroup'), 'the retry topic was made');
    const viaHb = await pull(first, b.addr, { group: 'hbGroup', topic: 'HbTopic' });
    assert.deepEqual(messagesOf(viaHb).map((m) => m.body.toString()), ['via heartbeat'], 'the heartbeat subscription filters the pull');
    const stale = await pull(first, b.addr, { group: 'hbGroup', topic: 'HbTopic', subVersion: 99 });
    assert.equal(stale.code, ResponseCode.SUBSCRIPTION_NOT_LATEST);
    assert.equal((await hb(second, 'client-2')).code, ResponseCode.SUCCESS);
    await notified.wait(5000, 'NOTIFY_CONSUMER_IDS_CHANGED on the first member');
    const ids = decodeConsumerIdList((await call(RequestCode.GET_CONSUMER_LIST_BY_GROUP, { consumerGroup: 'hbGroup' })).body!);
    assert.deepEqual(ids.sort(), ['client-1', 'client-2']);
    const conns = decodeConsumerConnection((await call(RequestCode.GET_CONSUMER_CONNECTION_LIST, { consumerGroup: 'hbGroup' })).body!);
    assert.equal(conns.connectionSet.length, 2);
    assert.equal(conns.subscriptionTable.get('HbTopic')!.subString, 'TagA');
    assert.equal(conns.messageModel, 'CLUSTERING');
    const producers = decodeProducerConnection(
      (await call(RequestCode.GET_PRODUCER_CONNECTION_LIST, { producerGroup: 'hbProducer' })).body!,
    );
    assert.deepEqual(producers.map((c) => c.clientId).sort(), ['client-1', 'client-2']);
    const unreg = await second.invoke(
      b.addr,
      createRequest(RequestCode.UNREGISTER_CLIENT, { clientID: 'client-2', consumerGroup: 'hbGroup', producerGroup: 'hbProducer' }),
      5000,
    );
    assert.equal(unreg.code, ResponseCode.SUCCESS);
    assert.deepEqual(decodeConsumerIdList((await call(RequestCode.GET_CONSUMER_LIST_BY_GROUP, { consumerGroup: 'hbGroup' })).body!), [
      'client-1',
    ]);
    await first.close();
    await pollUntil(
      async () => (await call(RequestCode.GET_CONSUMER_LIST_BY_GROUP, { consumerGroup: 'hbGroup' })).code === ResponseCode.SYSTEM_ERROR,
      'the closed connection to leave the group',
    );
    const nobody = await call(RequestCode.GET_CONSUMER_LIST_BY_GROUP, { consumerGroup: 'hbGroup' });
    assert.equal(nobody.remark, 'no consumer for this group, hbGroup');
    const tagCheck = await call(
      RequestCode.CHECK_CLIENT_CONFIG,
      null,
      encodeCheckClientRequestBody({ clientId: 'c', group: 'g', subscriptionData: buildSubscriptionData('T', 'a', 'TAG', 1) }),
    );
    assert.equal(tagCheck.code, ResponseCode.SUCCESS);
    const sqlCheck = await call(
      RequestCode.CHECK_CLIENT_CONFIG,
      null,
      encodeCheckClientRequestBody({ clientId: 'c', group: 'g', subscriptionData: buildSubscriptionData('T', 'a > 1', 'SQL92', 1) }),
    );
    assert.equal(sqlCheck.code, ResponseCode.SYSTEM_ERROR);
  });

  await t.test('look-ups: QUERY_MESSAGE by key, offsets by time, earliest store time', async () => {
    const topic = 'LookupTopic';
    const sent = await send(client, b.addr, { topic, queueId: 0, keys: 'OrderKey42', body: 'find me' });
    const before = Date.now();
    await send(client, b.addr, { topic, queueId: 0, body: 'second' });
    const found = await pollUntil(async () => {
      const r = await call(
        RequestCode.QUERY_MESSAGE,
        { topic, key: 'OrderKey42', maxNum: '32', beginTimestamp: '0', endTimestamp: String(Date.now() + 1000) },
        null,
        SerializeType.ROCKETMQ,
      );
      return r.code === ResponseCode.SUCCESS ? r : undefined;
    }, 'the index entry');
    assert.equal(found.serializeType, SerializeType.ROCKETMQ);
    assert.deepEqual(messagesOf(found).map((m) => m.body.toString()), ['find me']);
    assert.ok(Number(found.extFields!.indexLastUpdateTimestamp) > 0);
    const miss = await call(RequestCode.QUERY_MESSAGE, {
      topic,
      key: 'NoSuchKey',
      maxNum: '32',
      beginTimestamp: '0',
      endTimestamp: String(Date.now() + 1000),
    });
    assert.equal(miss.code, ResponseCode.QUERY_NOT_FOUND);
    assert.equal(miss.remark, 'can not find message, maybe time range not correct');
    const q = { topic, queueId: '0' };
    assert.equal((await call(RequestCode.GET_MAX_OFFSET, q)).extFields!.offset, '2');
    assert.equal((await call(RequestCode.GET_MIN_OFFSET, q)).extFields!.offset, '0');
    const earliest = Number((await call(RequestCode.GET_EARLIEST_MSG_STORETIME, q)).extFields!.timestamp);
    assert.ok(earliest > 0 && earliest <= before + 5);
    assert.equal((await call(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, { ...q, timestamp: '0' })).extFields!.offset, '0');
    assert.equal(
      (await call(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, { ...q, timestamp: String(Date.now() + 60_000) })).extFields!.offset,
      '1',
      'the last message, as Java answers past the end',
    );
    const bad = await call(RequestCode.VIEW_MESSAGE_BY_ID, { offset: String(decodeMessageId(sent.extFields!.msgId!).offset + 1) });
    assert.equal(bad.code, ResponseCode.SYSTEM_ERROR);
  });

  await t.test('CONSUMER_SEND_MSG_BACK: to the retry topic after the delay, then to the DLQ; a late %RETRY% send goes to the DLQ too', async () => {
    const topic = 'RetryTopic';
    const sent = await send(client, b.addr, { topic, queueId: 0, tags: 'T1', body: 'try again' });
    const offset = decodeMessageId(sent.extFields!.msgId!).offset;
    const back = (delayLevel: number, extra: Record<string, string> = {}) =>
      call(RequestCode.CONSUMER_SEND_MSG_BACK, {
        offset: String(offset),
        group: 'rg',
        delayLevel: String(delayLevel),
        originMsgId: sent.extFields!.msgId!,
        originTopic: topic,
        unitMode: 'false',
        maxReconsumeTimes: '16',
        ...extra,
      });
    assert.equal((await back(0)).code, ResponseCode.SUCCESS);
    const retried = await pollUntil(
      async () => {
        const msgs = await drainQueue(client, b.addr, { group: 'rg', topic: '%RETRY%rg' });
        return msgs.length === 1 ? msgs[0] : undefined;
      },
      'the retry copy after its delay',
      10_000,
    );
    assert.equal(retried.body.toString(), 'try again');
    assert.equal(retried.reconsumeTimes, 1);
    assert.equal(retried.getProperty('RETRY_TOPIC'), topic);
    assert.equal(retried.getProperty('ORIGIN_MESSAGE_ID'), sent.extFields!.msgId);
    assert.equal(retried.getProperty('TAGS'), 'T1');
    assert.equal(retried.getProperty('DELAY'), '3', 'level 3 + reconsumeTimes 0');
    assert.equal((await back(-1)).code, ResponseCode.SUCCESS);
    const dlq = await drainQueue(client, b.addr, { group: 'rg', topic: '%DLQ%rg' });
    assert.deepEqual(dlq.map((m) => [m.body.toString(), m.reconsumeTimes]), [['try again', 1]]);
    assert.equal(b.controller.topicConfigManager.selectTopicConfig('%DLQ%rg')!.perm, 6);
    const late = await send(client, b.addr, { topic: '%RETRY%rg', queueId: 0, reconsumeTimes: 3, maxReconsumeTimes: 3, body: 'too late' });
    assert.equal(late.code, ResponseCode.SUCCESS);
    const dlq2 = await drainQueue(client, b.addr, { group: 'rg', topic: '%DLQ%rg' });
    assert.deepEqual(dlq2.map((m) => m.body.toString()), ['try again', 'too late']);
    const noGroup = await call(RequestCode.CONSUMER_SEND_MSG_BACK, {
      offset: '999999999',
      group: 'rg',
      delayLevel: '0',
      unitMode: 'false',
    });
    assert.equal(noGroup.code, ResponseCode.SYSTEM_ERROR);
    assert.match(noGroup.remark!, /^look message by offset failed, 999999999/);
  });

  await t.test('delay levels: a message with DELAY waits in SCHEDULE_TOPIC_XXXX and then reaches its topic', async () => {
    const topic = 'DelayTopic';
    const sent = Date.now();
    const res = await send(client, b.addr, { topic, queueId: 1, props: { DELAY: '6' }, body: 'later' });
    assert.equal(res.code, ResponseCode.SUCCESS);
    assert.equal((await call(RequestCode.GET_MAX_OFFSET, { topic, queueId: '1' })).extFields!.offset, '0', 'not there yet');
    assert.equal((await call(RequestCode.GET_MAX_OFFSET, { topic: 'SCHEDULE_TOPIC_XXXX', queueId: '5' })).extFields!.offset, '1');
    const [m] = await pollUntil(
      async () => {
        const msgs = await drainQueue(client, b.addr, { group: 'dg', topic, queueId: 1 });
        return msgs.length > 0 ? msgs : undefined;
      },
      'the delayed message',
      10_000,
    );
    assert.ok(m!.storeTimestamp - sent >= 1900, 'after its level-6 delay of 2 s');
    assert.equal(m!.getProperty('REAL_TOPIC'), topic);
    const delay = JSON.parse((await call(RequestCode.GET_ALL_DELAY_OFFSET)).body!.toString().replace(/([{,])(\d+):/g, '$1"$2":'));
    assert.equal(delay.offsetTable['6'], 1);
  });

  await t.test('transactions: a half message waits in RMQ_SYS_TRANS_HALF_TOPIC; END_TRANSACTION commits or rolls it back', async () => {
    const topic = 'TxTopic';
    const half = async (body: string) => {
      const res = await send(client, b.addr, {
        topic,
        queueId: 1,
        sysFlag: 4,
        producerGroup: 'txp',
        body,
        props: { TRAN_MSG: 'true', PGROUP: 'txp' },
      });
      assert.equal(res.code, ResponseCode.SUCCESS, res.remark ?? '');
      return res.extFields!;
    };
    const end = (ext: Record<string, string>, verdict: number, extra: Record<string, string> = {}) =>
      call(RequestCode.END_TRANSACTION, {
        producerGroup: 'txp',
        tranStateTableOffset: ext.queueOffset!,
        commitLogOffset: String(decodeMessageId(ext.msgId!).offset),
        commitOrRollback: String(verdict),
        fromTransactionCheck: 'false',
        msgId: ext.msgId!,
        ...extra,
      });
    const a = await half('commit me');
    const r = await half('roll me back');
    assert.equal((await call(RequestCode.GET_MAX_OFFSET, { topic, queueId: '1' })).extFields!.offset, '0', 'invisible until committed');
    const wrongGroup = await end(a, 8, { producerGroup: 'other' });
    assert.deepEqual([wrongGroup.code, wrongGroup.remark], [ResponseCode.SYSTEM_ERROR, 'The producer group wrong']);
    assert.equal((await end(a, 8)).code, ResponseCode.SUCCESS);
    assert.equal((await end(r, 12)).code, ResponseCode.SUCCESS);
    const msgs = await drainQueue(client, b.addr, { group: 'txg', topic, queueId: 1 });
    assert.deepEqual(msgs.map((m) => [m.body.toString(), m.sysFlag & 12, m.preparedTransactionOffset]), [[
      'commit me',
      8,
      decodeMessageId(a.msgId!).offset,
    ]]);
    // The op topic is the broker's own (not in its topic table), so it is read from the store.
    const ops = await b.controller.store.getMessage('txg', 'RMQ_SYS_TRANS_OP_HALF_TOPIC', 0, 0, 10);
    assert.deepEqual(decodeMessages(Buffer.concat(ops!.messageBuffers)).map((m) => [m.getProperty('TAGS'), m.body.toString()]), [[
      'd',
      a.queueOffset,
    ], ['d', r.queueOffset]]);
  });

  await t.test('LOCK_BATCH_MQ / UNLOCK_BATCH_MQ lock queues for one client at a time', async () => {
    const mqs = [0, 1].map((queueId) => ({ topic: 'LockTopic', brokerName: 'broker-t', queueId }));
    const lock = async (clientId: string) =>
      decodeLockBatchResponseBody(
        (await call(RequestCode.LOCK_BATCH_MQ, null, encodeLockBatchRequestBody({ consumerGroup: 'lg', clientId, mqSet: mqs }))).body!,
      );
    assert.equal((await lock('c1')).length, 2);
    assert.equal((await lock('c2')).length, 0);
    assert.equal(
      (await call(RequestCode.UNLOCK_BATCH_MQ, null, encodeLockBatchRequestBody({ consumerGroup: 'lg', clientId: 'c1', mqSet: [mqs[0]!] })))
        .code,
      ResponseCode.SUCCESS,
    );
    assert.deepEqual((await lock('c2')).map((q) => q.queueId), [0]);
  });
});
