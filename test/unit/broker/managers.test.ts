// The broker's persisted tables: topics.json, subscriptionGroup.json and consumerOffset.json read
// from the golden store Java wrote and written back byte for byte, round trips through our own
// files (atomic, with a .bak the loader falls back to), the system topics and groups made at
// start-up, and the auto-creation rules (TBW102 inheritance, autoCreateSubscriptionGroup).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { defaultBrokerConfig } from '../../../src/common/config/broker-config.js';
import { packageRoot } from '../../../src/common/runtime.js';
import { PermName } from '../../../src/remoting/protocol/topic-config.js';
import { ConfigFile } from '../../../src/broker/persist/config-file.js';
import { TopicConfigManager } from '../../../src/broker/topic/topic-config-manager.js';
import { SubscriptionGroupManager } from '../../../src/broker/subscription/subscription-group-manager.js';
import { ConsumerOffsetManager } from '../../../src/broker/offset/consumer-offset-manager.js';
import { tmpDir } from '../../harness/tmp.js';

const golden = path.join(packageRoot, 'test', 'fixtures', 'rocketmq-4.9.8', 'store');

/** A temp store root holding a copy of the golden config files. */
function goldenRoot(t: { after(fn: () => void): void }): string {
  const root = tmpDir('mq-broker-cfg-', t);
  fs.cpSync(path.join(golden, 'config'), path.join(root, 'config'), { recursive: true });
  for (const f of fs.readdirSync(path.join(root, 'config'))) fs.chmodSync(path.join(root, 'config', f), 0o644);
  fs.chmodSync(path.join(root, 'config'), 0o755);
  return root;
}

const read = (root: string, f: string) => fs.readFileSync(path.join(root, 'config', f), 'utf8');

test('topics.json written by Java loads over the built-in topics and is written back in its layout, line for line', async (t) => {
  const root = goldenRoot(t);
  const original = read(root, 'topics.json');
  const m = new TopicConfigManager(defaultBrokerConfig({ brokerClusterName: 'FixtureCluster', brokerName: 'broker-fx' }), {
    storeRoot: root,
  });
  m.load();
  assert.equal(m.dataVersion.counter, 6);
  assert.deepEqual(m.selectTopicConfig('FxTopic'), {
    topicName: 'FxTopic',
    readQueueNums: 2,
    writeQueueNums: 2,
    perm: 6,
    topicFilterType: 'SINGLE_TAG',
    topicSysFlag: 0,
    order: false,
  });
  assert.equal(m.selectTopicConfig('broker-fx')!.perm, 7);
  const fileTopics = [...original.matchAll(/^\t\t"([^"]+)":\{$/gm)].map((x) => x[1]);
  const onlyBuiltIn = [...m.table.keys()].filter((k) => !fileTopics.includes(k));
  // The golden broker had every built-in topic in its file except none; ours must not invent others.
  assert.deepEqual(onlyBuiltIn, [], 'built-in topics are the ones Java 4.9.8 writes');
  await m.configFile.persistNow();
  const rewritten = read(root, 'topics.json');
  assert.equal(rewritten.length, original.length);
  assert.deepEqual(new Set(rewritten.split('\n')), new Set(original.split('\n')), 'same lines (the table order is a hash order in Java)');
  assert.equal(read(root, 'topics.json.bak'), original, 'the previous content is kept as .bak');
});

test('consumerOffset.json from Java is written back byte for byte, subscriptionGroup.json line for line', async (t) => {
  const root = goldenRoot(t);
  const groups = new SubscriptionGroupManager(defaultBrokerConfig(), root);
  const originalGroups = read(root, 'subscriptionGroup.json');
  groups.load();
  assert.equal(groups.table.get('FxConsumerGroup')?.retryMaxTimes, 16);
  const offsets = new ConsumerOffsetManager(root);
  const originalOffsets = read(root, 'consumerOffset.json');
  offsets.load();
  assert.equal(offsets.queryOffset('FxConsumerGroup', 'FxTopic', 0), 112);
  assert.equal(offsets.queryOffset('FxConsumerGroup', 'FxTopic', 1), 109);
  assert.equal(offsets.queryOffset('FxConsumerGroup', 'FxTopic', 2), -1);
  assert.equal(offsets.queryOffset('CID_RMQ_SYS_TRANS', 'RMQ_SYS_TRANS_HALF_TOPIC', 0), 76);
  await offsets.configFile.persistNow();
  assert.equal(read(root, 'consumerOffset.json'), originalOffsets);
  await groups.configFile.persistNow();
  assert.deepEqual(new Set(read(root, 'subscriptionGroup.json').split('\n')), new Set(originalGroups.split('\n')));
});

