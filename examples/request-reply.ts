// Request/reply (Java's RequestProducer and ResponseConsumer examples): producer.request() sends a
// message and waits for the reply that a consumer of the request topic sends back with
// createReplyMessage; the broker pushes the reply to the requesting client.
//
//   NAMESRV_ADDR=127.0.0.1:9876 node dist/examples/request-reply.js

import { ConsumeConcurrentlyStatus, ConsumeFromWhere, createReplyMessage, Message, Producer, PushConsumer } from 'rocketmq-ts';

const namesrvAddr = process.env.NAMESRV_ADDR ?? '127.0.0.1:9876';
const topic = 'RequestTopic';

// The responder: consumes requests and answers each one. Any producer can send the reply.
const replier = new Producer({ producerGroup: 'ExampleReplyProducerGroup', namesrvAddr });
await replier.start();
const responder = new PushConsumer({
  consumerGroup: 'ExampleResponderGroup',
  namesrvAddr,
  consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
});
responder.subscribe(topic, '*');
responder.registerMessageListener(async (msgs) => {
  for (const msg of msgs) {
    console.log(`responder got "${msg.body.toString()}"`);
    // The reply goes to the request's cluster's reply topic and names the requesting client.
    await replier.send(createReplyMessage(msg, `pong: ${msg.body.toString()}`));
  }
  return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
});
await responder.start();

// The requester: a timeout of three seconds for the whole round trip.
const requester = new Producer({ producerGroup: 'ExampleRequestProducerGroup', namesrvAddr });
await requester.start();
try {
  const reply = await requester.request(new Message(topic, 'ping'), 3000);
  console.log(`reply "${reply.body.toString()}"`);
} finally {
  await requester.shutdown();
  await responder.shutdown();
  await replier.shutdown();
}
