// PullConsumer (DefaultMQPullConsumer): the caller chooses queues and offsets. It lists a topic's
// queues, pulls from a queue at an offset with a tag expression or a SQL92 selector (once, or held by the broker until
// messages arrive), looks offsets up (min, max, by time, earliest store time) and keeps the
// group's committed offsets (on the broker for clustering, in a local file for broadcasting),
// persisting those it holds every persistConsumerOffsetInterval and at shutdown. With a
// namespace, the group and the queues' topics are `ns%name` on the broker; queues and messages
// come back to the caller without it.

import { MQClientError } from '../../common/errors.js';
import { ConsumeFromWhere, ConsumeType, MessageModel } from '../../remoting/protocol/consumer-types.js';
import type { ConsumerRunningInfo } from '../../remoting/protocol/consumer-running-info.js';
import { type MessageQueue, MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import { buildPullSysFlag } from '../../remoting/protocol/pull.js';
import { buildSubscriptionData, SUB_ALL, type SubscriptionData } from '../../remoting/protocol/subscription.js';
import { ClientConfig, type ClientOptions } from '../client-config.js';
import { brokerNotExistError, type ServiceState, serviceStateError } from '../errors.js';
import { getOrCreateClientInstance } from '../instance/registry.js';
import type { ClientInstance } from '../instance/client-instance.js';
import type { ConsumerInner } from '../instance/inner.js';
import type { MessageExt } from '../message/message-ext.js';
import { stripMessageTopics } from '../namespace.js';
import { checkConsumerGroup } from '../producer/validators.js';
import { LocalFileOffsetStore } from './local-offset-store.js';
import { selectorOf, type SubscriptionExpression, subscriptionOf } from './message-selector.js';
import { type OffsetStore, ReadOffsetType } from './offset-store.js';
import { PullAPIWrapper } from './pull-api.js';
import type { PullResult } from './pull-result.js';
import { RemoteBrokerOffsetStore } from './remote-offset-store.js';

export interface PullConsumerOptions extends ClientOptions {
  consumerGroup: string;
  messageModel?: MessageModel;
  /** How long the broker may hold a blocking pull (ms). */
  brokerSuspendMaxTimeMillis?: number;
  /** How long we wait for a blocking pull (ms). */
  consumerTimeoutMillisWhenSuspend?: number;
  /** How long we wait for a plain pull (ms). */
  consumerPullTimeoutMillis?: number;
  /** Topics announced in heartbeats (subscribed with "*"). */
  registerTopics?: readonly string[];
  maxReconsumeTimes?: number;
  offsetStore?: OffsetStore;
  localOffsetStoreDir?: string;
}

/**
 * Pulls chosen queues at chosen offsets: Java's `DefaultMQPullConsumer` (deprecated in Java in favour
 * of the lite pull consumer, kept for tools that walk queues). The caller lists a topic's queues
 * (`fetchSubscribeMessageQueues`), pulls (`pull`, or `pullBlockIfNotFound` held by the broker) and
 * keeps offsets with `updateConsumeOffset`; most applications want {@link LitePullConsumer}.
 */
export class PullConsumer implements ConsumerInner {
  readonly config: ClientConfig;
  /** @internal */
  readonly consumeType = ConsumeType.CONSUME_ACTIVELY;
  /** @internal */
  readonly consumeFromWhere = ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET;
  readonly messageModel: MessageModel;
  // 20 s: the broker holds a blocking pull this long.
  readonly brokerSuspendMaxTimeMillis: number;
  // 30 s: we wait this long for a blocking pull.
  readonly consumerTimeoutMillisWhenSuspend: number;
  // 10 s for a plain pull.
  readonly consumerPullTimeoutMillis: number;
  // 16 redeliveries.
  readonly maxReconsumeTimes: number;
  private group: string;
  private readonly subscriptionInner = new Map<string, SubscriptionData>();
  private state: ServiceState = 'CREATE_JUST';
  private clientInstance: ClientInstance | undefined;
  private store: OffsetStore | undefined;
  private pullApi: PullAPIWrapper | undefined;

  constructor(private readonly options: PullConsumerOptions | string) {
    const opts: PullConsumerOptions = typeof options === 'string' ? { consumerGroup: options } : options;
    this.options = opts;
    this.config = new ClientConfig(opts);
    // As Java's DefaultMQPullConsumer: client id ...@STREAM, requests marked ReqT=0.
    this.config.enableStreamRequestType = true;
    this.group = opts.consumerGroup;
    this.messageModel = opts.messageModel ?? MessageModel.CLUSTERING;
    this.brokerSuspendMaxTimeMillis = opts.brokerSuspendMaxTimeMillis ?? 20_000;
    this.consumerTimeoutMillisWhenSuspend = opts.consumerTimeoutMillisWhenSuspend ?? 30_000;
    this.consumerPullTimeoutMillis = opts.consumerPullTimeoutMillis ?? 10_000;
    this.maxReconsumeTimes = opts.maxReconsumeTimes ?? 16;
    for (const t of opts.registerTopics ?? []) {
      const topic = this.config.withNamespace(t);
      this.subscriptionInner.set(topic, buildSubscriptionData(topic, SUB_ALL));
    }
  }

  get groupName(): string {
    return this.group;
  }

  /** @internal */
  get unitMode(): boolean {
    return this.config.unitMode;
  }

  get instance(): ClientInstance {
    if (!this.clientInstance || this.state !== 'RUNNING') throw serviceStateError('pull consumer', this.state);
    return this.clientInstance;
  }

  get offsetStore(): OffsetStore {
    if (!this.store) throw serviceStateError('pull consumer', this.state);
    return this.store;
  }

  async start(): Promise<void> {
    if (this.state !== 'CREATE_JUST') {
      throw new MQClientError(-1, `The PullConsumer service state not OK, maybe started once, ${this.state}`);
    }
    this.state = 'START_FAILED';
    this.group = this.config.withNamespace(this.group);
    checkConsumerGroup(this.group);
    if (this.messageModel === MessageModel.CLUSTERING) this.config.changeInstanceNameToPID();
    const instance = getOrCreateClientInstance(this.config);
    const opts = this.options as PullConsumerOptions;
    this.store = opts.offsetStore ??
      (this.messageModel === MessageModel.BROADCASTING
        ? new LocalFileOffsetStore(instance.clientId, this.group, opts.localOffsetStoreDir)
        : new RemoteBrokerOffsetStore(instance, this.group));
    await this.store.load();
    if (!instance.registerConsumer(this)) {
      this.state = 'CREATE_JUST';
      throw new MQClientError(-1, `The consumer group[${this.group}] has been created before, specify another name please.`);
    }
    this.clientInstance = instance;
    this.pullApi = new PullAPIWrapper(instance, this.group);
    instance.start();
    this.state = 'RUNNING';
  }

  /** Persists offsets, unregisters from the brokers and stops the client instance when unused. */
  async shutdown(): Promise<void> {
    if (this.state !== 'RUNNING') return;
    await this.persistConsumerOffset(true);
    this.state = 'SHUTDOWN_ALREADY';
    const instance = this.clientInstance!;
    await instance.unregisterConsumer(this.group);
    await instance.shutdown();
  }

  // ---- queues and offsets ----

  /** The readable queues of a topic (MQAdminImpl.fetchSubscribeMessageQueues). */
  async fetchSubscribeMessageQueues(topic: string): Promise<MessageQueue[]> {
    const mqs = await this.instance.admin.fetchSubscribeMessageQueues(this.config.withNamespace(topic));
    return mqs.map((mq) => this.config.queueWithoutNamespace(mq));
  }

  minOffset(mq: MessageQueue): Promise<number> {
    return this.instance.admin.minOffset(this.config.queueWithNamespace(mq));
  }

  maxOffset(mq: MessageQueue): Promise<number> {
    return this.instance.admin.maxOffset(this.config.queueWithNamespace(mq));
  }

  /** The first offset of a message stored at or after `timestamp` (epoch ms). */
  searchOffset(mq: MessageQueue, timestamp: number): Promise<number> {
    return this.instance.admin.searchOffset(this.config.queueWithNamespace(mq), timestamp);
  }

  earliestMsgStoreTime(mq: MessageQueue): Promise<number> {
    return this.instance.admin.earliestMsgStoreTime(this.config.queueWithNamespace(mq));
  }

  /** The group's offset of `mq`: from memory, or with `fromStore` from the broker (-1 when none). */
  fetchConsumeOffset(mq: MessageQueue, fromStore = false): Promise<number> {
    return this.offsetStore.readOffset(
      this.config.queueWithNamespace(mq),
      fromStore ? ReadOffsetType.READ_FROM_STORE : ReadOffsetType.MEMORY_FIRST_THEN_STORE,
    );
  }

  /** Sets the group's offset of `mq` in memory; it reaches the store on the next persist. */
  updateConsumeOffset(mq: MessageQueue, offset: number): void {
    mq = this.config.queueWithNamespace(mq);
    this.offsetStore.updateOffset(mq, offset, false);
    this.subscriptionAutomatically(mq.topic);
  }

  /** Sets and stores the group's offset of `mq` now, waiting for the broker's answer. */
  async commitConsumeOffset(mq: MessageQueue, offset: number): Promise<void> {
    mq = this.config.queueWithNamespace(mq);
    this.offsetStore.updateOffset(mq, offset, false);
    await this.offsetStore.updateConsumeOffsetToBroker(mq, offset, false);
  }

  // ---- pulling ----

  /**
   * One pull: up to `maxNums` messages of `mq` from `offset` that match a tag expression or a
   * MessageSelector (`MessageSelector.bySql(...)`: the broker filters by properties).
   */
  pull(
    mq: MessageQueue,
    subExpression: SubscriptionExpression,
    offset: number,
    maxNums: number,
    timeoutMs = this.consumerPullTimeoutMillis,
  ): Promise<PullResult> {
    return this.pullSync(mq, subExpression, offset, maxNums, false, timeoutMs);
  }

  /** A pull the broker holds (up to brokerSuspendMaxTimeMillis) until a matching message arrives. */
  pullBlockIfNotFound(mq: MessageQueue, subExpression: SubscriptionExpression, offset: number, maxNums: number): Promise<PullResult> {
    return this.pullSync(mq, subExpression, offset, maxNums, true, this.consumerTimeoutMillisWhenSuspend);
  }

  private async pullSync(
    userMq: MessageQueue,
    subExpression: SubscriptionExpression,
    offset: number,
    maxNums: number,
    block: boolean,
    timeoutMs: number,
  ): Promise<PullResult> {
    const mq = this.config.queueWithNamespace(userMq);
    const sd = subscriptionOf(mq.topic, selectorOf(subExpression));
    const pullApi = this.pullApi;
    if (!pullApi || this.state !== 'RUNNING') throw serviceStateError('pull consumer', this.state);
    this.subscriptionAutomatically(mq.topic);
    const result = await pullApi.pull({
      mq,
      subscription: sd,
      offset,
      maxNums,
      sysFlag: buildPullSysFlag(false, block, true, false),
      brokerSuspendMaxTimeMillis: this.brokerSuspendMaxTimeMillis,
      timeoutMs,
    });
    stripMessageTopics(this.config.namespace, result.msgFoundList);
    return result;
  }

  /** Returns a message for redelivery through the group's retry topic (CONSUMER_SEND_MSG_BACK). */
  async sendMessageBack(msg: MessageExt, delayLevel: number, brokerName?: string): Promise<void> {
    const instance = this.instance;
    const addr = brokerName !== undefined ? instance.findBrokerAddressInPublish(brokerName) : msg.storeHost;
    if (addr === undefined) throw brokerNotExistError(brokerName ?? '');
    const ns = this.config.namespace;
    if (ns !== undefined) msg.topic = this.config.withNamespace(msg.topic);
    try {
      await instance.api.consumerSendMessageBack(
        addr,
        brokerName ?? msg.brokerName,
        msg,
        this.group,
        delayLevel,
        3000,
        this.maxReconsumeTimes,
      );
    } finally {
      if (ns !== undefined) msg.topic = this.config.withoutNamespace(msg.topic);
    }
  }

  /** A stored message by its offset message id. */
  viewMessage(offsetMsgId: string): Promise<MessageExt> {
    return this.instance.admin.viewMessage(offsetMsgId);
  }

  private subscriptionAutomatically(topic: string): void {
    if (!this.subscriptionInner.has(topic)) this.subscriptionInner.set(topic, buildSubscriptionData(topic, SUB_ALL));
  }

  // ---- ConsumerInner ----

  /** @internal */
  subscriptions(): SubscriptionData[] {
    return [...this.subscriptionInner.values()];
  }

  /** @internal */
  updateTopicSubscribeInfo(): void {}

  /** @internal */
  isSubscribeTopicNeedUpdate(): boolean {
    return false;
  }

  /** @internal */
  async doRebalance(): Promise<void> {}

  /** @internal */
  async persistConsumerOffset(acknowledged = false): Promise<void> {
    if (this.store) await this.store.persistAll(this.store.cloneOffsetTable('').keys(), acknowledged);
  }

  /** @internal */
  cloneOffsetTable(topic: string): MessageQueueMap<number> {
    return this.store ? this.store.cloneOffsetTable(topic) : new MessageQueueMap<number>();
  }

  /** @internal */
  consumerRunningInfo(): ConsumerRunningInfo {
    const props = new Map<string, string>([
      ['consumerGroup', this.group],
      ['messageModel', this.messageModel],
      ['PROP_CONSUMEORDERLY', 'false'],
      ['PROP_THREADPOOL_CORE_SIZE', '-1'],
    ]);
    return { properties: props, subscriptionSet: this.subscriptions(), mqTable: new MessageQueueMap(), statusTable: new Map() };
  }
}
