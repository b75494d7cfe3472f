// Message traces written by our clients to our broker (traceTopicEnable=true, name server and
// broker in this process), read back by `mq admin queryMsgTraceById` and by Apache RocketMQ's
// mqadmin, which print the same table: the send (Pub) and each consumer group's consumes
// (SubAfter, success or failed; concurrent and orderly consumers). A transactional send traces its
// half message and its end. A custom trace topic (msgTraceTopicName, customizedTraceTopic, -t)
// works the same, and so do a lite pull consumer and namespaced clients, whose traces name groups
// and topics without the namespace, as Java's do. Bad input: a message on the trace topic that is not in the trace format is
// stored like any other and ignored by readers, and a malformed record is skipped by ours with one
// log line (Java's mqadmin gives up on it).

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { ConsumeConcurrentlyStatus, ConsumeOrderlyStatus } from '../../src/client/consumer/listener.js';
import { LitePullConsumer } from '../../src/client/consumer/lite-pull-consumer.js';
import { PullConsumer } from '../../src/client/consumer/pull-consumer.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { Message } from '../../src/client/message/message.js';
import { LocalTransactionState, TransactionProducer } from '../../src/client/producer/transaction-producer.js';
import { SendStatus } from '../../src/client/producer/send-result.js';
import { decodeTraceData } from '../../src/client/trace/trace-data-encoder.js';
import { decodeTraceViews } from '../../src/client/trace/trace-view.js';
import { setLogLevel } from '../../src/common/logger.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import { adminRunner } from '../harness/admin.js';
import { requireReferees, runJavaAdmin } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';
import { createRoutedTopic, startedProducer } from '../harness/request-reply.js';
import { runMq, startInProcessBroker, startInProcessNamesrv } from '../harness/servers.js';

setLogLevel('error');

