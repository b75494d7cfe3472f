// The mqadmin commands of issue 12 through the real CLI, against our broker and Apache RocketMQ's
// (Node only for the Java one): the store clean-ups answer "success" (their effects are checked in
// broker-store-admin.test.ts), checkMsgSendRT times its sends, producer lists a live producer,
// getConsumerConfig prints a group's config, skipAccumulatedMessage moves a group to the newest
// offsets, the exports write Java's JSON files, and startMonitoring reports a live group's backlog
// until SIGINT.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AdminExt } from '../../src/admin/admin-ext.js';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { Message } from '../../src/client/message/message.js';
import { Producer } from '../../src/client/producer/producer.js';
import { setLogLevel } from '../../src/common/logger.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import { adminRunner, tableRows } from '../harness/admin.js';
import { testOnBothBrokers } from '../harness/clusters.js';
import { pollUntil, withTimeout } from '../harness/latch.js';
import { spawnMq } from '../harness/servers.js';
import { tmpDir } from '../harness/tmp.js';

setLogLevel('error');

testOnBothBrokers('mqadmin maintenance, export and monitoring commands', { javaOnNodeOnly: true }, async (t, c) => {
  const admin = adminRunner(t, c.namesrvAddr);
  const topic = 'MaintTopic';
  const group = 'MaintGroup';
  await admin.ok(['updateTopic', '-b', c.brokerAddr, '-t', topic, '-r', '2', '-w', '2']);
  await admin.ok(['updateSubGroup', '-b', c.brokerAddr, '-g', group]);
  const producer = c.own(new Producer({ producerGroup: 'MaintProducer', namesrvAddr: c.namesrvAddr }));
  await producer.start();
  for (let i = 0; i < 6; i++) await producer.send(new Message(topic, `m${i}`));

  await t.test('store clean-ups', async () => {
    assert.equal(await admin.ok(['cleanExpiredCQ', '-b', c.brokerAddr]), 'success');
    assert.equal(await admin.ok(['deleteExpiredCommitLog', '-c', c.clusterName]), 'success');
    assert.equal(await admin.ok(['cleanUnusedTopic']), 'success');
    assert.match(await admin.fail(['cleanUnusedTopic', '-c', 'NoSuchCluster']), /no broker was asked/);
  });

  await t.test('checkMsgSendRT', async () => {
    const out = await admin.ok(['checkMsgSendRT', '-t', topic, '-a', '3', '-s', '16']);
    const rows = tableRows(out, /^#Broker Name\s+#QID\s+#Send Result\s+#RT$/).slice(0, 3);
    assert.deepEqual(rows.map((r) => [r[0], r[1], r[2]]), [[c.brokerName, '0', 'true'], [c.brokerName, '1', 'true'], [
      c.brokerName,
      '0',
      'true',
    ]]);
    assert.match(out, /^Avg RT: \d+\.\d\d$/m);
  });

  await t.test('producer', async () => {
    // The producer's heartbeat to a broker it learned from a route goes out on its own schedule,
    // not with the sends: poll until the broker lists it.
    const line =
      /^producer group \(MaintProducer\) instance : clientId=\S+,remoteIP=\S+, language=\w+, version=\d+, lastUpdateTimestamp=\d+$/m;
    let out = '';
    await pollUntil(
      async () => line.test(out = await admin.ok(['producer', '-b', c.brokerAddr])),
      'the producer to be listed',
      40_000,
      500,
    );
    assert.match(out, line);
  });

  await t.test('getConsumerConfig', async () => {
    const out = await admin.ok(['getConsumerConfig', '-g', group]);
    const lines = out.trimEnd().split('\n');
    assert.equal(lines[0], `=============================${c.clusterName}:${c.brokerName}=============================`);
    assert.equal(lines[1], `groupName${' '.repeat(31)}=  ${group}`);
    assert.equal(lines.length, 10);
  });

  await t.test('skipAccumulatedMessage', async () => {
    // The group has consumed nothing: its offsets are at 0, and nobody of it is online.
    const lib = new AdminExt({ namesrvAddr: c.namesrvAddr, credentials: null }).start();
    try {
      for (const queueId of [0, 1]) {
        await lib.api.updateConsumerOffset(
          c.brokerAddr,
          { consumerGroup: group, topic, queueId, commitOffset: 0, bname: c.brokerName },
          5000,
        );
      }
    } finally {
      await lib.shutdown();
    }
    const header = /^#brokerName\s+#queueId\s+#brokerOffset\s+#consumerOffset\s+#timestampOffset\s+#rollbackOffset\s*$/;
    // Java falls back to the old way (offsets committed directly) when the group is not online.
    const rows = tableRows(await admin.ok(['skipAccumulatedMessage', '-g', group, '-t', topic]), header);
    assert.equal(rows.length, 2);
    for (const r of rows) assert.deepEqual([r[3], r[5]], ['0', r[2]], `from 0 to the broker offset: ${r.join(' ')}`);
    assert.equal(rows.reduce((n, r) => n + Number(r[2]), 0), 6 + 3);
    const again = tableRows(await admin.ok(['skipAccumulatedMessage', '-g', group, '-t', topic]), header);
    for (const r of again) assert.equal(r[3], r[2], `nothing left to skip: ${r.join(' ')}`);
  });

  await t.test('exports', async () => {
    const dir = tmpDir('mq-export-', t);
    assert.equal(await admin.ok(['exportMetadata', '-c', c.clusterName, '-f', dir]), `export ${dir}/metadata.json success`);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8'));
    assert.equal(meta.topicConfigTable[topic].readQueueNums, 2);
    assert.equal(meta.subscriptionGroupTable[group].groupName, group);
    assert.equal(meta.topicConfigTable['%RETRY%' + group], undefined, 'no retry topics without -s');
    assert.ok(meta.exportTime > 0);

    await admin.ok(['exportMetadata', '-b', c.brokerAddr, '-g', '-f', dir]);
    const groups = JSON.parse(fs.readFileSync(path.join(dir, 'subscriptionGroup.json'), 'utf8'));
    assert.ok(groups.subscriptionGroupTable[group]);
    assert.equal(groups.subscriptionGroupTable.TOOLS_CONSUMER, undefined, 'system groups are left out');

    await admin.ok(['exportConfigs', '-c', c.clusterName, '-f', dir]);
    const configs = JSON.parse(fs.readFileSync(path.join(dir, 'configs.json'), 'utf8'));
    assert.deepEqual(configs.clusterScale, { namesrvSize: 1, masterBrokerSize: 1, slaveBrokerSize: 0 });
    assert.equal(configs.brokerConfigs[c.brokerName].brokerClusterName, c.clusterName);
    assert.equal(Object.keys(configs.brokerConfigs[c.brokerName]).length, 16);

    await admin.ok(['exportMetrics', '-c', c.clusterName, '-f', dir]);
    const metrics = JSON.parse(fs.readFileSync(path.join(dir, 'metrics.json'), 'utf8'));
    const quota = metrics.evaluateReport[c.brokerName].runtimeQuota;
    assert.equal(quota.topicSize, 1);
    assert.equal(typeof quota.tps.normalInTps, 'number');
    assert.ok(metrics.totalData.totalOneDayNum);
  });

  await t.test('startMonitoring', async () => {
    const consumer = c.own(
      new PushConsumer({ consumerGroup: group, namesrvAddr: c.namesrvAddr, consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET }),
    );
    consumer.subscribe(topic, '*');
    consumer.registerMessageListener(() => ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
    await consumer.start();
    await consumer.persistConsumerOffset();
    const mon = spawnMq(['admin', 'startMonitoring', '-n', c.namesrvAddr, '--firstRoundDelay', '0', '--roundInterval', '1000'], {
      NAMESRV_ADDR: undefined,
      MQ_LOG_STDERR: 'error',
    });
    try {
      await mon.stdout.waitFor(/^\[MONITOR\] =+beginRound$/, 30_000);
      const m = await mon.stdout.waitFor(
        new RegExp(`^\\[MONITOR\\] reportUndoneMsgs: UndoneMsgs \\[consumerGroup=${group}, topic=${topic}, undoneMsgsTotal=(\\d+), `),
        30_000,
      );
      assert.ok(Number(m[1]) >= 0);
      await mon.stdout.waitFor(/^Execute one round monitor work, spent timemills: \d+$/, 30_000);
    } finally {
      mon.signal('SIGINT');
    }
    const status = await withTimeout(mon.exited, 20_000, 'startMonitoring to stop');
    assert.equal(status.code, 0, mon.stderr.text);
  });
});
