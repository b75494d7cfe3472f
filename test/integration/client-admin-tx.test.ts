// Our clients seen by Apache RocketMQ's broker and its own mqadmin: consumerStatus reads our
// ConsumerRunningInfo (GET_CONSUMER_RUNNING_INFO forwarded to us), consumerConnection and
// consumerProgress see our heartbeat and offsets, queryMsgById -d has our client consume one
// message directly (CONSUME_MESSAGE_DIRECTLY), resetOffsetByTime reaches our consumer
// (RESET_CONSUMER_CLIENT_OFFSET) and it consumes again. Transactional sends commit, roll back, and
// an UNKNOW outcome is settled by the broker's CHECK_TRANSACTION_STATE, on Apache RocketMQ's broker
// and on ours. One cluster per broker.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Producer } from '../../src/client/producer/producer.js';
import { LocalTransactionState, TransactionProducer } from '../../src/client/producer/transaction-producer.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { Message } from '../../src/client/message/message.js';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { setLogLevel } from '../../src/common/logger.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import { type Cluster, startJavaCluster, startOurCluster } from '../harness/clusters.js';
import { requireReferees, runJavaAdmin } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';

setLogLevel('error');

// Checks every second, for halves older than a second.
const TX_PROPS = { transactionCheckInterval: 1000, transactionTimeOut: 1000 };

test('our broker: transactional sends commit, roll back, and UNKNOW is settled by the broker check', async (t) => {
  await transactions(await startOurCluster(t, TX_PROPS));
});

test('Java broker: its mqadmin against our consumer; transactional sends', async (t) => {
  if (!requireReferees(t, 'both')) return;
  const c = await startJavaCluster(t, TX_PROPS);
  await t.test('Java mqadmin against our consumer: consumerStatus, consumerConnection, consumerProgress, consume directly, resetOffsetByTime', () =>
    javaAdmin(c));
  await t.test('transactional sends commit, roll back, and UNKNOW is settled by the broker check', () => transactions(c));
});

