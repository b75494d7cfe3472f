// Sends ten messages to TopicTest and prints each SendResult (Java's quickstart Producer).
//
//   npx mq start                                   # a name server and a broker on 127.0.0.1
//   NAMESRV_ADDR=127.0.0.1:9876 node dist/examples/produce.js
//
// A broker with autoCreateTopicEnable (the default) creates TopicTest on the first send; elsewhere
// create it first: `npx mq admin updateTopic -c DefaultCluster -t TopicTest`.

import { Message, Producer } from 'rocketmq-ts';

const namesrvAddr = process.env.NAMESRV_ADDR ?? '127.0.0.1:9876';

// A producer group names producers of one role; transactions need it, plain sends only carry it.
const producer = new Producer({ producerGroup: 'ExampleProducerGroup', namesrvAddr });
await producer.start();
try {
  for (let i = 0; i < 10; i++) {
    const msg = new Message('TopicTest', `Hello RocketMQ ${i}`, { tags: 'TagA', keys: `KEY${i}` });
    // Resolves once the broker stored the message; retried on another broker if one fails.
    const result = await producer.send(msg);
    console.log(`sent "Hello RocketMQ ${i}": ${result.sendStatus} msgId=${result.msgId} queue=${result.messageQueue.queueId}`);
  }
} finally {
  await producer.shutdown();
}