test('system topics follow the broker config: TBW102 only with auto-create, trace topic only when enabled', (t) => {
  const root = tmpDir('mq-broker-topics-', t);
  const on = new TopicConfigManager(
    defaultBrokerConfig({ brokerClusterName: 'C1', brokerName: 'b1', defaultTopicQueueNums: 5, traceTopicEnable: true }),
    { storeRoot: root },
  );
  assert.deepEqual(on.selectTopicConfig('TBW102'), {
    topicName: 'TBW102',
    readQueueNums: 5,
    writeQueueNums: 5,
    perm: 7,
    topicFilterType: 'SINGLE_TAG',
    topicSysFlag: 0,
    order: false,
  });
  for (
    const topic of [
      'SELF_TEST_TOPIC',
      'BenchmarkTest',
      'C1',
      'b1',
      'OFFSET_MOVED_EVENT',
      'SCHEDULE_TOPIC_XXXX',
      'RMQ_SYS_TRACE_TOPIC',
      'C1_REPLY_TOPIC',
      'RMQ_SYS_TRANS_HALF_TOPIC',
    ]
  ) {
    assert.ok(on.selectTopicConfig(topic), topic);
    assert.ok(on.systemTopics.has(topic), `${topic} is a system topic`);
  }
  assert.equal(on.selectTopicConfig('SCHEDULE_TOPIC_XXXX')!.readQueueNums, 18);
  assert.equal(on.selectTopicConfig('b1')!.readQueueNums, 1);
  assert.equal(on.selectTopicConfig('C1')!.perm, 7);
  const off = new TopicConfigManager(
    defaultBrokerConfig({ autoCreateTopicEnable: false, clusterTopicEnable: false, brokerClusterName: 'C2' }),
    { storeRoot: root },
  );
  assert.equal(off.selectTopicConfig('TBW102'), undefined);
  assert.equal(off.selectTopicConfig('RMQ_SYS_TRACE_TOPIC'), undefined);
  assert.equal(off.selectTopicConfig('C2')!.perm, PermName.PERM_INHERIT);
  assert.ok(off.systemTopics.has('rmq_sys_anything'));
  assert.ok(!off.systemTopics.has('MyTopic'));
});

test('a send to an unknown topic creates it from TBW102 with min(client, template) queues and the template perm minus inherit', async (t) => {
  const root = tmpDir('mq-broker-create-', t);
  const created: string[] = [];
  const m = new TopicConfigManager(defaultBrokerConfig({ defaultTopicQueueNums: 8 }), {
    storeRoot: root,
    onTopicCreated: (tc) => created.push(tc.topicName),
  });
  const v0 = m.dataVersion.counter;
  const tc = m.createTopicInSendMessageMethod('NewTopic', 'TBW102', '1.2.3.4:5', 4, 0)!;
  assert.deepEqual([tc.readQueueNums, tc.writeQueueNums, tc.perm], [4, 4, 6]);
  assert.equal(m.createTopicInSendMessageMethod('Big', 'TBW102', '', 64, 0)!.writeQueueNums, 8, 'capped by the template');
  assert.equal(m.createTopicInSendMessageMethod('NewTopic', 'TBW102', '', 1, 0), tc, 'an existing topic is returned as is');
  assert.equal(m.createTopicInSendMessageMethod('X', 'NoSuchTemplate', '', 4, 0), undefined);
  assert.equal(m.createTopicInSendMessageMethod('Y', 'SELF_TEST_TOPIC', '', 4, 0), undefined, 'a template without the inherit bit');
  assert.deepEqual(created, ['NewTopic', 'Big']);
  assert.equal(m.dataVersion.counter, v0 + 2);
  const dlq = m.createTopicInSendMessageBackMethod('%DLQ%g', 1, 6, 0);
  assert.deepEqual([dlq.readQueueNums, dlq.perm], [1, 6]);
  await m.configFile.flush();
  const again = new TopicConfigManager(defaultBrokerConfig(), { storeRoot: root });
  again.load();
  assert.deepEqual(again.selectTopicConfig('NewTopic'), tc);
  assert.deepEqual(again.selectTopicConfig('%DLQ%g'), dlq);
  assert.equal(again.dataVersion.counter, m.dataVersion.counter);
});

test('with auto-create off, a TBW102 read from disk stops being a template', async (t) => {
  const root = tmpDir('mq-broker-noauto-', t);
  await new TopicConfigManager(defaultBrokerConfig(), { storeRoot: root }).configFile.persistNow();
  const off = new TopicConfigManager(defaultBrokerConfig({ autoCreateTopicEnable: false }), { storeRoot: root });
  off.load();
  assert.ok(off.selectTopicConfig('TBW102'));
  assert.equal(off.createTopicInSendMessageMethod('Nope', 'TBW102', '', 4, 0), undefined);
  assert.equal(off.selectTopicConfig('TBW102')!.perm, 6);
});