async function javaAdmin(c: Cluster): Promise<void> {
  const producer = c.own(new Producer({ producerGroup: 'it_adm_pg', namesrvAddr: c.namesrvAddr }));
  await producer.start();
  const sent: Awaited<ReturnType<Producer['send']>>[] = [];
  for (let i = 0; i < 10; i++) sent.push(await producer.send(new Message('ItAdmin', `m${i}`, { tags: 'TagA' })));
  const got: string[] = [];
  const consumer = c.own(
    new PushConsumer({
      consumerGroup: 'it_adm_cg',
      namesrvAddr: c.namesrvAddr,
      consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
    }),
  );
  consumer.subscribe('ItAdmin', 'TagA || TagB');
  consumer.registerMessageListener((msgs) => {
    for (const m of msgs) got.push(m.body.toString());
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  await consumer.start();
  await pollUntil(() => got.length >= 10, 'the first 10 messages', 30_000);
  // Acknowledged writes, the first queue before the others: Java 4.9 brokers can lose concurrent first
  // commits of a group's topic, and consumerProgress below reads what the broker kept.
  await consumer.persistConsumerOffset(true);
  const clientId = consumer.instance.clientId;

  const status = await runJavaAdmin(['consumerStatus', '-n', c.namesrvAddr, '-g', 'it_adm_cg', '-i', clientId]);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /#Consumer Properties#/);
  assert.match(status.stdout, /consumerGroup\s+: it_adm_cg/);
  assert.match(status.stdout, /PROP_CONSUME_TYPE\s+: CONSUME_PASSIVELY/);
  assert.match(status.stdout, /PROP_CLIENT_VERSION\s+: V4_9_8/);
  assert.match(status.stdout, /Topic: ItAdmin\s+ClassFilter: false\s+SubExpression: TagA \|\| TagB/);
  assert.match(status.stdout, /Topic: %RETRY%it_adm_cg/);

  const conn = await runJavaAdmin(['consumerConnection', '-n', c.namesrvAddr, '-g', 'it_adm_cg']);
  assert.equal(conn.code, 0, conn.stderr);
  assert.ok(conn.stdout.includes(clientId), conn.stdout);
  assert.match(conn.stdout, /ConsumeType: CONSUME_PASSIVELY/);
  assert.match(conn.stdout, /ConsumeFromWhere: CONSUME_FROM_FIRST_OFFSET/);

  const progress = await runJavaAdmin(['consumerProgress', '-n', c.namesrvAddr, '-g', 'it_adm_cg']);
  assert.equal(progress.code, 0, progress.stderr);
  assert.match(progress.stdout, /Diff Total: 0/);

  // CONSUME_MESSAGE_DIRECTLY: mqadmin asks our client (through the broker) to consume one message now.
  const direct = await runJavaAdmin(['queryMsgById', '-n', c.namesrvAddr, '-i', sent[3]!.offsetMsgId, '-g', 'it_adm_cg', '-d', clientId]);
  assert.equal(direct.code, 0, direct.stderr);
  assert.match(direct.stdout, /ConsumeMessageDirectlyResult \[order=false, autoCommit=true, consumeResult=CR_SUCCESS/);
  assert.equal(got.length, 11);
  assert.equal(got[10], 'm3');

  // Back to the start: the broker tells our consumer, which consumes the 10 messages again.
  const reset = await runJavaAdmin(['resetOffsetByTime', '-n', c.namesrvAddr, '-g', 'it_adm_cg', '-t', 'ItAdmin', '-s', '0']);
  assert.equal(reset.code, 0, reset.stderr);
  await pollUntil(() => got.length >= 21, `the 10 messages again (${got.length})`, 30_000);
  assert.deepEqual(got.slice(11).sort(), got.slice(0, 10).sort());
}

async function transactions(c: Cluster): Promise<void> {
  const checked: string[] = [];
  const producer = c.own(
    new TransactionProducer({
      producerGroup: 'it_tx_pg',
      namesrvAddr: c.namesrvAddr,
      transactionListener: {
        executeLocalTransaction: (msg) => {
          const body = Buffer.from(msg.body).toString();
          if (body.startsWith('commit')) return LocalTransactionState.COMMIT_MESSAGE;
          if (body.startsWith('rollback')) return LocalTransactionState.ROLLBACK_MESSAGE;
          return LocalTransactionState.UNKNOW;
        },
        checkLocalTransaction: (msg) => {
          checked.push(msg.body.toString());
          return LocalTransactionState.COMMIT_MESSAGE;
        },
      },
    }),
  );
  await producer.start();
  // A plain send first creates the topic through TBW102 (half messages go to the broker's system topic).
  await producer.send(new Message('ItTx', 'plain'));
  const results = [];
  for (const body of ['commit-1', 'rollback-1', 'unknown-1', 'commit-2']) {
    results.push(await producer.sendMessageInTransaction(new Message('ItTx', body), 'arg'));
  }
  assert.deepEqual(results.map((r) => r.localTransactionState), ['COMMIT_MESSAGE', 'ROLLBACK_MESSAGE', 'UNKNOW', 'COMMIT_MESSAGE']);

  const got = new Set<string>();
  const consumer = c.own(
    new PushConsumer({
      consumerGroup: 'it_tx_cg',
      namesrvAddr: c.namesrvAddr,
      consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
    }),
  );
  consumer.subscribe('ItTx', '*');
  consumer.registerMessageListener((msgs) => {
    for (const m of msgs) got.add(m.body.toString());
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  await consumer.start();
  await pollUntil(
    () => got.has('unknown-1') && got.has('commit-1') && got.has('commit-2'),
    `committed messages (${[...got].join(',')})`,
    60_000,
  );
  assert.ok(checked.includes('unknown-1'), 'the broker asked about the unknown one');
  assert.deepEqual(checked.filter((b) => b !== 'unknown-1'), [], 'transactions the producer ended are never asked about');
  assert.ok(!got.has('rollback-1'), 'the rolled-back message is never delivered');
}
