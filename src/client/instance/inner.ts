// What a client instance needs from the producers and consumers registered with it
// (Java's MQProducerInner / MQConsumerInner).

import type { ConsumeMessageDirectlyResult } from '../../remoting/protocol/consume-directly.js';
import type { ConsumeFromWhere, ConsumeType, MessageModel } from '../../remoting/protocol/consumer-types.js';
import type { ConsumerRunningInfo } from '../../remoting/protocol/consumer-running-info.js';
import type { MessageQueue, MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import type { SubscriptionData } from '../../remoting/protocol/subscription.js';
import type { CheckTransactionStateRequest } from '../../remoting/protocol/transaction.js';
import type { MessageExt } from '../message/message-ext.js';
import type { TopicPublishInfo } from '../route/topic-publish-info.js';

export interface ProducerInner {
  readonly groupName: string;
  /** Topics whose routes the instance keeps fresh for this producer. */
  publishTopics(): Iterable<string>;
  isPublishTopicNeedUpdate(topic: string): boolean;
  updateTopicPublishInfo(topic: string, info: TopicPublishInfo): void;
  /** A broker asks about a half message (transactional producers only). */
  checkTransactionState?(brokerAddr: string, msg: MessageExt, header: CheckTransactionStateRequest): void;
}

export interface ConsumerInner {
  readonly groupName: string;
  readonly messageModel: MessageModel;
  readonly consumeType: ConsumeType;
  readonly consumeFromWhere: ConsumeFromWhere;
  readonly unitMode: boolean;
  subscriptions(): SubscriptionData[];
  updateTopicSubscribeInfo(topic: string, mqs: MessageQueue[]): void;
  isSubscribeTopicNeedUpdate(topic: string): boolean;
  doRebalance(): Promise<void>;
  persistConsumerOffset(): Promise<void>;
  consumerRunningInfo(): ConsumerRunningInfo;
  /** Offsets held in memory, for one topic (or all when topic is empty). */
  cloneOffsetTable(topic: string): MessageQueueMap<number>;
  resetOffset?(topic: string, offsets: MessageQueueMap<number>): Promise<void>;
  consumeMessageDirectly?(msg: MessageExt, brokerName: string | undefined): Promise<ConsumeMessageDirectlyResult>;
}
