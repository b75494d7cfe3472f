// Lite pull consumer settings (DefaultLitePullConsumer), each with Java's default and its reason,
// and the checks Java makes in its setters and at start.

import { MQClientError } from '../../common/errors.js';
import { parseDate, timeMillisToHumanString3, YYYYMMDDHHMMSS } from '../../common/time-format.js';
import { ConsumeFromWhere, MessageModel } from '../../remoting/protocol/consumer-types.js';
import type { ClientConfig, ClientOptions } from '../client-config.js';
import { AllocateMessageQueueAveragely, type AllocateMessageQueueStrategy } from './allocate.js';
import type { OffsetStore } from './offset-store.js';

export interface LitePullConsumerOptions extends ClientOptions {
  /** Consumers of one group share the queues of their subscriptions. Required. */
  consumerGroup: string;
  messageModel?: MessageModel;
  allocateMessageQueueStrategy?: AllocateMessageQueueStrategy;
  /** Commit what poll() returned, at the next poll() once autoCommitIntervalMillis have passed. */
  autoCommit?: boolean;
  /** At least 1000 (smaller values are ignored, as Java's setter ignores them). */
  autoCommitIntervalMillis?: number;
  /** Messages per pull, and at most per poll(). */
  pullBatchSize?: number;
  /** Stop pulling while the pulled, not yet polled batches hold about this many messages in all. */
  pullThresholdForAll?: number;
  /** Stop pulling a queue whose cached offsets span more than this. */
  consumeMaxSpan?: number;
  /** Stop pulling a queue with this many messages cached. */
  pullThresholdForQueue?: number;
  /** Stop pulling a queue with this many MiB cached. */
  pullThresholdSizeForQueue?: number;
  /** What poll() without an argument waits (ms). */
  pollTimeoutMillis?: number;
  /** How often topics with a queue-change listener are looked up (ms). */
  topicMetadataCheckIntervalMillis?: number;
  /** Where a group with no committed offset on a queue starts: LAST_OFFSET, FIRST_OFFSET or TIMESTAMP. */
  consumeFromWhere?: ConsumeFromWhere;
  /** yyyyMMddHHmmss (local time) for CONSUME_FROM_TIMESTAMP. */
  consumeTimestamp?: string;
  /** How long the broker holds a pull waiting for messages (ms). */
  brokerSuspendMaxTimeMillis?: number;
  /** How long we wait for a held pull (ms); must exceed brokerSuspendMaxTimeMillis. */
  consumerTimeoutMillisWhenSuspend?: number;
  /** A custom offset store instead of the broker (clustering) or the local file (broadcasting). */
  offsetStore?: OffsetStore;
  /** Directory of broadcasting offsets (default ~/.rocketmq_offsets). */
  localOffsetStoreDir?: string;
  /** Write message traces (SubBefore, SubAfter) of every pulled batch, in Java's trace format. Default off. */
  enableMsgTrace?: boolean;
  /** The trace topic when tracing (default RMQ_SYS_TRACE_TOPIC; a broker's msgTraceTopicName). */
  customizedTraceTopic?: string;
}

/** DefaultLitePullConsumer.MIN_AUTOCOMMIT_INTERVAL_MILLIS. */
const MIN_AUTOCOMMIT_INTERVAL_MILLIS = 1000;

export interface ResolvedLitePullSettings {
  consumerGroup: string;
  // CLUSTERING: each queue to one consumer of the group.
  messageModel: MessageModel;
  // AllocateMessageQueueAveragely.
  allocateMessageQueueStrategy: AllocateMessageQueueStrategy;
  // On.
  autoCommit: boolean;
  // 5 s.
  autoCommitIntervalMillis: number;
  // 10 messages per pull.
  pullBatchSize: number;
  // 10000 messages pulled and not polled.
  pullThresholdForAll: number;
  // 2000 offsets of span.
  consumeMaxSpan: number;
  // 1000 messages cached per queue.
  pullThresholdForQueue: number;
  // 100 MiB cached per queue.
  pullThresholdSizeForQueue: number;
  // 5 s.
  pollTimeoutMillis: number;
  // 30 s.
  topicMetadataCheckIntervalMillis: number;
  // CONSUME_FROM_LAST_OFFSET.
  consumeFromWhere: ConsumeFromWhere;
  // Half an hour ago.
  consumeTimestamp: string;
  // 20 s.
  brokerSuspendMaxTimeMillis: number;
  // 30 s.
  consumerTimeoutMillisWhenSuspend: number;
  offsetStore: OffsetStore | undefined;
  localOffsetStoreDir: string | undefined;
}

const START_POINTS: readonly ConsumeFromWhere[] = [
  ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
  ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
  ConsumeFromWhere.CONSUME_FROM_TIMESTAMP,
];

