// Consumes TopicTest with a push consumer (DefaultMQPushConsumer) until it has the ten messages
// produce.ts sends, printing each one, then shuts down.
//
//   NAMESRV_ADDR=127.0.0.1:9876 node dist/examples/push-consume.js

import { ConsumeConcurrentlyStatus, ConsumeFromWhere, PushConsumer } from 'rocketmq-ts';

const namesrvAddr = process.env.NAMESRV_ADDR ?? '127.0.0.1:9876';
const expected = 10;

const consumer = new PushConsumer({
  consumerGroup: 'ExamplePushConsumerGroup',
  namesrvAddr,
  // A group that has never committed an offset starts at the oldest message still stored.
  consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
});
// A tag expression ('TagA || TagB', '*' for all) or MessageSelector.bySql('a > 5').
consumer.subscribe('TopicTest', 'TagA');

let received = 0;
let done!: () => void;
const allReceived = new Promise<void>((resolve) => (done = resolve));
consumer.registerMessageListener((msgs) => {
  for (const msg of msgs) {
    console.log(`received "${msg.body.toString()}" from queue ${msg.queueId} at offset ${msg.queueOffset}`);
    if (++received === expected) done();
  }
  // Anything else (or a throw) redelivers the messages later through the group's retry topic.
  return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
});

await consumer.start();
const timer = setTimeout(() => {
  console.error(`only ${received} of ${expected} messages within 30 s: did produce.ts run?`);
  process.exit(1);
}, 30_000);
await allReceived;
clearTimeout(timer);
// Commits the offsets consumed, so the group goes on from here next time.
await consumer.shutdown();
console.log(`consumed ${received} messages`);
