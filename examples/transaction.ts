// Transactional messages (Java's TransactionProducer example): the broker keeps each message
// half-sent while the producer runs its local transaction, then delivers it on COMMIT_MESSAGE and
// drops it on ROLLBACK_MESSAGE. UNKNOW leaves the decision to checkLocalTransaction, which the
// broker calls later (transactionCheckInterval, 60 s by default).
//
//   NAMESRV_ADDR=127.0.0.1:9876 node dist/examples/transaction.js

import {
  ConsumeConcurrentlyStatus,
  ConsumeFromWhere,
  LocalTransactionState,
  Message,
  PushConsumer,
  TransactionProducer,
} from 'rocketmq-ts';

const namesrvAddr = process.env.NAMESRV_ADDR ?? '127.0.0.1:9876';
const topic = 'TransactionTopic';
const run = Date.now().toString(36);
const committed = new Set<string>();

const producer = new TransactionProducer({
  // The broker asks a producer of this group about undecided transactions, so it must be stable.
  producerGroup: 'ExampleTransactionProducerGroup',
  namesrvAddr,
  transactionListener: {
    // Runs once the half message is stored; `arg` is sendMessageInTransaction's second argument.
    executeLocalTransaction(_msg, arg) {
      return arg === 'commit' ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.ROLLBACK_MESSAGE;
    },
    // The broker's question about a transaction whose outcome it did not learn.
    checkLocalTransaction() {
      return LocalTransactionState.COMMIT_MESSAGE;
    },
  },
});
await producer.start();
for (let i = 0; i < 4; i++) {
  const decision = i % 2 === 0 ? 'commit' : 'rollback';
  const body = `order ${i}`;
  const result = await producer.sendMessageInTransaction(new Message(topic, body, { properties: { run } }), decision);
  console.log(`"${body}": half message ${result.sendStatus}, local transaction ${result.localTransactionState}`);
  if (result.localTransactionState === LocalTransactionState.COMMIT_MESSAGE) committed.add(body);
}
await producer.shutdown();

let unexpected = 0;
const pending = new Set(committed);
let done!: () => void;
const allReceived = new Promise<void>((resolve) => (done = resolve));
const consumer = new PushConsumer({
  consumerGroup: 'ExampleTransactionConsumerGroup',
  namesrvAddr,
  consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
});
consumer.subscribe(topic, '*');
consumer.registerMessageListener((msgs) => {
  for (const msg of msgs) {
    if (msg.getUserProperty('run') !== run) continue;
    const body = msg.body.toString();
    console.log(`received "${body}"`);
    if (!committed.has(body)) unexpected++;
    pending.delete(body);
    if (pending.size === 0) done();
  }
  return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
});
await consumer.start();
const timer = setTimeout(() => {
  console.error(`${pending.size} committed messages missing after 30 s`);
  process.exit(1);
}, 30_000);
await allReceived;
clearTimeout(timer);
await consumer.shutdown();
console.log(
  `received the ${committed.size} committed messages${unexpected ? `, and ${unexpected} rolled back ones` : ', none rolled back'}`,
);
if (unexpected) process.exitCode = 1;