export function resolveLitePullSettings(o: LitePullConsumerOptions): ResolvedLitePullSettings {
  const consumeFromWhere = o.consumeFromWhere ?? ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET;
  // DefaultLitePullConsumer.setConsumeFromWhere refuses the deprecated start points.
  if (!START_POINTS.includes(consumeFromWhere)) throw new MQClientError(-1, 'Invalid ConsumeFromWhere Value');
  const interval = o.autoCommitIntervalMillis;
  return {
    consumerGroup: o.consumerGroup,
    messageModel: o.messageModel ?? MessageModel.CLUSTERING,
    allocateMessageQueueStrategy: o.allocateMessageQueueStrategy ?? new AllocateMessageQueueAveragely(),
    autoCommit: o.autoCommit ?? true,
    autoCommitIntervalMillis: interval !== undefined && interval >= MIN_AUTOCOMMIT_INTERVAL_MILLIS ? interval : 5000,
    pullBatchSize: o.pullBatchSize ?? 10,
    pullThresholdForAll: o.pullThresholdForAll ?? 10_000,
    consumeMaxSpan: o.consumeMaxSpan ?? 2000,
    pullThresholdForQueue: o.pullThresholdForQueue ?? 1000,
    pullThresholdSizeForQueue: o.pullThresholdSizeForQueue ?? 100,
    pollTimeoutMillis: o.pollTimeoutMillis ?? 5000,
    topicMetadataCheckIntervalMillis: o.topicMetadataCheckIntervalMillis ?? 30_000,
    consumeFromWhere,
    consumeTimestamp: o.consumeTimestamp ?? timeMillisToHumanString3(Date.now() - 30 * 60_000),
    brokerSuspendMaxTimeMillis: o.brokerSuspendMaxTimeMillis ?? 20_000,
    consumerTimeoutMillisWhenSuspend: o.consumerTimeoutMillisWhenSuspend ?? 30_000,
    offsetStore: o.offsetStore,
    localOffsetStoreDir: o.localOffsetStoreDir,
  };
}

/**
 * DefaultLitePullConsumerImpl.checkConfig (after the group checks every consumer makes), plus the
 * push consumer's check of consumeTimestamp, which Java's lite consumer only fails on when it
 * first starts a queue.
 */
export function checkLitePullSettings(s: ResolvedLitePullSettings): void {
  if (s.consumerTimeoutMillisWhenSuspend < s.brokerSuspendMaxTimeMillis) {
    throw new MQClientError(
      -1,
      'Long polling mode, the consumer consumerTimeoutMillisWhenSuspend must greater than brokerSuspendMaxTimeMillis',
    );
  }
  if (
    s.consumeFromWhere === ConsumeFromWhere.CONSUME_FROM_TIMESTAMP && Number.isNaN(parseDate(s.consumeTimestamp.trim(), YYYYMMDDHHMMSS))
  ) {
    throw new MQClientError(-1, `consumeTimestamp is invalid, the valid format is yyyyMMddHHmmss,but received ${s.consumeTimestamp}`);
  }
}

/** The settings as GET_CONSUMER_RUNNING_INFO reports them (Java: the consumer's fields by name). */
export function litePullRunningProperties(s: ResolvedLitePullSettings, config: ClientConfig): Map<string, string> {
  return new Map<string, string>([
    ['consumerGroup', s.consumerGroup],
    ['messageModel', s.messageModel],
    ['consumeFromWhere', s.consumeFromWhere],
    ['consumeTimestamp', s.consumeTimestamp],
    ['allocateMessageQueueStrategy', s.allocateMessageQueueStrategy.name],
    ['autoCommit', String(s.autoCommit)],
    ['autoCommitIntervalMillis', String(s.autoCommitIntervalMillis)],
    ['pullBatchSize', String(s.pullBatchSize)],
    ['pullThresholdForAll', String(s.pullThresholdForAll)],
    ['pullThresholdForQueue', String(s.pullThresholdForQueue)],
    ['pullThresholdSizeForQueue', String(s.pullThresholdSizeForQueue)],
    ['consumeMaxSpan', String(s.consumeMaxSpan)],
    ['pollTimeoutMillis', String(s.pollTimeoutMillis)],
    ['brokerSuspendMaxTimeMillis', String(s.brokerSuspendMaxTimeMillis)],
    ['consumerTimeoutMillisWhenSuspend', String(s.consumerTimeoutMillisWhenSuspend)],
    ['unitMode', String(config.unitMode)],
    ['namesrvAddr', config.namesrvAddrs.join(';')],
    ['clientIP', config.clientIP],
    ['instanceName', config.instanceName],
    ['namespace', config.namespace ?? ''],
    ['PROP_CONSUMEORDERLY', 'false'],
    ['PROP_THREADPOOL_CORE_SIZE', '-1'],
  ]);
}
