// Durability and restarts of a broker process started through the CLI. With SYNC_FLUSH, every
// message acknowledged before a real SIGKILL mid-load is there after the restart. Topics, groups,
// committed offsets and delayed-delivery progress survive a graceful stop and a SIGKILL alike.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { decodeDelayOffsetTable } from '../../src/remoting/protocol/consumer-offset.js';
import {
  createSubscriptionGroupConfig,
  decodeSubscriptionGroupWrapper,
  encodeSubscriptionGroupConfig,
} from '../../src/remoting/protocol/subscription-group.js';
import { decodeTopicConfigWrapper } from '../../src/remoting/protocol/topic-config.js';
import { pollUntil } from '../harness/latch.js';
import { type BrokerHandle, startBroker } from '../harness/servers.js';
import { tmpDir } from '../harness/tmp.js';
import { drainQueue, send } from '../harness/broker-requests.js';

const CONFIG = [
  'flushDiskType=SYNC_FLUSH',
  'flushConsumerOffsetInterval=100',
  'flushDelayOffsetInterval=100',
  'messageDelayLevel=1s 1s 1s',
  '',
].join('\n');

test('SYNC_FLUSH: every message acknowledged before a SIGKILL mid-load is there after the restart', async (t) => {
  const home = tmpDir('mq-durable-', t);
  const client = new RemotingClient();
  t.after(() => client.close());
  const first = await startBroker(t, { home, config: CONFIG });
  const acked = new Set<string>();
  let stop = false;
  const producer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const body = `w${w}-${i}`;
      try {
        const res = await send(client, first.addr, { topic: 'DurableTopic', body, queueId: i % 4 }, 2000);
        if (res.code === ResponseCode.SUCCESS) acked.add(body);
      } catch {
        return;
      }
    }
  };
  const loops = Array.from({ length: 8 }, (_, w) => producer(w));
  await pollUntil(() => acked.size >= 400, 'load to build up', 20_000, 5);
  const status = await first.kill();
  stop = true;
  await Promise.all(loops);
  assert.equal(status.signal, 'SIGKILL');
  assert.ok(fs.existsSync(path.join(first.storeDir, 'abort')), 'the killed broker left its abort file');

  const second = await startBroker(t, { home, storeDir: first.storeDir, config: CONFIG });
  const stored = new Set<string>();
  for (let q = 0; q < 4; q++) {
    for (const m of await drainQueue(client, second.addr, { group: 'after_crash', topic: 'DurableTopic', queueId: q })) {
      stored.add(m.body.toString());
    }
  }
  const lost = [...acked].filter((b) => !stored.has(b));
  assert.deepEqual(lost, [], `${lost.length} of ${acked.size} acknowledged messages lost`);
  assert.ok(stored.size >= acked.size);
  await second.stop();
});

async function state(client: RemotingClient, b: BrokerHandle) {
  const call = (code: number, ext?: Record<string, string> | null) => client.invoke(b.addr, createRequest(code, ext ?? null), 5000);
  const topics = decodeTopicConfigWrapper((await call(RequestCode.GET_ALL_TOPIC_CONFIG)).body!).topicConfigTable;
  const groups = decodeSubscriptionGroupWrapper((await call(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG)).body!).subscriptionGroupTable;
  const offset = await call(RequestCode.QUERY_CONSUMER_OFFSET, { consumerGroup: 'KeepGroup', topic: 'KeepTopic', queueId: '1' });
  const delay = decodeDelayOffsetTable((await call(RequestCode.GET_ALL_DELAY_OFFSET)).body!);
  const delivered = Number((await call(RequestCode.GET_MAX_OFFSET, { topic: 'LaterTopic', queueId: '0' })).extFields!.offset);
  return {
    topic: topics.get('KeepTopic'),
    group: groups.get('KeepGroup'),
    offset: offset.code === 0 ? Number(offset.extFields!.offset) : -1,
    delay: delay.get(1) ?? 0,
    delivered,
  };
}

test('topics, groups, committed offsets and delay progress survive a graceful stop and a SIGKILL', async (t) => {
  const home = tmpDir('mq-restart-', t);
  const client = new RemotingClient();
  t.after(() => client.close());
  const call = (b: BrokerHandle, code: number, ext?: Record<string, string> | null, body?: Buffer) =>
    client.invoke(b.addr, createRequest(code, ext ?? null, body ?? null), 5000);
  const configFiles = path.join(home, 'store', 'config');
  const persisted = (file: string, re: RegExp) =>
    pollUntil(
      () => fs.existsSync(path.join(configFiles, file)) && re.test(fs.readFileSync(path.join(configFiles, file), 'utf8')),
      `${file} to match ${re}`,
    );

  let b = await startBroker(t, { home, config: CONFIG });
  assert.equal(
    (await call(b, RequestCode.UPDATE_AND_CREATE_TOPIC, {
      topic: 'KeepTopic',
      defaultTopic: 'TBW102',
      readQueueNums: '3',
      writeQueueNums: '3',
      perm: '6',
      topicFilterType: 'SINGLE_TAG',
      topicSysFlag: '0',
      order: 'false',
    })).code,
    0,
  );
  assert.equal(
    (await call(
      b,
      RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
      null,
      encodeSubscriptionGroupConfig(createSubscriptionGroupConfig('KeepGroup', { retryMaxTimes: 5 })),
    )).code,
    0,
  );
  for (let i = 0; i < 5; i++) await send(client, b.addr, { topic: 'KeepTopic', queueId: 1 });
  assert.equal(
    (await call(b, RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: 'KeepGroup', topic: 'KeepTopic', queueId: '1', commitOffset: '3' }))
      .code,
    0,
  );
  await send(client, b.addr, { topic: 'LaterTopic', queueId: 0, props: { DELAY: '1' } });
  await pollUntil(async () => (await state(client, b)).delivered === 1, 'the first delayed delivery');
  await persisted('delayOffset.json', /\{1:1\s*\}/);

  assert.deepEqual((await b.stop()).code, 0, 'a graceful stop exits 0');
  assert.ok(!fs.existsSync(path.join(b.storeDir, 'abort')), 'a graceful stop removes the abort file');
  b = await startBroker(t, { home, storeDir: path.join(home, 'store'), config: CONFIG });
  let s = await state(client, b);
  assert.equal(s.topic?.readQueueNums, 3);
  assert.equal(s.group?.retryMaxTimes, 5);
  assert.equal(s.offset, 3);
  assert.equal(s.delay, 1);
  assert.equal(s.delivered, 1, 'nothing delivered twice');

  assert.equal(
    (await call(b, RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: 'KeepGroup', topic: 'KeepTopic', queueId: '1', commitOffset: '5' }))
      .code,
    0,
  );
  await send(client, b.addr, { topic: 'LaterTopic', queueId: 0, props: { DELAY: '1' } });
  await pollUntil(async () => (await state(client, b)).delivered === 2, 'the second delayed delivery');
  await persisted('consumerOffset.json', /"KeepTopic@KeepGroup":\{[^}]*1:5/);
  await persisted('delayOffset.json', /\{1:2\s*\}/);
  assert.equal((await b.kill()).signal, 'SIGKILL');
  b = await startBroker(t, { home, storeDir: path.join(home, 'store'), config: CONFIG });
  s = await state(client, b);
  assert.equal(s.topic?.writeQueueNums, 3);
  assert.equal(s.group?.retryMaxTimes, 5);
  assert.equal(s.offset, 5);
  assert.equal(s.delay, 2);
  assert.equal(s.delivered, 2);
  await b.stop();
});
