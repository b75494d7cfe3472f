// Transactions end to end on our name server and broker (one in-process cluster for the file, with
// a 500 ms check interval, 300 ms transaction timeout and transactionCheckMax 3): our
// TransactionProducer's commits and rollbacks, UNKNOW outcomes settled by the broker's
// CHECK_TRANSACTION_STATE (a COMMIT answer is delivered, a ROLLBACK answer never is), a producer
// that keeps answering UNKNOW ending in TRANS_CHECK_MAX_TIME_TOPIC after three checks, and Apache
// RocketMQ's own 4.9.8 TransactionMQProducer (mqtest.TxProducer) settled by our broker's checks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { Message } from '../../src/client/message/message.js';
import type { MessageExt } from '../../src/client/message/message-ext.js';
import { LocalTransactionState, TransactionProducer } from '../../src/client/producer/transaction-producer.js';
import { setLogLevel } from '../../src/common/logger.js';
import { decodeMessages } from '../../src/common/message/record-codec.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import type { MessageStore } from '../../src/store/index.js';
import { requireReferees, runJavaClient } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';
import { startInProcessBroker, startInProcessNamesrv } from '../harness/servers.js';

setLogLevel('error');

const HALF = 'RMQ_SYS_TRANS_HALF_TOPIC';
const MAX = 'TRANS_CHECK_MAX_TIME_TOPIC';
const TX_GROUP = 'CID_RMQ_SYS_TRANS';

/** Clients to shut down, last first, once the test ends (before the servers, whose hooks come later). */
type Closers = Array<() => unknown>;

