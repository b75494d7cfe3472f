// The quickstart producer (org.apache.rocketmq.example.quickstart.Producer): sends `count`
// messages "Hello RocketMQ <i>" with one tag to a topic, synchronously, one at a time, and reports
// each SendResult. The first failure ends the run.

import { Producer } from '../client/producer/producer.js';
import { Message } from '../client/message/message.js';
import type { SendResult } from '../client/producer/send-result.js';
import type { ClientOptions } from '../client/client-config.js';

export interface QuickstartProducerOptions {
  namesrvAddr?: string;
  topic?: string;
  tag?: string;
  group?: string;
  count?: number;
  /** Extra client settings (serialize type, VIP channel...). */
  client?: ClientOptions;
}

export const QUICKSTART_DEFAULTS = {
  topic: 'TopicTest',
  tag: 'TagA',
  producerGroup: 'please_rename_unique_group_name',
  consumerGroup: 'please_rename_unique_group_name_4',
  count: 1000,
} as const;

export async function runQuickstartProducer(
  opts: QuickstartProducerOptions,
  onResult: (result: SendResult, index: number) => void,
): Promise<number> {
  const producer = new Producer({
    ...opts.client,
    producerGroup: opts.group ?? QUICKSTART_DEFAULTS.producerGroup,
    ...(opts.namesrvAddr !== undefined ? { namesrvAddr: opts.namesrvAddr } : {}),
  });
  await producer.start();
  const topic = opts.topic ?? QUICKSTART_DEFAULTS.topic;
  const tag = opts.tag ?? QUICKSTART_DEFAULTS.tag;
  const count = opts.count ?? QUICKSTART_DEFAULTS.count;
  let sent = 0;
  try {
    for (let i = 0; i < count; i++) {
      const result = await producer.send(new Message(topic, `Hello RocketMQ ${i}`, { tags: tag }));
      sent++;
      onResult(result, i);
    }
  } finally {
    await producer.shutdown();
  }
  return sent;
}
