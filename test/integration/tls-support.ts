// Shared by the TLS integration tests: our producer sends `count` messages and a fresh push
// consumer receives all of them, both with useTLS and the given tls.* settings.

import assert from 'node:assert/strict';
import { Producer } from '../../src/client/producer/producer.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { Message } from '../../src/client/message/message.js';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { SendStatus } from '../../src/client/producer/send-result.js';
import type { ClientOptions } from '../../src/client/client-config.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import { pollUntil } from '../harness/latch.js';

type Ctx = { after(fn: () => unknown): void };

export async function sendAndConsumeOverTls(
  t: Ctx,
  o: { namesrvAddr: string; topic: string; group: string; tls: ClientOptions['tls']; vipChannelEnabled?: boolean; count?: number },
): Promise<void> {
  const count = o.count ?? 20;
  const common = { namesrvAddr: o.namesrvAddr, useTLS: true, tls: o.tls, vipChannelEnabled: o.vipChannelEnabled ?? false };
  const p = new Producer({ producerGroup: `${o.group}_pg`, ...common });
  await p.start();
  t.after(() => p.shutdown());
  for (let i = 0; i < count; i++) assert.equal((await p.send(new Message(o.topic, `m${i}`))).sendStatus, SendStatus.SEND_OK);
  const got = new Set<string>();
  const c = new PushConsumer({ consumerGroup: `${o.group}_cg`, ...common, consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET });
  c.subscribe(o.topic, '*');
  c.registerMessageListener((msgs) => {
    for (const m of msgs) got.add(m.body.toString('utf8'));
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  await c.start();
  t.after(() => c.shutdown());
  await pollUntil(() => got.size === count, `${count} messages of ${o.topic} consumed over TLS`, 60_000);
}
