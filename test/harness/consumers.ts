// A push consumer for tests that only need to know what arrived: it reads `topic` from the first
// offset, keeps each message's body and counts deliveries, and is shut down after the test.

import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import type { TestContextLike } from './servers.js';

export interface CountingConsumer {
  consumer: PushConsumer;
  /** Bodies received (UTF-8). */
  bodies: Set<string>;
  /** Messages delivered, redeliveries included. */
  delivered(): number;
}

export async function countingConsumer(t: TestContextLike, namesrvAddr: string, group: string, topic: string): Promise<CountingConsumer> {
  const bodies = new Set<string>();
  let delivered = 0;
  const consumer = new PushConsumer({ consumerGroup: group, namesrvAddr, consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET });
  consumer.subscribe(topic, '*');
  consumer.registerMessageListener((msgs) => {
    delivered += msgs.length;
    for (const m of msgs) bodies.add(m.body.toString('utf8'));
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  await consumer.start();
  t.after(() => consumer.shutdown());
  return { consumer, bodies, delivered: () => delivered };
}