const ROW = /^(#?\w+)\s+(\S+)\s+(\S+)\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|#\w+)\s+(\S+)\s+(\S+)\s*$/;

/** The table rows of queryMsgTraceById output, as [type, group, status]. */
function rows(stdout: string): string[][] {
  return stdout.split('\n').map((l) => ROW.exec(l)).filter((m) => m !== null && !m[1]!.startsWith('#')).map((
    m,
  ) => [m![1]!, m![2]!, m![6]!]);
}

/** The part of Java's mqadmin output that is the table (it may print log noise around it). */
function tableOf(stdout: string): string {
  return stdout.split('\n').filter((l) => ROW.test(l) || l === '').join('\n').trim();
}

/** A traced push consumer of `topic`: concurrent (answering RECONSUME_LATER for bodies `fail` picks) or orderly. */
async function tracedConsumer(
  t: TestContext,
  ns: string,
  group: string,
  topic: string,
  opts: { fail?: (body: string) => boolean; traceTopic?: string; orderly?: boolean } = {},
) {
  const got = new Set<string>();
  const c = new PushConsumer({
    consumerGroup: group,
    namesrvAddr: ns,
    consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
    enableMsgTrace: true,
    ...(opts.traceTopic ? { customizedTraceTopic: opts.traceTopic } : {}),
  });
  c.subscribe(topic, '*');
  if (opts.orderly) {
    c.registerMessageListenerOrderly((msgs) => {
      for (const m of msgs) got.add(m.body.toString());
      return ConsumeOrderlyStatus.SUCCESS;
    });
  } else {
    c.registerMessageListener((msgs) => {
      for (const m of msgs) got.add(m.body.toString());
      return msgs.some((m) => opts.fail?.(m.body.toString()))
        ? ConsumeConcurrentlyStatus.RECONSUME_LATER
        : ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    });
  }
  await c.start();
  t.after(() => c.shutdown());
  return { consumer: c, got };
}

test('traces of our producer and consumers on our broker, read by our mqadmin and by Java', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const broker = await startInProcessBroker(t, { namesrvAddr: ns.addr, brokerConfig: { traceTopicEnable: true } });
  const admin = adminRunner(t, ns.addr);
  const topic = 'TraceIt';
  const producer = await startedProducer(t, ns.addr, 'trace_it_pg', { enableMsgTrace: true });
  await createRoutedTopic(producer, broker.addr, topic);
  const sent = [];
  for (const body of ['one', 'two', 'bad']) sent.push(await producer.send(new Message(topic, body, { tags: 'TagT', keys: `key-${body}` })));
  const ok = await tracedConsumer(t, ns.addr, 'trace_ok_cg', topic);
  const failing = await tracedConsumer(t, ns.addr, 'trace_fail_cg', topic, { fail: (b) => b === 'bad' });
  const orderly = await tracedConsumer(t, ns.addr, 'trace_orderly_cg', topic, { orderly: true });
  await pollUntil(() => ok.got.size === 3 && failing.got.size === 3 && orderly.got.size === 3, 'the three groups to consume', 30_000);
  // Shutting down sends what the dispatchers still hold.
  await producer.shutdown();
  for (const c of [ok, failing, orderly]) await c.consumer.shutdown();
  const [one, two, bad] = sent;

  await t.test('the trace topic holds the Pub, SubBefore and SubAfter records of a message, found by its id', async () => {
    const viewer = await startedProducer(t, ns.addr, 'trace_viewer_pg');
    const msgs = await viewer.instance.admin.queryMessage('RMQ_SYS_TRACE_TOPIC', one!.msgId, 64, 0, Date.now());
    const views = msgs.flatMap((m) => decodeTraceViews(one!.msgId, m));
    const pub = views.find((v) => v.msgType === 'Pub')!;
    assert.equal(pub.groupName, 'trace_it_pg');
    assert.equal(pub.topic, topic);
    assert.equal(pub.tags, 'TagT');
    assert.equal(pub.keys, 'key-one');
    assert.equal(pub.offSetMsgId, one!.offsetMsgId);
    assert.equal(pub.storeHost, broker.addr);
    assert.equal(pub.status, 'success');
    const subs = views.filter((v) => v.msgType !== 'Pub').map((v) => `${v.msgType} ${v.groupName} ${v.status}`).sort();
    assert.deepEqual(subs, [
      'SubAfter trace_fail_cg success',
      'SubAfter trace_ok_cg success',
      'SubAfter trace_orderly_cg success',
      'SubBefore trace_fail_cg success',
      'SubBefore trace_ok_cg success',
      'SubBefore trace_orderly_cg success',
    ]);
  });

  await t.test('mq admin queryMsgTraceById prints the send and each group consume, failed ones too', async () => {
    const out = await admin.ok(['queryMsgTraceById', '-i', bad!.msgId]);
    const r = rows(out);
    assert.deepEqual(r[0], ['Pub', 'trace_it_pg', 'success']);
    assert.deepEqual(r.slice(1).sort(), [
      ['Sub', 'trace_fail_cg', 'failed'],
      ['Sub', 'trace_ok_cg', 'success'],
      ['Sub', 'trace_orderly_cg', 'success'],
    ]);
    const json = JSON.parse(await admin.ok(['queryMsgTraceById', '-i', bad!.msgId, '--json'])) as Array<{ msgType: string }>;
    assert.deepEqual(json.map((v) => v.msgType).sort(), ['Pub', 'SubAfter', 'SubAfter', 'SubAfter', 'SubBefore', 'SubBefore', 'SubBefore']);
    const none = await admin.fail(['queryMsgTraceById', '-i', 'C0A8000100002A9F0000000000000000']);
    assert.match(none, /query message by key finished, but no message\./);
  });

  await t.test("Java's mqadmin queryMsgTraceById reads our traces and prints the same table", async (tt) => {
    if (!requireReferees(tt, 'client')) return;
    for (const id of [one!.msgId, bad!.msgId]) {
      const ours = await admin.ok(['queryMsgTraceById', '-i', id]);
      const java = await runJavaAdmin(['queryMsgTraceById', '-i', id, '-n', ns.addr]);
      assert.equal(java.code, 0, java.stderr);
      assert.equal(tableOf(java.stdout), tableOf(ours), `Java:\n${java.stdout}\nours:\n${ours}`);
    }
  });

  await t.test('a transactional send traces its half message (Pub) and its end (EndTransaction)', async () => {
    const tx = new TransactionProducer({
      producerGroup: 'trace_tx_pg',
      namesrvAddr: ns.addr,
      enableMsgTrace: true,
      transactionListener: {
        executeLocalTransaction: () => LocalTransactionState.COMMIT_MESSAGE,
        checkLocalTransaction: () => LocalTransactionState.COMMIT_MESSAGE,
      },
    });
    await tx.start();
    let r;
    try {
      r = await tx.sendMessageInTransaction(new Message(topic, 'tx', { keys: 'key-tx' }));
    } finally {
      await tx.shutdown();
    }
    assert.equal(r.sendStatus, SendStatus.SEND_OK);
    const viewer = await startedProducer(t, ns.addr, 'trace_tx_viewer_pg');
    const views = (await viewer.instance.admin.queryMessage('RMQ_SYS_TRACE_TOPIC', r.msgId, 64, 0, Date.now())).flatMap((m) =>
      decodeTraceViews(r.msgId, m)
    );
    assert.deepEqual(views.map((v) => `${v.msgType} ${v.groupName}`).sort(), ['EndTransaction trace_tx_pg', 'Pub trace_tx_pg']);
  });

  await t.test('mq tools benchmark producer -m true traces every send (Pub records of benchmark_producer)', async () => {
    const mq = { topic: 'RMQ_SYS_TRACE_TOPIC', brokerName: 'broker-t', queueId: 0 };
    const pc = new PullConsumer({ consumerGroup: 'trace_bench_reader', namesrvAddr: ns.addr });
    await pc.start();
    t.after(() => pc.shutdown());
    const from = await pc.instance.admin.maxOffset(mq);
    const r = await runMq(['tools', 'benchmark', 'producer', '-n', ns.addr, '-t', topic, '-w', '1', '-q', '20', '-m', 'true'], {
      timeoutMs: 60_000,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /traceEnable: true/);
    // The producer sent its last batch of traces before it exited.
    const pulled = await pc.pull(mq, '*', from, 32);
    const records = pulled.msgFoundList.flatMap((m) => decodeTraceData(m.body.toString('utf8')));
    assert.equal(records.filter((c) => c.traceType === 'Pub' && c.groupName === 'benchmark_producer').length, 20);
  });

  // What mq admin printed for the second message, whose id a plain message carries as its key.
  let shownPlain: string | undefined;

  await t.test('bad input: a non-trace message on the trace topic is stored and ignored; a malformed record is skipped with one log line', async () => {
    const writer = await startedProducer(t, ns.addr, 'trace_bad_writer_pg');
    const plain = await writer.send(new Message('RMQ_SYS_TRACE_TOPIC', 'not a trace at all', { keys: [one!.msgId, two!.msgId] }));
    assert.equal(plain.sendStatus, SendStatus.SEND_OK);
    const r = await admin.run(['queryMsgTraceById', '-i', one!.msgId]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rows(r.stdout).map((x) => x[0]), ['Pub', 'Sub', 'Sub', 'Sub']);
    assert.equal(r.stderr.trim(), '', 'a body of no trace type is skipped silently');
    shownPlain = await admin.ok(['queryMsgTraceById', '-i', two!.msgId]);
    assert.deepEqual(rows(shownPlain).map((x) => x[0]), ['Pub', 'Sub', 'Sub', 'Sub']);

    await writer.send(new Message('RMQ_SYS_TRACE_TOPIC', 'Pub\u0001not-a-time\u0001r\u0002', { keys: one!.msgId }));
    const after = await admin.run(['queryMsgTraceById', '-i', one!.msgId]);
    assert.equal(after.code, 0, after.stderr);
    assert.deepEqual(rows(after.stdout), rows(r.stdout), 'the good records still show');
    const warnings = after.stderr.split('\n').filter((l) => l.includes('not in the trace format'));
    assert.equal(warnings.length, 1, after.stderr);
  });

  await t.test("bad input, Java's mqadmin: the plain message ignored alike; on the malformed record it gives up", async (tt) => {
    if (!requireReferees(tt, 'client')) return;
    assert.ok(shownPlain, 'the previous subtest ran');
    const plain = await runJavaAdmin(['queryMsgTraceById', '-i', two!.msgId, '-n', ns.addr]);
    assert.equal(tableOf(plain.stdout), tableOf(shownPlain), `${plain.stdout}\n${plain.stderr}`);
    // Java's reader cannot pass the malformed record: no table, the parse error on stderr (and exit 0).
    const java = await runJavaAdmin(['queryMsgTraceById', '-i', one!.msgId, '-n', ns.addr]);
    assert.equal(tableOf(java.stdout), '');
    assert.match(java.stderr, /QueryMsgTraceByIdSubCommandcommand failed[\s\S]*NumberFormatException: For input string: "not-a-time"/);
  });
});

test('a custom trace topic: msgTraceTopicName on the broker, customizedTraceTopic on the clients, -t for mqadmin', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const broker = await startInProcessBroker(t, {
    namesrvAddr: ns.addr,
    brokerConfig: { traceTopicEnable: true, msgTraceTopicName: 'MyTraceTopic', autoCreateTopicEnable: false },
  });
  const admin = adminRunner(t, ns.addr);
  const topic = 'TraceCustom';
  const producer = await startedProducer(t, ns.addr, 'trace_custom_pg', { enableMsgTrace: true, customizedTraceTopic: 'MyTraceTopic' });
  await createRoutedTopic(producer, broker.addr, topic);
  const r = await producer.send(new Message(topic, 'custom'));
  const c = await tracedConsumer(t, ns.addr, 'trace_custom_cg', topic, { traceTopic: 'MyTraceTopic' });
  await pollUntil(() => c.got.size === 1, 'the message consumed');
  await producer.shutdown();
  await c.consumer.shutdown();

  const out = await admin.ok(['queryMsgTraceById', '-i', r.msgId, '-t', 'MyTraceTopic']);
  assert.deepEqual(rows(out), [['Pub', 'trace_custom_pg', 'success'], ['Sub', 'trace_custom_cg', 'success']]);
  // Nothing went to the default trace topic, which this broker does not have.
  assert.match(await admin.fail(['queryMsgTraceById', '-i', r.msgId]), /RMQ_SYS_TRACE_TOPIC/);
  await t.test("Java's mqadmin -t reads the custom topic alike", async (tt) => {
    if (!requireReferees(tt, 'client')) return;
    const java = await runJavaAdmin(['queryMsgTraceById', '-i', r.msgId, '-t', 'MyTraceTopic', '-n', ns.addr]);
    assert.equal(tableOf(java.stdout), tableOf(out), java.stdout);
  });
});

