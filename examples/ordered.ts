// Ordered messages (Java's ordermessage example): the steps of each order go to one queue, picked
// by the order id, and an orderly push consumer gets each queue's messages one at a time, in order.
// Messages of different orders may interleave; the steps of one order never do.
//
//   NAMESRV_ADDR=127.0.0.1:9876 node dist/examples/ordered.js

import { ConsumeFromWhere, ConsumeOrderlyStatus, Message, Producer, PushConsumer, selectMessageQueueByHash } from 'rocketmq-ts';

const namesrvAddr = process.env.NAMESRV_ADDR ?? '127.0.0.1:9876';
const topic = 'OrderTopic';
const steps = ['created', 'paid', 'shipped', 'delivered'];
const orders = [1001, 1002, 1003];
// Tells this run's messages from those an earlier run left in the topic.
const run = Date.now().toString(36);

const producer = new Producer({ producerGroup: 'ExampleOrderProducerGroup', namesrvAddr });
await producer.start();
for (const step of steps) {
  for (const orderId of orders) {
    const msg = new Message(topic, `order ${orderId} ${step}`, { keys: String(orderId), properties: { run } });
    // Same argument, same queue: selectMessageQueueByHash is Java's SelectMessageQueueByHash.
    const result = await producer.send(msg, { selector: selectMessageQueueByHash, arg: orderId });
    console.log(`sent "order ${orderId} ${step}" to queue ${result.messageQueue.queueId}`);
  }
}
await producer.shutdown();

const seen = new Map<string, string[]>();
let remaining = steps.length * orders.length;
let done!: () => void;
const allReceived = new Promise<void>((resolve) => (done = resolve));
const consumer = new PushConsumer({
  consumerGroup: 'ExampleOrderConsumerGroup',
  namesrvAddr,
  consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
});
consumer.subscribe(topic, '*');
// An orderly listener holds the broker's lock on each of its queues while it consumes them.
consumer.registerMessageListenerOrderly((msgs) => {
  for (const msg of msgs) {
    if (msg.getUserProperty('run') !== run) continue;
    const [, orderId, step] = msg.body.toString().split(' ');
    const got = seen.get(orderId!) ?? [];
    got.push(step!);
    seen.set(orderId!, got);
    console.log(`received "order ${orderId} ${step}" from queue ${msg.queueId}`);
    if (--remaining === 0) done();
  }
  // SUSPEND_CURRENT_QUEUE_A_MOMENT would retry the same messages and hold the queue meanwhile.
  return ConsumeOrderlyStatus.SUCCESS;
});
await consumer.start();
const timer = setTimeout(() => {
  console.error(`${remaining} messages missing after 30 s`);
  process.exit(1);
}, 30_000);
await allReceived;
clearTimeout(timer);
await consumer.shutdown();

let inOrder = true;
for (const orderId of orders) {
  const got = seen.get(String(orderId)) ?? [];
  console.log(`order ${orderId}: ${got.join(' -> ')}`);
  if (got.join() !== steps.join()) inOrder = false;
}
console.log(inOrder ? 'every order consumed in order' : 'an order was consumed out of order');
if (!inOrder) process.exitCode = 1;
