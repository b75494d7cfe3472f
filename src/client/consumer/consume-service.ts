// The contract between a push consumer and the service that runs its listener
// (ConsumeMessageService): concurrent or orderly.

import type { ConsumeMessageDirectlyResult } from '../../remoting/protocol/consume-directly.js';
import type { MessageModel } from '../../remoting/protocol/consumer-types.js';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import type { ClientInstance } from '../instance/client-instance.js';
import type { MessageExt } from '../message/message-ext.js';
import type { ConsumeMessageHook } from './consume-hooks.js';
import type { OffsetStore } from './offset-store.js';
import type { ProcessQueue } from './process-queue.js';
import type { RebalanceImpl } from './rebalance.js';

export interface ConsumeService {
  start(): void;
  shutdown(awaitTerminateMillis: number): Promise<void>;
  submitConsumeRequest(msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue, dispatchToConsume: boolean): void;
  consumeMessageDirectly(msg: MessageExt, brokerName: string | undefined): Promise<ConsumeMessageDirectlyResult>;
  /** Listener calls that may run at once (Java: consume threads). */
  readonly corePoolSize: number;
}

/** What the consume services need from their push consumer. */
export interface ConsumeServiceHost {
  readonly groupName: string;
  readonly messageModel: MessageModel;
  readonly instance: ClientInstance;
  readonly offsetStore: OffsetStore;
  readonly rebalance: RebalanceImpl;
  readonly consumeMessageBatchMaxSize: number;
  readonly consumeThreadMax: number;
  /** Minutes a message may be in consumption before it is sent back (consumeTimeout). */
  readonly consumeTimeout: number;
  readonly suspendCurrentQueueTimeMillis: number;
  /** maxReconsumeTimes, with -1 resolved to the mode's default. */
  maxReconsumeTimes(orderly: boolean): number;
  /** Sets the real topic back on messages redelivered through the retry topic. */
  resetRetryTopic(msgs: MessageExt[], mq: MessageQueue): void;
  /** CONSUMER_SEND_MSG_BACK, falling back to a send to the retry topic; throws when both fail. */
  sendMessageBack(msg: MessageExt, delayLevel: number, brokerName: string | undefined): Promise<void>;
  /** Sends to the retry (or DLQ-bound) topic through the inner producer. */
  sendToRetryTopic(msg: MessageExt, reconsumeTimes: number, maxReconsumeTimes: number): Promise<void>;
  /** Hooks around each listener call (message tracing); usually none. */
  readonly consumeMessageHooks: readonly ConsumeMessageHook[];
}
