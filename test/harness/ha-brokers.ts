// Broker-level replication helpers for the integration tests: runtime figures of a broker, master/slave broker
// processes of one broker name, and message bodies read back from a broker or a commit log.

import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import type { PushConsumerOptions } from '../../src/client/consumer/push-consumer-config.js';
import { decodeKVTable } from '../../src/remoting/protocol/broker-admin.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import type { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { pollUntil } from './latch.js';
import { type BrokerHandle, startBroker, type StartBrokerOptions, type TestContextLike } from './servers.js';
import { drainQueue } from './broker-requests.js';

/** GET_BROKER_RUNTIME_INFO as a map. */
export async function runtimeInfo(client: RemotingClient, addr: string): Promise<Map<string, string>> {
  const res = await client.invoke(addr, createRequest(RequestCode.GET_BROKER_RUNTIME_INFO), 5000);
  if (res.code !== 0) throw new Error(`GET_BROKER_RUNTIME_INFO from ${addr}: ${res.code} ${res.remark}`);
  return decodeKVTable(res.body!);
}

/** Waits until the master reports `n` connected slaves, all acknowledging its whole commit log. */
export async function slavesInSync(client: RemotingClient, masterAddr: string, n = 1, timeoutMs = 30_000): Promise<Map<string, string>> {
  return pollUntil(
    async () => {
      const m = await runtimeInfo(client, masterAddr).catch(() => undefined);
      if (!m || Number(m.get('haSlaveNum')) !== n) return undefined;
      // A connected slave counts for SYNC_MASTER only once it has reported its offset (ackOffset=-1
      // before): on an empty master the offsets agree before that.
      const reported = [...m].filter(([k, v]) => k.startsWith('haSlave_') && /\backOffset=\d+/.test(v)).length;
      if (reported < n) return undefined;
      return m.get('haMasterAckOffset') === m.get('commitLogMaxOffset') && m.get('haSlaveFallBehindBytes') === '0' ? m : undefined;
    },
    `${n} slave(s) of ${masterAddr} in sync`,
    timeoutMs,
    50,
  );
}

/**
 * Settings that keep replication tests quick: small segments, fast heartbeats and registrations. The
 * wait for a slave stays Java's 3 s: on a busy machine an acknowledgement can take more than 1 s.
 */
export const HA_TEST_PROPS = {
  mappedFileSizeCommitLog: 4 * 1024 * 1024,
  // A largest message must fit in a segment (a start-up check).
  maxMessageSize: 1024 * 1024,
  haSendHeartbeatInterval: 1000,
  haHousekeepingInterval: 5000,
  registerNameServerPeriod: 1000,
  flushConsumerOffsetInterval: 200,
} as const;

/** A broker of `brokerName` in role `role` (a SLAVE gets brokerId 1), registered with `namesrvAddr`. */
export function startRole(
  t: TestContextLike | undefined,
  namesrvAddr: string,
  brokerName: string,
  role: 'SYNC_MASTER' | 'ASYNC_MASTER' | 'SLAVE',
  opts: StartBrokerOptions = {},
): Promise<BrokerHandle> {
  return startBroker(t, {
    namesrvAddr,
    ...opts,
    props: {
      brokerClusterName: 'HaCluster',
      brokerName,
      brokerRole: role,
      brokerId: role === 'SLAVE' ? 1 : 0,
      ...HA_TEST_PROPS,
      ...opts.props,
    },
  });
}

/** Every body of `topic`'s queues on the broker at `addr`, read with raw pulls. */
export async function bodiesOnBroker(
  client: RemotingClient,
  addr: string,
  topic: string,
  queues: number,
  group: string,
): Promise<string[]> {
  const out: string[] = [];
  for (let q = 0; q < queues; q++) {
    for (const m of await drainQueue(client, addr, { group, topic, queueId: q })) out.push(m.body.toString());
  }
  return out;
}

/**
 * Brokers restarted on the store (and home) of an earlier instance outlive that instance's cleanup,
 * which removes the home: created before the first broker, this stops every instance it was given
 * first (hooks run in registration order).
 */
export function restartable(t: TestContextLike): <B extends BrokerHandle>(b: B) => B {
  const live: BrokerHandle[] = [];
  t.after(async () => {
    for (const b of live.reverse()) await b.stop();
  });
  return (b) => {
    live.push(b);
    return b;
  };
}

/** A push consumer of `topic` from the first offset that records every body it receives; shut down after the test. */
export async function bodyCollector(
  t: TestContextLike,
  topic: string,
  opts: PushConsumerOptions & { consumerGroup: string },
  onBody: (body: string) => void,
): Promise<PushConsumer> {
  const consumer = new PushConsumer({ consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET, ...opts });
  consumer.subscribe(topic, '*');
  consumer.registerMessageListener((msgs) => {
    for (const m of msgs) onBody(m.body.toString());
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  await consumer.start();
  t.after(() => consumer.shutdown());
  return consumer;
}
