// Push consumer settings (DefaultMQPushConsumer), each with Java's default and its reason.

import { timeMillisToHumanString3 } from '../../common/time-format.js';
import { ConsumeFromWhere, MessageModel } from '../../remoting/protocol/consumer-types.js';
import type { ClientOptions } from '../client-config.js';
import { AllocateMessageQueueAveragely, type AllocateMessageQueueStrategy } from './allocate.js';
import type { OffsetStore } from './offset-store.js';

export interface PushConsumerOptions extends ClientOptions {
  /** Consumers of one group share the work (clustering) or each get everything (broadcasting). Required. */
  consumerGroup: string;
  messageModel?: MessageModel;
  /** Where a group with no committed offset on a queue starts. */
  consumeFromWhere?: ConsumeFromWhere;
  /** yyyyMMddHHmmss (local time) for CONSUME_FROM_TIMESTAMP. */
  consumeTimestamp?: string;
  allocateMessageQueueStrategy?: AllocateMessageQueueStrategy;
  /** Listener calls in flight at once (Java's consume threads). */
  consumeThreadMax?: number;
  consumeThreadMin?: number;
  /** Concurrent consumers stop pulling a queue whose cached offsets span more than this. */
  consumeConcurrentlyMaxSpan?: number;
  /** Stop pulling a queue with this many messages cached. */
  pullThresholdForQueue?: number;
  /** Stop pulling a queue with this many MiB cached. */
  pullThresholdSizeForQueue?: number;
  /** Split over the queues held (-1: off). */
  pullThresholdForTopic?: number;
  pullThresholdSizeForTopic?: number;
  /** Pause between pulls of a queue (ms). */
  pullInterval?: number;
  /** Messages per listener call. */
  consumeMessageBatchMaxSize?: number;
  /** Messages per pull. */
  pullBatchSize?: number;
  /** Send the subscription expression with every pull. */
  postSubscriptionWhenPull?: boolean;
  /** Redeliveries before the DLQ; -1 = 16 (concurrently) or unlimited (orderly). */
  maxReconsumeTimes?: number;
  /** Orderly: pause of a queue after SUSPEND_CURRENT_QUEUE_A_MOMENT (ms). */
  suspendCurrentQueueTimeMillis?: number;
  /** Minutes a message may spend in the listener before it is sent back. */
  consumeTimeout?: number;
  /** How long shutdown waits for listener calls in flight (ms). */
  awaitTerminationMillisWhenShutdown?: number;
  /** A custom offset store instead of the broker (clustering) or the local file (broadcasting). */
  offsetStore?: OffsetStore;
  /** Directory of broadcasting offsets (default ~/.rocketmq_offsets). */
  localOffsetStoreDir?: string;
  /** Write message traces (SubBefore, SubAfter) to the trace topic, in Java's trace format. Default off. */
  enableMsgTrace?: boolean;
  /** The trace topic when tracing (default RMQ_SYS_TRACE_TOPIC; a broker's msgTraceTopicName). */
  customizedTraceTopic?: string;
}

export interface ResolvedPushConsumerSettings {
  consumerGroup: string;
  // CLUSTERING: each message to one consumer of the group.
  messageModel: MessageModel;
  // CONSUME_FROM_LAST_OFFSET: a new group starts at the end (but see the broker's min-offset-0 rule).
  consumeFromWhere: ConsumeFromWhere;
  // Half an hour ago.
  consumeTimestamp: string;
  // AllocateMessageQueueAveragely.
  allocateMessageQueueStrategy: AllocateMessageQueueStrategy;
  // 20 consume threads.
  consumeThreadMax: number;
  consumeThreadMin: number;
  // 2000 offsets of span.
  consumeConcurrentlyMaxSpan: number;
  // 1000 messages cached per queue.
  pullThresholdForQueue: number;
  // 100 MiB cached per queue.
  pullThresholdSizeForQueue: number;
  pullThresholdForTopic: number;
  pullThresholdSizeForTopic: number;
  // 0: pull again at once.
  pullInterval: number;
  // 1 message per listener call.
  consumeMessageBatchMaxSize: number;
  // 32 messages per pull.
  pullBatchSize: number;
  postSubscriptionWhenPull: boolean;
  maxReconsumeTimes: number;
  // 1 s.
  suspendCurrentQueueTimeMillis: number;
  // 15 minutes.
  consumeTimeout: number;
  awaitTerminationMillisWhenShutdown: number;
  offsetStore: OffsetStore | undefined;
  localOffsetStoreDir: string | undefined;
}

export function resolvePushConsumerSettings(o: PushConsumerOptions): ResolvedPushConsumerSettings {
  return {
    consumerGroup: o.consumerGroup,
    messageModel: o.messageModel ?? MessageModel.CLUSTERING,
    consumeFromWhere: o.consumeFromWhere ?? ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
    consumeTimestamp: o.consumeTimestamp ?? timeMillisToHumanString3(Date.now() - 30 * 60_000),
    allocateMessageQueueStrategy: o.allocateMessageQueueStrategy ?? new AllocateMessageQueueAveragely(),
    consumeThreadMax: o.consumeThreadMax ?? 20,
    consumeThreadMin: o.consumeThreadMin ?? 20,
    consumeConcurrentlyMaxSpan: o.consumeConcurrentlyMaxSpan ?? 2000,
    pullThresholdForQueue: o.pullThresholdForQueue ?? 1000,
    pullThresholdSizeForQueue: o.pullThresholdSizeForQueue ?? 100,
    pullThresholdForTopic: o.pullThresholdForTopic ?? -1,
    pullThresholdSizeForTopic: o.pullThresholdSizeForTopic ?? -1,
    pullInterval: o.pullInterval ?? 0,
    consumeMessageBatchMaxSize: o.consumeMessageBatchMaxSize ?? 1,
    pullBatchSize: o.pullBatchSize ?? 32,
    postSubscriptionWhenPull: o.postSubscriptionWhenPull ?? false,
    maxReconsumeTimes: o.maxReconsumeTimes ?? -1,
    suspendCurrentQueueTimeMillis: o.suspendCurrentQueueTimeMillis ?? 1000,
    consumeTimeout: o.consumeTimeout ?? 15,
    awaitTerminationMillisWhenShutdown: o.awaitTerminationMillisWhenShutdown ?? 0,
    offsetStore: o.offsetStore,
    localOffsetStoreDir: o.localOffsetStoreDir,
  };
}

/** checkConfig's range checks, with Java's messages. */
export function checkPushConsumerSettings(s: ResolvedPushConsumerSettings): string | undefined {
  const range = (name: string, v: number, lo: number, hi: number) => (v < lo || v > hi ? `${name} Out of range [${lo}, ${hi}]` : undefined);
  return range('consumeThreadMax', s.consumeThreadMax, 1, 1000) ??
    range('consumeConcurrentlyMaxSpan', s.consumeConcurrentlyMaxSpan, 1, 65535) ??
    range('pullThresholdForQueue', s.pullThresholdForQueue, 1, 65535) ??
    range('pullThresholdSizeForQueue', s.pullThresholdSizeForQueue, 1, 1024) ??
    range('pullInterval', s.pullInterval, 0, 65535) ??
    range('consumeMessageBatchMaxSize', s.consumeMessageBatchMaxSize, 1, 1024) ??
    range('pullBatchSize', s.pullBatchSize, 1, 1024);
}