test('a traced lite pull consumer, and namespaced clients: the traces name groups and topics without the namespace', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const broker = await startInProcessBroker(t, { namesrvAddr: ns.addr, brokerConfig: { traceTopicEnable: true } });
  const admin = adminRunner(t, ns.addr);
  const producer = await startedProducer(t, ns.addr, 'trace_ns_pg', { enableMsgTrace: true, namespace: 'tns' });
  await createRoutedTopic(producer, broker.addr, 'tns%TraceLite');
  const r = await producer.send(new Message('TraceLite', 'lite', { keys: 'key-lite' }));
  const lite = new LitePullConsumer({
    consumerGroup: 'trace_lite_cg',
    namesrvAddr: ns.addr,
    namespace: 'tns',
    consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
    enableMsgTrace: true,
  });
  lite.subscribe('TraceLite');
  await lite.start();
  t.after(() => lite.shutdown());
  const got: string[] = [];
  await pollUntil(async () => {
    for (const m of await lite.poll(200)) got.push(m.body.toString());
    return got.length === 1;
  }, 'the lite pull consumer to get the message');
  await producer.shutdown();
  await lite.shutdown();

  const viewer = await startedProducer(t, ns.addr, 'trace_ns_viewer_pg');
  const views = (await viewer.instance.admin.queryMessage('RMQ_SYS_TRACE_TOPIC', r.msgId, 64, 0, Date.now())).flatMap((m) =>
    decodeTraceViews(r.msgId, m)
  );
  // Sub records carry no topic (Java's layout); the Pub record's is the user's.
  assert.deepEqual(views.map((v) => `${v.msgType} ${v.groupName} ${v.status}`).sort(), [
    'Pub trace_ns_pg success',
    'SubAfter trace_lite_cg success',
    'SubBefore trace_lite_cg success',
  ]);
  assert.equal(views.find((v) => v.msgType === 'Pub')!.topic, 'TraceLite');
  const out = await admin.ok(['queryMsgTraceById', '-i', r.msgId]);
  assert.deepEqual(rows(out), [['Pub', 'trace_ns_pg', 'success'], ['Sub', 'trace_lite_cg', 'success']]);
});
