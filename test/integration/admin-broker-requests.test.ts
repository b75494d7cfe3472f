// The broker requests added for mqadmin that no `mq admin` command of the cluster test covers, asked
// through the admin client of a real mq broker (`mq start` as a process) with a live consumer:
// INVOKE_BROKER_TO_GET_CONSUMER_STATUS (the offsets each client holds), QUERY_CONSUME_TIME_SPAN,
// QUERY_CORRECTION_OFFSET, and the refusals of INVOKE_BROKER_TO_RESET_OFFSET and
// QUERY_CONSUME_QUEUE for a group or queue that does not exist.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdminExt } from '../../src/admin/admin-ext.js';
import { Producer } from '../../src/client/producer/producer.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { Message } from '../../src/client/message/message.js';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import { MQBrokerError } from '../../src/remoting/errors.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { setLogLevel } from '../../src/common/logger.js';
import { pollUntil } from '../harness/latch.js';
import { startMqAll } from '../harness/servers.js';
import { adminRunner } from '../harness/admin.js';

setLogLevel('error');

test('broker requests for mqadmin: consumer status, consume time span, correction offset, refusals', async (t) => {
  const mq = await startMqAll(t);
  const topic = 'AdmReqTopic';
  const group = 'AdmReqGroup';
  await adminRunner(t, mq.namesrvAddr).ok(['updateTopic', '-b', mq.brokerAddr, '-t', topic, '-r', '2', '-w', '2']);
  const admin = new AdminExt({ namesrvAddr: mq.namesrvAddr }).start();
  t.after(() => admin.shutdown());

  const p = new Producer({ producerGroup: 'AdmReqProducer', namesrvAddr: mq.namesrvAddr });
  await p.start();
  t.after(() => p.shutdown());
  const before = Date.now();
  for (let i = 0; i < 6; i++) await p.send(new Message(topic, `m${i}`));
  const after = Date.now();

  let got = 0;
  const c = new PushConsumer({
    consumerGroup: group,
    namesrvAddr: mq.namesrvAddr,
    consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
  });
  c.subscribe(topic, '*');
  c.registerMessageListener((msgs) => {
    got += msgs.length;
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  await c.start();
  t.after(() => c.shutdown());
  await pollUntil(() => got >= 6, 'six messages', 30_000);
  await pollUntil(
    async () => {
      await c.persistConsumerOffset();
      const stats = await admin.examineConsumeStats(group, topic).catch(() => undefined);
      return stats && [...stats.offsetTable.values()].every((w) => w.consumerOffset === w.brokerOffset) && stats.offsetTable.size === 2;
    },
    'offsets committed',
    15_000,
    200,
  );

  // The live client reports the offsets it holds, keyed by its client id.
  const status = await admin.calls.invokeBrokerToGetConsumerStatus(mq.brokerAddr, topic, group, undefined, 5000);
  assert.deepEqual([...status.consumerTable.keys()], [c.instance.clientId]);
  const held = status.consumerTable.get(c.instance.clientId)!;
  assert.equal([...held.values()].reduce((s, n) => s + n, 0), 6);

  const spans = await admin.calls.queryConsumeTimeSpan(mq.brokerAddr, topic, group, 5000);
  assert.deepEqual(spans.map((s) => s.messageQueue.queueId), [0, 1]);
  for (const s of spans) {
    assert.ok(s.minTimeStamp >= before - 1000 && s.minTimeStamp <= s.maxTimeStamp && s.maxTimeStamp <= after + 1000, JSON.stringify(s));
    assert.equal(s.consumeTimeStamp, s.maxTimeStamp, 'everything consumed: the last consumed message is the newest');
    assert.equal(s.delayTime, 0);
  }

  // One group on the topic: the correction offset of each queue is that group's own offset.
  const correction = await admin.calls.queryCorrectionOffset(mq.brokerAddr, topic, 'SomeOtherGroup', undefined, 5000);
  assert.deepEqual([...correction.keys()].sort(), [0, 1]);
  assert.equal([...correction.values()].reduce((s, n) => s + n, 0), 6);

  await assert.rejects(
    admin.calls.invokeBrokerToResetOffset(mq.brokerAddr, topic, 'NeverConsumed', 0, true, 5000),
    (err: unknown) =>
      err instanceof MQBrokerError && err.responseCode === ResponseCode.SYSTEM_ERROR &&
      /consumer group <NeverConsumed> not exist/.test(err.remark),
  );
  await assert.rejects(
    admin.calls.invokeBrokerToResetOffset(mq.brokerAddr, 'NoSuchTopic', group, 0, true, 5000),
    (err: unknown) => err instanceof MQBrokerError && /no topic in this broker/.test(err.remark),
  );
  await assert.rejects(
    admin.calls.queryConsumeQueue(mq.brokerAddr, { topic, queueId: 7, index: 0, count: 1 }, 5000),
    (err: unknown) => err instanceof MQBrokerError && err.remark === `7@${topic} is not exist!`,
  );
  const cq = await admin.calls.queryConsumeQueue(mq.brokerAddr, { topic, queueId: 0, index: 0, count: 10, consumerGroup: group }, 5000);
  assert.equal(cq.subscriptionData?.topic, topic);
  assert.equal(cq.queueData.length, cq.maxQueueIndex - cq.minQueueIndex);
});
