// The quickstart tools through the real CLI (`mq tools producer|consumer`) against a name server
// and broker, ours and Apache RocketMQ's (one cluster each): TopicTest auto-created through TBW102,
// 20 sent and 20 received, --json lines, a graceful stop on SIGTERM, and one-line failures for an
// unreachable name server or a topic without a route.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PullConsumer } from '../../src/client/consumer/pull-consumer.js';
import { setLogLevel } from '../../src/common/logger.js';
import { testOnBothBrokers } from '../harness/clusters.js';
import { freePort } from '../harness/java.js';
import { runMq, spawnMq } from '../harness/servers.js';
import { pollUntil, withTimeout } from '../harness/latch.js';

setLogLevel('error');

const sendLine = (brokerName: string) =>
  new RegExp(
    `^SendResult \\[sendStatus=SEND_OK, msgId=[0-9A-F]{32,56}, offsetMsgId=[0-9A-F]{32,56}, messageQueue=MessageQueue \\[topic=TopicTest, brokerName=${brokerName}, queueId=\\d\\], queueOffset=\\d+\\]$`,
  );
const receiveLine = (brokerName: string) =>
  new RegExp(
    `^ConsumeMessageThread_\\d+ Receive New Messages: \\[MessageExt \\[brokerName=${brokerName}, queueId=\\d, .*body=\\[Hello RocketMQ (\\d+)\\], transactionId='null'\\}\\]\\]$`,
  );

test('unreachable name server: the tools fail with one line, "connect to <addr> failed"', async () => {
  const port = await freePort();
  for (const tool of ['producer', 'consumer']) {
    // Without MQ_LOG_LEVEL (the harness sets it to info), the tools keep client warnings off stderr.
    const r = await runMq(['tools', tool, '-n', `127.0.0.1:${port}`, '-c', '1'], { timeoutMs: 20_000, env: { MQ_LOG_LEVEL: '' } });
    assert.equal(r.code, 1, `${tool}: ${r.stderr}`);
    assert.equal(r.stderr.trim(), `mq: connect to 127.0.0.1:${port} failed`);
    assert.equal(r.stdout, '');
  }
  const none = await runMq(['tools', 'producer', '-c', '1'], { env: { NAMESRV_ADDR: '', MQ_LOG_LEVEL: '' } });
  assert.equal(none.code, 1);
  assert.match(none.stderr.trim(), /^mq: No name server address/);
});

testOnBothBrokers(
  'mq tools producer -c 20 then mq tools consumer -c 20; --json; SIGTERM stops gracefully; missing routes',
  {},
  async (t, c) => {
    const SEND_LINE = sendLine(c.brokerName);
    const RECEIVE_LINE = receiveLine(c.brokerName);

    const prod = await runMq(['tools', 'producer', '-n', c.namesrvAddr, '-c', '20'], { timeoutMs: 60_000 });
    assert.equal(prod.code, 0, prod.stderr);
    const sendLines = prod.stdout.trim().split('\n');
    assert.equal(sendLines.length, 20);
    for (const l of sendLines) assert.match(l, SEND_LINE);

    const cons = await runMq(['tools', 'consumer', '-n', c.namesrvAddr, '-c', '20'], { timeoutMs: 60_000 });
    assert.equal(cons.code, 0, cons.stderr);
    const lines = cons.stdout.trim().split('\n');
    assert.equal(lines[0], 'Consumer Started.');
    const bodies = lines.slice(1).map((l) => {
      const m = RECEIVE_LINE.exec(l);
      assert.ok(m, l);
      return Number(m[1]);
    });
    assert.deepEqual(bodies.sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));

    // The consumer committed its offsets before leaving: the group is at the end of every queue.
    const check = c.own(new PullConsumer({ consumerGroup: 'please_rename_unique_group_name_4', namesrvAddr: c.namesrvAddr }));
    await check.start();
    let committed = 0;
    for (const mq of await check.fetchSubscribeMessageQueues('TopicTest')) {
      committed += Math.max(
        0,
        await check.fetchConsumeOffset(mq, true),
      );
    }
    assert.equal(committed, 20);

    // --json: one object per line.
    const jp = await runMq(['tools', 'producer', '-n', c.namesrvAddr, '-c', '3', '--json', '--tag', 'TagJ'], { timeoutMs: 60_000 });
    assert.equal(jp.code, 0, jp.stderr);
    const objs = jp.stdout.trim().split('\n').map((l) => JSON.parse(l) as { sendStatus: string; messageQueue: { topic: string } });
    assert.equal(objs.length, 3);
    assert.ok(objs.every((o) => o.sendStatus === 'SEND_OK' && o.messageQueue.topic === 'TopicTest'));
    const jc = await runMq(['tools', 'consumer', '-n', c.namesrvAddr, '-c', '3', '--json', '-g', 'it_json_cg', '--tag', 'TagJ'], {
      timeoutMs: 60_000,
    });
    assert.equal(jc.code, 0, jc.stderr);
    const got = jc.stdout.trim().split('\n').map((l) => JSON.parse(l) as { tags: string; body: string; topic: string });
    assert.equal(got.length, 3);
    assert.ok(got.every((o) => o.tags === 'TagJ' && o.topic === 'TopicTest' && /^Hello RocketMQ [012]$/.test(o.body)));

    // Running without a count until SIGTERM: stops with exit 0 and leaves the group.
    const child = spawnMq(['tools', 'consumer', '-n', c.namesrvAddr, '-g', 'it_sig_cg']);
    t.after(() => child.signal('SIGKILL'));
    await child.stdout.waitFor(/^Consumer Started\.$/, 30_000);
    await pollUntil(
      () => child.stdout.lines.filter((l) => RECEIVE_LINE.test(l)).length >= 23,
      'the running consumer to print every message',
      30_000,
    );
    const admin = check.instance.api.admin;
    await pollUntil(
      async () =>
        (await admin.getConsumerConnectionList(c.brokerAddr, 'it_sig_cg', 3000).catch(() => undefined))?.connectionSet.length === 1,
      'the consumer to be registered',
      30_000,
    );
    child.signal('SIGTERM');
    const status = await withTimeout(child.exited, 20_000, 'the consumer to exit');
    assert.equal(status.code, 0, child.stderr.text);
    await assert.rejects(
      admin.getConsumerConnectionList(c.brokerAddr, 'it_sig_cg', 3000),
      /CONSUMER_NOT_ONLINE|not online/i,
      'unregistered at once',
    );

    // Missing routes: one line each.
    const missing = await runMq(['tools', 'consumer', '-n', c.namesrvAddr, '-t', 'ItNoRoute', '-c', '1'], {
      timeoutMs: 60_000,
      env: { MQ_LOG_LEVEL: '' },
    });
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim(), `mq: No route info of this topic: ItNoRoute, name servers: ${c.namesrvAddr}`);
  },
);
