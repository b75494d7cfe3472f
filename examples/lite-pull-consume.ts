// Consumes TopicTest with a lite pull consumer (DefaultLitePullConsumer): the application asks
// for messages with poll() instead of registering a listener. Stops after the ten messages
// produce.ts sends.
//
//   NAMESRV_ADDR=127.0.0.1:9876 node dist/examples/lite-pull-consume.js

import { ConsumeFromWhere, LitePullConsumer } from 'rocketmq-ts';

const namesrvAddr = process.env.NAMESRV_ADDR ?? '127.0.0.1:9876';
const expected = 10;

const consumer = new LitePullConsumer({
  consumerGroup: 'ExampleLitePullGroup',
  namesrvAddr,
  consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
  // Commit by hand below; with autoCommit (the default) a later poll() commits what earlier ones
  // returned, once autoCommitIntervalMillis (5 s) have passed.
  autoCommit: false,
});
// The group shares the topic's queues; assign(queues) instead picks them without a rebalance.
consumer.subscribe('TopicTest', '*');
await consumer.start();

let received = 0;
const deadline = Date.now() + 30_000;
try {
  while (received < expected && Date.now() < deadline) {
    // Waits up to a second for messages; [] when none came.
    const msgs = await consumer.poll(1000);
    for (const msg of msgs) console.log(`polled "${msg.body.toString()}" from queue ${msg.queueId} at offset ${msg.queueOffset}`);
    received += msgs.length;
    await consumer.commitSync();
  }
} finally {
  await consumer.shutdown();
}
console.log(`consumed ${received} messages`);
if (received < expected) process.exitCode = 1;
