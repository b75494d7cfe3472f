// `mq admin` through the real CLI against a real mq cluster: a name server and two brokers, each
// its own process. One cluster for the file; each step checks exit codes and the output against the
// state the test built (topics created on both brokers, messages sent and consumed, offsets moved
// back and re-read by a live consumer, groups, broker and name server configuration, write
// permission drained and restored, the topic deleted again).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Producer } from '../../src/client/producer/producer.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { Message } from '../../src/client/message/message.js';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import { setLogLevel } from '../../src/common/logger.js';
import { pollUntil } from '../harness/latch.js';
import { adminRunner, startTwoBrokerCluster, tableRows } from '../harness/admin.js';

setLogLevel('error');

const TOPIC = 'AdmTopic';
const GROUP = 'AdmGroup';

test('mq admin against a two-broker mq cluster: cluster, topics, messages, groups, offsets, configs', async (t) => {
  const c = await startTwoBrokerCluster(t, 'AdmCluster');
  const admin = adminRunner(t, c.namesrv.addr);

  await t.test('clusterList shows both brokers of the cluster; -m and --json too', async () => {
    const rows = tableRows(await admin.ok(['clusterList']), /^#Cluster Name +#Broker Name +#BID +#Addr +#Version/);
    assert.deepEqual(rows.map((r) => [r[0], r[1], r[2], r[3], r[4]]), [
      ['AdmCluster', 'broker-a', '0', c.a.addr, 'V4_9_8'],
      ['AdmCluster', 'broker-b', '0', c.b.addr, 'V4_9_8'],
    ]);
    const json = JSON.parse(await admin.ok(['clusterlist', '--json', '-c', 'AdmCluster'])) as Array<{ brokerName: string; addr: string }>;
    assert.deepEqual(json.map((r) => r.addr), [c.a.addr, c.b.addr]);
    assert.equal(tableRows(await admin.ok(['clusterList', '-m']), /^#Cluster Name +#Broker Name +#InTotalYest/).length, 2);
    // -i prints again after the interval; --times ends it.
    assert.equal(
      (await admin.ok(['clusterList', '-i', '1', '--times', '2'])).split('\n').filter((l) => l.startsWith('#Cluster Name')).length,
      2,
    );
  });

  await t.test('updateTopic -c creates the topic on both brokers; route, list, cluster of the topic', async () => {
    const out = await admin.ok(['updateTopic', '-c', c.cluster, '-t', TOPIC, '-r', '4', '-w', '4']);
    assert.match(out, new RegExp(`create topic to ${c.a.addr} success\\.`));
    assert.match(out, new RegExp(`create topic to ${c.b.addr} success\\.`));
    assert.match(
      out,
      /TopicConfig \[topicName=AdmTopic, readQueueNums=4, writeQueueNums=4, perm=RW-, topicFilterType=SINGLE_TAG, topicSysFlag=0, order=false\]/,
    );
    const route = JSON.parse(await admin.ok(['topicRoute', '-t', TOPIC, '--json'])) as {
      brokerDatas: Array<{ brokerName: string }>;
      queueDatas: Array<{ brokerName: string; readQueueNums: number; perm: number }>;
    };
    assert.deepEqual(route.brokerDatas.map((b) => b.brokerName).sort(), ['broker-a', 'broker-b']);
    assert.ok(route.queueDatas.every((q) => q.readQueueNums === 4 && q.perm === 6));
    assert.match(await admin.ok(['topicRoute', '-t', TOPIC]), /^\{\n\t"brokerDatas":\[/);
    const list = await admin.ok(['topicRoute', '-t', TOPIC, '-l']);
    assert.match(list, /^Total: +2 +8 +8/m);
    assert.ok((await admin.ok(['topicList'])).split('\n').includes(TOPIC));
    assert.equal((await admin.ok(['topicClusterList', '-t', TOPIC])).trim(), c.cluster);
    const alloc = JSON.parse(await admin.ok(['allocateMQ', '-t', TOPIC, '-i', 'c1,c2'])) as { result: Record<string, unknown[]> };
    assert.equal(alloc.result.c1!.length + alloc.result.c2!.length, 8);
  });

  let offsetMsgId = '';
  let uniqKey = '';
  const sentAt = Date.now();
  await t.test('sendMessage, then the message by offset id, key, unique key and queue offset', async () => {
    const sent = JSON.parse(
      await admin.ok(['sendMessage', '-t', TOPIC, '-p', 'hello admin', '-k', 'AdmKey1', '-c', 'AdmTag', '--json']),
    ) as {
      sendStatus: string;
      msgId: string;
      offsetMsgId: string;
      queueOffset: number;
      messageQueue: { brokerName: string; queueId: number };
    };
    assert.equal(sent.sendStatus, 'SEND_OK');
    offsetMsgId = sent.offsetMsgId;
    uniqKey = sent.msgId;
    const table = await admin.ok(['sendMessage', '-t', TOPIC, '-p', 'to queue 1', '-b', 'broker-b', '-i', '1']);
    assert.deepEqual(tableRows(table, /^#Broker Name +#QID +#Send Result +#MsgId$/)[0]!.slice(0, 3), ['broker-b', '1', 'SEND_OK']);

    const byId = await admin.ok(['queryMsgById', '-i', offsetMsgId]);
    assert.match(byId, new RegExp(`^OffsetID: {12}${offsetMsgId}$`, 'm'));
    assert.match(byId, /^Topic: {15}AdmTopic$/m);
    assert.match(byId, /^Tags: {16}\[AdmTag\]$/m);
    assert.match(byId, /^Keys: {16}\[AdmKey1\]$/m);
    assert.match(byId, new RegExp(`^Queue ID: {12}${sent.messageQueue.queueId}$`, 'm'));
    assert.match(byId, /^WARN: No Consumer$/m);
    const bodyPath = /^Message Body Path: +(.+)$/m.exec(byId)![1]!;
    assert.equal(fs.readFileSync(bodyPath, 'utf8'), 'hello admin');

    const byKey = tableRows(await admin.ok(['queryMsgByKey', '-t', TOPIC, '-k', 'AdmKey1']), /^#Message ID +#QID +#Offset$/);
    assert.deepEqual(byKey, [[uniqKey, String(sent.messageQueue.queueId), String(sent.queueOffset)]]);
    const byUniq = JSON.parse(await admin.ok(['queryMsgByUniqueKey', '-t', TOPIC, '-i', uniqKey, '--json'])) as {
      offsetMsgId: string;
      body: string;
      tracks: unknown[];
    };
    assert.equal(byUniq.offsetMsgId, offsetMsgId);
    assert.equal(byUniq.body, 'hello admin');
    const byOffset = await admin.ok([
      'queryMsgByOffset',
      '-t',
      TOPIC,
      '-b',
      sent.messageQueue.brokerName,
      '-i',
      String(sent.messageQueue.queueId),
      '-o',
      String(sent.queueOffset),
    ]);
    assert.match(byOffset, new RegExp(`^OffsetID: {12}${offsetMsgId}$`, 'm'));
    assert.match(byOffset, /MIN_OFFSET=0/);
  });

  const received: string[] = [];
  let consumer: PushConsumer | undefined;
  await t.test('20 more messages; topicStatus offsets add up on both brokers; a consumer reads them all', async () => {
    const p = new Producer({ producerGroup: 'AdmProducer', namesrvAddr: c.namesrv.addr, heartbeatBrokerInterval: 1000 });
    await p.start();
    t.after(() => p.shutdown());
    for (let i = 0; i < 20; i++) await p.send(new Message(TOPIC, `m${i}`, { tags: 'Bulk' }));
    const rows = tableRows(await admin.ok(['topicStatus', '-t', TOPIC]), /^#Broker Name +#QID +#Min Offset +#Max Offset +#Last Updated$/);
    assert.deepEqual(
      rows.map((r) => `${r[0]}:${r[1]}`),
      ['a:0', 'a:1', 'a:2', 'a:3', 'b:0', 'b:1', 'b:2', 'b:3'].map((x) => x.replace(/^([ab])/, 'broker-$1')),
    );
    assert.equal(rows.reduce((s, r) => s + Number(r[3]), 0), 22);
    assert.ok(rows.some((r) => r[0] === 'broker-a' && Number(r[3]) > 0) && rows.some((r) => r[0] === 'broker-b' && Number(r[3]) > 0));

    consumer = new PushConsumer({
      consumerGroup: GROUP,
      namesrvAddr: c.namesrv.addr,
      consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
      persistConsumerOffsetInterval: 500,
    });
    consumer.subscribe(TOPIC, '*');
    consumer.registerMessageListener((msgs) => {
      for (const m of msgs) received.push(m.body.toString());
      return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    });
    await consumer.start();
    t.after(() => consumer?.shutdown());
    await pollUntil(() => received.length >= 22, `22 messages (got ${received.length})`, 30_000);
    // Commit now rather than at the first persist tick (10 s after start).
    await pollUntil(
      async () => {
        await consumer!.persistConsumerOffset();
        return consumer!.cloneOffsetTable(TOPIC).size === 8;
      },
      'offsets of all 8 queues',
      10_000,
      200,
    );
  });

  await t.test('consumerProgress, consumerConnection and producerConnection while the consumer runs', async () => {
    // The consumer commits its offsets with its next pulls and every persist interval.
    const progress = await pollUntil(
      async () => {
        const r = await admin.run(['consumerProgress', '-g', GROUP]);
        return r.code === 0 && /^Diff Total: 0$/m.test(r.stdout) &&
            tableRows(r.stdout, /^#Topic/).filter((row) => row[0] === TOPIC).length === 8
          ? r.stdout
          : undefined;
      },
      "the group's offsets to reach the end",
      30_000,
      300,
    );
    const rows = tableRows(progress, /^#Topic +#Broker Name +#QID +#Broker Offset +#Consumer Offset +#Diff +#LastTime$/).filter((r) =>
      r[0] === TOPIC
    );
    assert.equal(rows.reduce((s, r) => s + Number(r[4]), 0), 22);
    const all = tableRows(await admin.ok(['consumerProgress']), /^#Group +#Count +#Version +#Type +#Model +#TPS +#Diff Total$/);
    assert.deepEqual(all.find((r) => r[0] === GROUP)?.slice(0, 5), [GROUP, '1', 'V4_9_8', 'PUSH', 'CLUSTERING']);
    const conn = await admin.ok(['consumerConnection', '-g', GROUP]);
    assert.match(conn, /^ConsumeType: CONSUME_PASSIVELY$/m);
    assert.match(conn, /^AdmTopic +\*$/m);
    assert.match(await admin.ok(['consumerProgress', '-g', GROUP, '-s', 'true']), /#Client IP/);
    const status = await admin.ok(['consumerStatus', '-g', GROUP]);
    assert.match(status, /^Same subscription in the same group of consumer$/m);
    const file = /^1 +\S+ +V4_9_8 +(\S+)$/m.exec(status)![1]!;
    assert.match(fs.readFileSync(file, 'utf8'), /^#Consumer Offset#$/m);
    const clientId = consumer!.instance.clientId;
    const info = await admin.ok(['consumerStatus', '-g', GROUP, '-i', clientId]);
    assert.match(info, new RegExp(`^consumerGroup {27}: ${GROUP}$`, 'm'));
    assert.equal(info.split('\n').filter((l) => l.startsWith(`${TOPIC} `) && /ProcessQueueInfo \[commitOffset=\d+/.test(l)).length, 8);
    const producers = await pollUntil(
      async () => {
        const r = await admin.run(['producerConnection', '-g', 'AdmProducer', '-t', TOPIC]);
        return r.code === 0 ? r.stdout : undefined;
      },
      "the producer's heartbeat",
      10_000,
      300,
    );
    assert.match(producers, /^0001 {2}\S+@\S+ +127\.0\.0\.1:\d+ +\S+ +V4_9_8$/m);
    const byId = await admin.ok(['queryMsgById', '-i', offsetMsgId]);
    assert.match(byId, /MessageTrack \[consumerGroup=AdmGroup, trackType=CONSUMED, exceptionDesc=null\]/);
  });

  await t.test('resetOffsetByTime moves the live group back and the consumer reads everything again', async () => {
    const before = received.length;
    const out = await admin.ok(['resetOffsetByTime', '-g', GROUP, '-t', TOPIC, '-s', String(sentAt - 60_000)]);
    assert.match(out, /^rollback consumer offset by specified group\[AdmGroup\], topic\[AdmTopic\], force\[true\]/m);
    const rows = tableRows(out, /^#brokerName +#queueId +#offset/);
    assert.equal(rows.length, 8);
    assert.ok(rows.every((r) => r[2] === '0'), out);
    await pollUntil(() => received.length >= before + 22, `the 22 messages again (got ${received.length - before})`, 30_000);
    await consumer!.shutdown();
    // Nobody online now: the old way commits the offsets itself.
    const old = await admin.ok(['resetOffsetByTime', '-g', GROUP, '-t', TOPIC, '-s', 'now']);
    assert.match(old, /^rollback consumer offset by specified consumerGroup\[AdmGroup\]/m);
    assert.equal(tableRows(old, /^#brokerName +#queueId +#brokerOffset/).length, 8);
    assert.match(await admin.ok(['consumerProgress', '-g', GROUP]), /^Diff Total: 0$/m);
  });

  await t.test('updateSubGroup, cloneGroupOffset, brokerConsumeStats, deleteSubGroup', async () => {
    const created = await admin.ok(['updateSubGroup', '-c', c.cluster, '-g', 'AdmGroup2', '-r', '3']);
    assert.match(created, new RegExp(`create subscription group to ${c.a.addr} success\\.`));
    assert.match(
      created,
      /SubscriptionGroupConfig \[groupName=AdmGroup2, consumeEnable=true, consumeFromMinEnable=false, consumeBroadcastEnable=false, retryQueueNums=1, retryMaxTimes=3,/,
    );
    assert.match(
      await admin.ok(['cloneGroupOffset', '-s', GROUP, '-d', 'AdmGroup2', '-t', TOPIC]),
      /clone group offset success\. srcGroup\[AdmGroup\], destGroup=\[AdmGroup2\], topic\[AdmTopic\]/,
    );
    const stats = [c.a.addr, c.b.addr].map(async (addr) =>
      tableRows(await admin.ok(['brokerConsumeStats', '-b', addr]), /^#Topic +#Group/).filter((r) => r[1] === 'AdmGroup2')
    );
    const cloned = (await Promise.all(stats)).flat();
    assert.equal(cloned.reduce((s, r) => s + Number(r[5]), 0), 22, "the clone has the source group's offsets");
    const deleted = await admin.ok(['deleteSubGroup', '-c', c.cluster, '-g', 'AdmGroup2', '-r', 'true']);
    assert.match(
      deleted,
      new RegExp(`delete subscription group \\[AdmGroup2\\] from broker \\[${c.b.addr}\\] in cluster \\[AdmCluster\\] success\\.`),
    );
    assert.match(await admin.fail(['deleteSubGroup', '-c', c.cluster, '-g', 'AdmGroup2']), /subscription group AdmGroup2 does not exist/);
  });

  await t.test('messages on the command line: printMsg, printMsgByQueue, consumeMessage, queryCq', async () => {
    const printed = await admin.ok(['printMsg', '-t', TOPIC, '-s', 'AdmTag']);
    assert.equal(printed.split('\n').filter((l) => l.startsWith('MSGID: ')).length, 1);
    assert.match(printed, /BODY: hello admin$/m);
    assert.equal(printed.split('\n').filter((l) => l.startsWith('minOffset=')).length, 8);
    const byQueue = await admin.ok(['printMsgByQueue', '-t', TOPIC, '-a', 'broker-b', '-i', '1', '-f', 'true']);
    assert.match(byQueue, /^Tag: \S+ +Count: \d+$/m);
    const consumed = await admin.ok(['consumeMessage', '-t', TOPIC, '-c', '3']);
    assert.equal(consumed.split('\n').filter((l) => l.startsWith('MSGID: ')).length, 3);
    const cq = await admin.ok(['queryCq', '-t', TOPIC, '-q', '1', '-i', '0', '-c', '1', '-b', c.b.addr]);
    assert.match(cq, /^ConsumeQueueData\{physicOffset=\d+, physicSize=\d+, tagsCode=-?\d+,/m);
    assert.match(await admin.ok(['statsAll', '-t', TOPIC]), new RegExp(`^${TOPIC} +${GROUP} +0 `, 'm'));
  });

  await t.test('broker status and configuration: read, change on the whole cluster, read back', async () => {
    assert.match(await admin.ok(['brokerStatus', '-b', c.a.addr]), /^brokerVersionDesc {15}: V4_9_8$/m);
    assert.equal((await admin.ok(['brokerStatus', '-c', c.cluster])).split('\n').filter((l) => /: V4_9_8$/.test(l)).length, 2);
    assert.match(await admin.ok(['getBrokerConfig', '-b', c.a.addr]), /^brokerName += {2}broker-a$/m);
    const updated = await admin.ok(['updateBrokerConfig', '-c', c.cluster, '-k', 'autoCreateTopicEnable', '-v', 'false']);
    assert.deepEqual(
      updated.trim().split('\n').sort(),
      [`update broker config success, ${c.a.addr}`, `update broker config success, ${c.b.addr}`].sort(),
    );
    const both = await admin.ok(['getBrokerConfig', '-c', c.cluster]);
    assert.equal(both.split('\n').filter((l) => /^autoCreateTopicEnable += {2}false$/.test(l)).length, 2);
    assert.match(both, new RegExp(`^============Master: ${c.a.addr}============$`, 'm'));
    assert.match(await admin.ok(['sendMsgStatus', '-b', 'broker-a', '-c', '2']), /^rt=\d+ms, SendResult=SendResult \[sendStatus=SEND_OK/m);
    const rt = tableRows(await admin.ok(['clusterRT', '-c', c.cluster, '-a', '3', '--times', '1']), /^#Cluster Name +#Broker Name +#RT/);
    assert.deepEqual(rt.map((r) => [r[1], r[3], r[4]]), [['broker-a', '3', '0'], ['broker-b', '3', '0']]);
  });

  await t.test('wipeWritePerm drains broker-a (reads still allowed), addWritePerm restores it', async () => {
    const perms = async () =>
      (JSON.parse(await admin.ok(['topicRoute', '-t', TOPIC, '--json'])) as { queueDatas: Array<{ brokerName: string; perm: number }> })
        .queueDatas.sort((x, y) => x.brokerName.localeCompare(y.brokerName)).map((q) => q.perm);
    assert.match(
      await admin.ok(['wipeWritePerm', '-b', 'broker-a']),
      new RegExp(`^wipe write perm of broker\\[broker-a\\] in name server\\[${c.namesrv.addr}\\] OK, \\d+$`, 'm'),
    );
    assert.deepEqual(await perms(), [4, 6]);
    const sent = JSON.parse(await admin.ok(['sendMessage', '-t', TOPIC, '-p', 'while drained', '--json'])) as {
      messageQueue: { brokerName: string };
    };
    assert.equal(sent.messageQueue.brokerName, 'broker-b');
    assert.match(await admin.ok(['updateTopicPerm', '-b', c.b.addr, '-t', TOPIC, '-p', '6']), /^new perm equals to the old one!$/m);
    assert.match(
      await admin.ok(['addWritePerm', '-b', 'broker-a']),
      /^add write perm of broker\[broker-a\] in name server\[.+\] OK, \d+$/m,
    );
    assert.deepEqual(await perms(), [6, 6]);
  });

  await t.test('name server: config, KV entries and order configuration', async () => {
    const conf = await admin.ok(['getNamesrvConfig']);
    assert.match(conf, new RegExp(`^============${c.namesrv.addr}============$`, 'm'));
    assert.match(conf, /^kvConfigPath += {2}\S+kvConfig\.json$/m);
    assert.match(await admin.ok(['updateNamesrvConfig', '-k', 'orderMessageEnable', '-v', 'true']), /^orderMessageEnable : true$/m);
    assert.match(await admin.ok(['getNamesrvConfig']), /^orderMessageEnable += {2}true$/m);
    assert.match(
      await admin.ok(['updateKvConfig', '-s', 'AdmNs', '-k', 'k1', '-v', 'v1']),
      /create or update kv config to namespace success\./,
    );
    assert.match(await admin.ok(['deleteKvConfig', '-s', 'AdmNs', '-k', 'k1']), /delete kv config from namespace success\./);
    assert.match(await admin.fail(['deleteKvConfig', '-s', 'AdmNs', '-k', 'k1']), /no KV config k1 in namespace AdmNs/);
    await admin.ok(['updateOrderConf', '-t', TOPIC, '-m', 'put', '-v', 'broker-a:4;broker-b:4']);
    assert.match(await admin.ok(['updateOrderConf', '-t', TOPIC, '-m', 'get']), /orderConf=\[broker-a:4;broker-b:4\]/);
    await admin.ok(['updateOrderConf', '-t', TOPIC, '-m', 'delete']);
    assert.match(await admin.fail(['updateOrderConf', '-t', TOPIC, '-m', 'get']), /has no order configuration/);
    // An ordered topic records its queues per broker in the order configuration.
    assert.match(
      await admin.ok(['updateTopic', '-b', c.a.addr, '-t', 'AdmOrder', '-r', '2', '-w', '2', '-o', 'true']),
      /^set broker orderConf\. isOrder=true, orderConf=\[broker-a:2\]$/m,
    );
    assert.match(
      await admin.ok(['updateTopic', '-c', c.cluster, '-t', 'AdmOrder', '-r', '2', '-w', '2', '-o', 'true']),
      /^set cluster orderConf\. isOrder=true, orderConf=\[broker-a:2;broker-b:2\]$/m,
    );
    assert.match(await admin.ok(['updateOrderConf', '-t', 'AdmOrder', '-m', 'get']), /orderConf=\[broker-a:2;broker-b:2\]/);
    assert.match(
      await admin.ok(['updateTopicPerm', '-c', c.cluster, '-t', 'AdmOrder', '-p', '4']),
      new RegExp(`^update topic perm from 6 to 4 in ${c.b.addr} success\\.$`, 'm'),
    );
  });

  await t.test('deleteTopic removes it from both brokers and the name server', async () => {
    const out = await admin.ok(['deleteTopic', '-t', TOPIC, '-c', c.cluster]);
    assert.match(out, /^delete topic \[AdmTopic\] from cluster \[AdmCluster\] success\.$/m);
    assert.match(out, /^delete topic \[AdmTopic\] from NameServer success\.$/m);
    assert.ok(!(await admin.ok(['topicList'])).split('\n').includes(TOPIC));
    assert.match(await admin.fail(['topicStatus', '-t', TOPIC]), /topic AdmTopic does not exist/);
  });
});
