// Delayed messages (Java's ScheduledMessageProducer): a message with a delay level is held by the
// broker and delivered once that level's delay passed. The levels are the broker's
// messageDelayLevel, by default "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h":
// level 1 is one second, level 3 ten seconds.
//
//   NAMESRV_ADDR=127.0.0.1:9876 node dist/examples/delayed.js

import { ConsumeConcurrentlyStatus, ConsumeFromWhere, Message, Producer, PushConsumer } from 'rocketmq-ts';

const namesrvAddr = process.env.NAMESRV_ADDR ?? '127.0.0.1:9876';
const topic = 'DelayTopic';
const run = Date.now().toString(36);

let done!: (delay: number) => void;
const delivered = new Promise<number>((resolve) => (done = resolve));
let sentAt = 0;
const consumer = new PushConsumer({
  consumerGroup: 'ExampleDelayConsumerGroup',
  namesrvAddr,
  consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
});
consumer.subscribe(topic, '*');
consumer.registerMessageListener((msgs) => {
  for (const msg of msgs) {
    if (msg.getUserProperty('run') !== run) continue;
    console.log(`received "${msg.body.toString()}" (delay level ${msg.delayTimeLevel})`);
    done(Date.now() - sentAt);
  }
  return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
});

const producer = new Producer({ producerGroup: 'ExampleDelayProducerGroup', namesrvAddr });
await producer.start();
// The consumer starts after the first send, which creates the topic on a broker that auto-creates.
sentAt = Date.now();
const result = await producer.send(new Message(topic, 'see you in a second', { delayTimeLevel: 1, properties: { run } }));
console.log(`sent with delay level 1: ${result.sendStatus}`);
await producer.shutdown();
await consumer.start();

const timer = setTimeout(() => {
  console.error('the delayed message did not arrive within 30 s');
  process.exit(1);
}, 30_000);
const delay = await delivered;
clearTimeout(timer);
await consumer.shutdown();
console.log(`delivered ${delay} ms after it was sent`);
