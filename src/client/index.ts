// The RocketMQ client library: producers, push and pull consumers, and the typed remote API the
// admin tools build on. Works against our broker and name server and against Apache RocketMQ's.
//
//   const producer = new Producer({ producerGroup: 'g', namesrvAddr: '127.0.0.1:9876' });
//   await producer.start();
//   const result = await producer.send(new Message('TopicTest', 'Hello', { tags: 'TagA' }));
//
//   const consumer = new PushConsumer({ consumerGroup: 'cg', namesrvAddr: '127.0.0.1:9876' });
//   consumer.subscribe('TopicTest', 'TagA || TagB');   // or MessageSelector.bySql("a BETWEEN 3 AND 5")
//   consumer.registerMessageListener((msgs) => ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
//   await consumer.start();
//
//   const reply = await producer.request(new Message('RequestTopic', 'ping'), 3000);  // a responder
//   answers with producer.send(createReplyMessage(requestMsg, 'pong')); enableMsgTrace: true on a
//   producer or push consumer writes message traces in Java's format.
//
//   const lite = new LitePullConsumer({ consumerGroup: 'lg', namesrvAddr: '127.0.0.1:9876', namespace: 'ns1' });
//   lite.subscribe('TopicTest');                      // or lite.assign(queues)
//   await lite.start();
//   const msgs = await lite.poll(1000);               // the broker's topic is ns1%TopicTest; msgs show TopicTest

export { aclHook, ClientConfig, type ClientOptions, localClientIP, resolveNamesrvAddrs, type RPCHook } from './client-config.js';
export { brokerVIPChannel, ClientErrorCode, getDLQTopic, getReplyTopic, getRetryTopic, isRetryTopic, MixAll } from './mix-all.js';
export { MQClientError, noRouteError } from './errors.js';
export {
  getNamespaceFromResource,
  isAlreadyWithNamespace,
  NAMESPACE_SEPARATOR,
  queueWithNamespace,
  queueWithoutNamespace,
  withoutAnyNamespace,
  withoutNamespace,
  wrapNamespace,
  wrapNamespaceAndRetry,
} from './namespace.js';
export { MQBrokerError, RemotingConnectError, RemotingSendRequestError, RemotingTimeoutError } from '../remoting/errors.js';

export { Message, type MessageInit, messagePropertiesToString } from './message/message.js';
export { MessageExt, type PullBatchInfo } from './message/message-ext.js';
export { createReplyMessage, getReplyToClient } from './message/reply.js';
export { decodeMessageExt, decodeMessageExts } from './message/decode.js';

export { Producer, type SendCallback, type SendOptions } from './producer/producer.js';
export { type ProducerOptions } from './producer/producer-config.js';
export { SendResult, SendStatus } from './producer/send-result.js';
export { type RequestCallback, RequestTimeoutError } from './producer/request-response.js';
export {
  type EndTransactionContext,
  type EndTransactionHook,
  MessageType,
  type SendMessageContext,
  type SendMessageHook,
} from './producer/send-hooks.js';
export { type MessageQueueSelector, selectMessageQueueByHash, selectMessageQueueByRandom } from './producer/selectors.js';
export { LatencyFaultTolerance, MQFaultStrategy } from './producer/fault-strategy.js';
export {
  LocalTransactionState,
  type TransactionListener,
  TransactionProducer,
  type TransactionProducerOptions,
  TransactionSendResult,
} from './producer/transaction-producer.js';
export { TopicPublishInfo, topicRouteDataToPublishInfo, topicRouteDataToSubscribeInfo } from './route/topic-publish-info.js';

export { PushConsumer } from './consumer/push-consumer.js';
export { MessageSelector, type SubscriptionExpression } from './consumer/message-selector.js';
export { type PushConsumerOptions } from './consumer/push-consumer-config.js';
export { type ConsumeMessageContext, type ConsumeMessageHook, ConsumeReturnType } from './consumer/consume-hooks.js';
export { AsyncTraceDispatcher } from './trace/async-trace-dispatcher.js';
export { decodeTraceData, encodeTraceContext, type TraceTransferBean } from './trace/trace-data-encoder.js';
export { newTraceBean, newTraceContext, type TraceBean, TraceConstants, type TraceContext, TraceType } from './trace/trace-context.js';
export { decodeTraceViews, type TraceView } from './trace/trace-view.js';
export { PullConsumer, type PullConsumerOptions } from './consumer/pull-consumer.js';
export { type PullResult, PullStatus } from './consumer/pull-result.js';
export { LitePullConsumer, type MessageQueueListener } from './consumer/lite-pull-consumer.js';
export { type LitePullConsumerOptions } from './consumer/lite-pull-config.js';
export { type TopicMessageQueueChangeListener } from './consumer/topic-queue-watch.js';
export {
  type ConsumeConcurrentlyContext,
  ConsumeConcurrentlyStatus,
  type ConsumeOrderlyContext,
  ConsumeOrderlyStatus,
  type MessageListenerConcurrently,
  type MessageListenerOrderly,
} from './consumer/listener.js';
export {
  AllocateMessageQueueAveragely,
  AllocateMessageQueueAveragelyByCircle,
  AllocateMessageQueueByConfig,
  AllocateMessageQueueConsistentHash,
  type AllocateMessageQueueStrategy,
} from './consumer/allocate.js';
export { type OffsetStore, ReadOffsetType } from './consumer/offset-store.js';
export { RemoteBrokerOffsetStore } from './consumer/remote-offset-store.js';
export { LocalFileOffsetStore, localOffsetStoreDir, localOffsetStorePath } from './consumer/local-offset-store.js';
export { ProcessQueue } from './consumer/process-queue.js';

export { ClientInstance, type FindBrokerResult } from './instance/client-instance.js';
export { getOrCreateClientInstance } from './instance/registry.js';
export { MQAdminImpl } from './instance/admin-impl.js';
export { MQClientAPI, type QueryMessageResult } from './api/client-api.js';
export { AdminCalls } from './api/admin-calls.js';
export { RemoteInvoker } from './api/remote-invoker.js';

export { ConsumeFromWhere, ConsumeType, MessageModel } from '../remoting/protocol/consumer-types.js';
export { type MessageQueue, messageQueue } from '../remoting/protocol/message-queue.js';