/** A consumer of `topic` from the first offset, collecting what it receives by body. */
async function collector(closers: Closers, namesrvAddr: string, group: string, topic: string) {
  const got = new Map<string, MessageExt>();
  const c = new PushConsumer({ consumerGroup: group, namesrvAddr, consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET });
  c.subscribe(topic, '*');
  c.registerMessageListener((msgs) => {
    for (const m of msgs) got.set(m.body.toString('utf8'), m.detach());
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  await c.start();
  closers.push(() => c.shutdown());
  return got;
}

async function storedBodies(store: MessageStore, topic: string): Promise<string[]> {
  const r = await store.getMessage('t', topic, 0, 0, 1000);
  return decodeMessages(Buffer.concat(r?.messageBuffers ?? [])).map((m) => m.body.toString());
}

test('transaction check-back on our broker', async (t) => {
  // Only the top-level test registers hooks (Deno skips those of subtests).
  const closers: Closers = [];
  t.after(async () => {
    for (const close of closers.reverse()) await close();
  });
  const ns = await startInProcessNamesrv(t);
  const b = await startInProcessBroker(t, {
    namesrvAddr: ns.addr,
    brokerConfig: { transactionCheckInterval: 500, transactionTimeOut: 300, transactionCheckMax: 3 },
  });
  const store = b.controller.store;
  const offsets = b.controller.consumerOffsetManager;

  await t.test('our TransactionProducer: commit, rollback, UNKNOW settled by the check, and UNKNOW for good ends in TRANS_CHECK_MAX_TIME_TOPIC', async () => {
    const topic = 'ItTxOurs';
    const { COMMIT_MESSAGE: COMMIT, ROLLBACK_MESSAGE: ROLLBACK, UNKNOW } = LocalTransactionState;
    // body -> [outcome of the local transaction, answer to every check]
    const plan = new Map<string, [LocalTransactionState, LocalTransactionState]>([
      ['commit-1', [COMMIT, UNKNOW]],
      ['rollback-1', [ROLLBACK, UNKNOW]],
      ['unknown-then-commit', [UNKNOW, COMMIT]],
      ['unknown-then-rollback', [UNKNOW, ROLLBACK]],
      ['unknown-forever', [UNKNOW, UNKNOW]],
    ]);
    const checks: Array<[string, string | undefined, string]> = [];
    const producer = new TransactionProducer({
      producerGroup: 'it_tx_ours_pg',
      namesrvAddr: ns.addr,
      transactionListener: {
        executeLocalTransaction: (msg) => plan.get(Buffer.from(msg.body).toString())![0],
        checkLocalTransaction: (msg) => {
          const body = msg.body.toString();
          checks.push([body, msg.getProperty('TRANSACTION_CHECK_TIMES'), `${msg.topic}:${msg.queueId}`]);
          return plan.get(body)?.[1] ?? UNKNOW;
        },
      },
    });
    await producer.start();
    closers.push(() => producer.shutdown());
    // A plain send makes the topic through TBW102 (half messages go to the broker's system topic),
    // and the group must be registered before a check is due, or the check finds nobody to ask.
    await producer.send(new Message(topic, 'plain'));
    await pollUntil(() => b.controller.producerManager.groupChannelTable.has('it_tx_ours_pg'), "the producer's heartbeat", 10_000);
    const bodies = [...plan.keys()];
    const results: Awaited<ReturnType<TransactionProducer['sendMessageInTransaction']>>[] = [];
    for (const body of bodies) results.push(await producer.sendMessageInTransaction(new Message(topic, body, { tags: 'TagTx' })));
    assert.deepEqual(results.map((r) => r.localTransactionState), ['COMMIT_MESSAGE', 'ROLLBACK_MESSAGE', 'UNKNOW', 'UNKNOW', 'UNKNOW']);
    const queueOf = new Map(bodies.map((body, i) => [body, `${topic}:${results[i]!.messageQueue.queueId}`]));
    const got = await collector(closers, ns.addr, 'it_tx_ours_cg', topic);

    await pollUntil(
      async () => (await storedBodies(store, MAX)).includes('unknown-forever'),
      'the half answered UNKNOW three times in TRANS_CHECK_MAX_TIME_TOPIC',
      30_000,
      50,
    );
    await pollUntil(
      () => got.has('unknown-then-commit') && got.has('commit-1') && got.has('plain'),
      `committed messages (${[...got.keys()].join(',')})`,
      30_000,
    );

    const forever = checks.filter(([body]) => body === 'unknown-forever');
    assert.deepEqual(forever.map(([, times]) => times), ['1', '2', '3'], 'asked transactionCheckMax times, counting');
    assert.deepEqual(checks.filter(([body]) => body.startsWith('unknown-then')).map(([body, times]) => [body, times]).sort(), [[
      'unknown-then-commit',
      '1',
    ], ['unknown-then-rollback', '1']], 'a settled transaction is asked about once');
    assert.ok(
      !checks.some(([body]) => body === 'commit-1' || body === 'rollback-1'),
      'transactions ended by the producer are never asked about',
    );
    for (const [body, , where] of checks) assert.equal(where, queueOf.get(body), `the check names ${body}'s real topic and queue`);

    const committed = got.get('unknown-then-commit')!;
    assert.equal(committed.sysFlag & 0xc, 8, 'a committed transaction');
    assert.equal(committed.getProperty('TRANSACTION_CHECK_TIMES'), '1');
    assert.ok(committed.preparedTransactionOffset > 0);
    assert.equal(got.get('commit-1')!.getProperty('TRANSACTION_CHECK_TIMES'), undefined);

    const tc = b.controller.topicConfigManager.selectTopicConfig(MAX);
    assert.deepEqual([tc?.readQueueNums, tc?.writeQueueNums], [1, 1], 'TRANS_CHECK_MAX_TIME_TOPIC made with one queue');
    // Every half is handled: the check's offset reaches the end of the half queue and stays there.
    await pollUntil(
      () => offsets.queryOffset(TX_GROUP, HALF, 0) === store.getMaxOffsetInQueue(HALF, 0),
      'the check offset at the end of the half queue',
      10_000,
      50,
    );
    const passes = b.controller.transactionCheck!.passes;
    await pollUntil(() => b.controller.transactionCheck!.passes >= passes + 2, 'two more passes', 10_000, 50);
    assert.equal(checks.length, 5, 'nothing is asked about any more');
    assert.ok(
      !got.has('rollback-1') && !got.has('unknown-then-rollback') && !got.has('unknown-forever'),
      `rolled back or discarded messages are never delivered (${[...got.keys()].join(',')})`,
    );
    await offsets.configFile.persistNow();
    assert.match(offsets.encode(), /"RMQ_SYS_TRANS_OP_HALF_TOPIC@CID_RMQ_SYS_TRANS":\{0:\d+\}/);
  });

  await t.test("Apache RocketMQ 4.9.8 TransactionMQProducer: UNKNOW transactions settled by our broker's check (even COMMIT, odd ROLLBACK)", async (tt) => {
    if (!requireReferees(tt, 'client')) return;
    const topic = 'ItTxJava';
    const run = await runJavaClient('mqtest.TxProducer', ['-count', '4', '-topic', topic, '-group', 'it_tx_java_pg', '-timeout', '30000'], {
      env: { NAMESRV_ADDR: ns.addr },
      timeoutMs: 90_000,
    });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.equal((run.stdout.match(/^SENT .* status=SEND_OK state=UNKNOW$/gm) ?? []).length, 4, run.stdout);
    const checked = [...run.stdout.matchAll(/^CHECK body=(tx \d) times=(\d+) topic=(\S+) queueId=(\d+) transactionId=([0-9A-F]+)$/gm)];
    const timesOf = new Map<string, string[]>();
    for (const m of checked) {
      assert.equal(m[3], topic, 'the real topic restored');
      timesOf.set(m[1]!, [...(timesOf.get(m[1]!) ?? []), m[2]!]);
    }
    assert.deepEqual([...timesOf.keys()].sort(), ['tx 0', 'tx 1', 'tx 2', 'tx 3'], run.stdout);
    // The first check counts 1. An answer still on its way at the next pass (a JVM on a busy machine)
    // is asked about again, counting on, as Java's broker does.
    for (const [body, times] of timesOf) assert.deepEqual(times, times.map((_, i) => String(i + 1)), `${body}: ${run.stdout}`);
    const got = await collector(closers, ns.addr, 'it_tx_java_cg', topic);
    await pollUntil(() => got.has('tx 0') && got.has('tx 2'), `the committed ones (${[...got.keys()].join(',')})`, 30_000);
    const passes = b.controller.transactionCheck!.passes;
    await pollUntil(() => b.controller.transactionCheck!.passes >= passes + 2, 'two more passes', 10_000, 50);
    assert.deepEqual([...got.keys()].sort(), ['plain', 'tx 0', 'tx 2'], 'the rolled-back ones are never delivered');
    assert.ok(timesOf.get('tx 0')!.includes(got.get('tx 0')!.getProperty('TRANSACTION_CHECK_TIMES')!), 'committed from a checked copy');
  });
});