test('subscription groups: built-in groups, creation on first use only when allowed, system groups always', async (t) => {
  const root = tmpDir('mq-broker-groups-', t);
  const on = new SubscriptionGroupManager(defaultBrokerConfig(), root);
  for (
    const g of [
      'TOOLS_CONSUMER',
      'FILTERSRV_CONSUMER',
      'SELF_TEST_C_GROUP',
      'CID_ONS-HTTP-PROXY',
      'CID_ONSAPI_PULL',
      'CID_ONSAPI_PERMISSION',
      'CID_ONSAPI_OWNER',
    ]
  ) assert.ok(on.table.has(g), g);
  assert.equal(on.table.get('CID_ONSAPI_PULL')!.consumeBroadcastEnable, true);
  assert.equal(on.findSubscriptionGroupConfig('g1')!.retryQueueNums, 1);
  const off = new SubscriptionGroupManager(defaultBrokerConfig({ autoCreateSubscriptionGroup: false }), root);
  assert.equal(off.findSubscriptionGroupConfig('g2'), undefined);
  assert.ok(off.findSubscriptionGroupConfig('CID_RMQ_SYS_TRANS'), 'system groups are always created');
  off.disableConsume('CID_RMQ_SYS_TRANS');
  assert.equal(off.table.get('CID_RMQ_SYS_TRANS')!.consumeEnable, false);
  assert.ok(off.deleteSubscriptionGroupConfig('CID_RMQ_SYS_TRANS'));
  assert.ok(!off.deleteSubscriptionGroupConfig('CID_RMQ_SYS_TRANS'));
  // Changes are written behind; let them land before the directory is removed.
  await Promise.all([on.configFile.flush(), off.configFile.flush()]);
});

test('consumer offsets: commit, query, clone, remove by group and by topic, and min over groups', (t) => {
  const m = new ConsumerOffsetManager(tmpDir('mq-broker-offsets-', t));
  m.commitOffset('c', 'g1', 'T', 0, 10);
  m.commitOffset('c', 'g1', 'T', 1, 4);
  m.commitOffset('c', 'g2', 'T', 0, 7);
  m.commitOffset('c', 'g2', 'U', 0, 1);
  assert.equal(m.queryOffset('g1', 'T', 0), 10);
  assert.deepEqual([...m.whichTopicByConsumer('g2')].sort(), ['T', 'U']);
  assert.deepEqual([...m.whichGroupByTopic('T')].sort(), ['g1', 'g2']);
  assert.deepEqual(m.queryMinOffsetInAllGroup('T', undefined, () => 0), new Map([[0, 7], [1, 4]]));
  assert.deepEqual(
    m.queryMinOffsetInAllGroup('T', 'g2', () => 5),
    new Map([[0, 10]]),
    'g2 filtered out; offsets below the queue minimum ignored',
  );
  m.cloneOffset('g1', 'g3', 'T');
  assert.equal(m.queryOffset('g3', 'T', 1), 4);
  m.removeOffset('g1');
  assert.equal(m.queryOffset('g1', 'T', 0), -1);
  m.removeTopic('T');
  assert.deepEqual([...m.table.keys()], ['U@g2']);
  assert.equal(m.encode(), '{"offsetTable":{"U@g2":{0:1}}}');
});

test('config files: writes are atomic and coalesced, and a missing or empty file is read from its .bak', async (t) => {
  const dir = tmpDir('mq-broker-file-', t);
  let state = 0;
  let encodes = 0;
  const f = new ConfigFile(path.join(dir, 'config', 'x.json'), () => {
    encodes++;
    return `{"v":${state}}`;
  });
  assert.equal(f.loadText(), null);
  for (state = 1; state <= 5; state++) f.persist();
  await f.flush();
  assert.ok(encodes <= 2, `writes coalesce (${encodes})`);
  assert.equal(fs.readFileSync(f.file, 'utf8'), '{"v":6}', 'the last write has the latest state');
  state = 7;
  await f.persistNow();
  assert.equal(fs.readFileSync(`${f.file}.bak`, 'utf8'), '{"v":6}');
  assert.ok(!fs.existsSync(`${f.file}.tmp`));
  fs.writeFileSync(f.file, '');
  assert.equal(f.loadText(), '{"v":6}', 'an empty file falls back to .bak');
  fs.rmSync(f.file);
  assert.equal(f.loadText(), '{"v":6}', 'a missing file falls back to .bak');
});
