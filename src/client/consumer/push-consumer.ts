// PushConsumer (DefaultMQPushConsumer + DefaultMQPushConsumerImpl): subscribe to topics with tag
// expressions or SQL92 selectors, register a listener, start. The client rebalances the group's queues (at start,
// every 20 s, and when a broker reports a membership change), long-polls its queues, hands the
// messages to the listener and keeps the offsets: on the broker for a clustering group (plus the
// group's %RETRY% topic, subscribed automatically), in a local file for broadcasting. With a
// namespace, group and topics are `ns%name` on the broker (the retry topic `%RETRY%ns%group`) and
// the listener sees the topics without it. Hooks see every listener call; with enableMsgTrace
// they write message traces (trace/).

import { getLogger } from '../../common/logger.js';
import { MQClientError } from '../../common/errors.js';
import { MessageConst } from '../../common/message/message-const.js';
import { parseDate, YYYYMMDDHHMMSS } from '../../common/time-format.js';
import { ConsumeFromWhere, ConsumeType, MessageModel } from '../../remoting/protocol/consumer-types.js';
import type { ConsumerRunningInfo, ProcessQueueInfo } from '../../remoting/protocol/consumer-running-info.js';
import type { ConsumeMessageDirectlyResult } from '../../remoting/protocol/consume-directly.js';
import { type MessageQueue, MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import { buildSubscriptionData, SUB_ALL, type SubscriptionData } from '../../remoting/protocol/subscription.js';
import { ClientConfig } from '../client-config.js';
import { type ServiceState, serviceStateError } from '../errors.js';
import { getOrCreateClientInstance } from '../instance/registry.js';
import type { ClientInstance } from '../instance/client-instance.js';
import type { ConsumerInner } from '../instance/inner.js';
import { Message } from '../message/message.js';
import type { MessageExt } from '../message/message-ext.js';
import { getRetryTopic, MixAll } from '../mix-all.js';
import { stripMessageTopics } from '../namespace.js';
import { Producer } from '../producer/producer.js';
import { checkConsumerGroup, checkTopic } from '../producer/validators.js';
import { clientVersionDesc } from '../version.js';
import { ConsumeConcurrently } from './consume-concurrently.js';
import { ConsumeOrderly } from './consume-orderly.js';
import type { ConsumeService, ConsumeServiceHost } from './consume-service.js';
import type { MessageListenerConcurrently, MessageListenerOrderly } from './listener.js';
import { type MessageSelector, selectorOf, type SubscriptionExpression, subscriptionOf } from './message-selector.js';
import { LocalFileOffsetStore } from './local-offset-store.js';
import { type OffsetStore, ReadOffsetType } from './offset-store.js';
import { computePullFromWhere } from './pull-from-where.js';
import { PullLoop, type PullLoopHost } from './pull-loop.js';
import {
  checkPushConsumerSettings,
  type PushConsumerOptions,
  type ResolvedPushConsumerSettings,
  resolvePushConsumerSettings,
} from './push-consumer-config.js';
import { type PullRequest, type RebalanceHost, RebalanceImpl } from './rebalance.js';
import type { ConsumeMessageHook } from './consume-hooks.js';
import type { AsyncTraceDispatcher } from '../trace/async-trace-dispatcher.js';
import { consumerTracing } from '../trace/trace-hooks.js';
import { RemoteBrokerOffsetStore } from './remote-offset-store.js';
import type { ProcessQueue } from './process-queue.js';

const log = getLogger('client');

/** A queue no longer ours is unlocked this long after the last of its cached messages (UNLOCK_DELAY_TIME_MILLS). */
const UNLOCK_DELAY_TIME_MILLS = 20_000;

/**
 * Consumes by listener: Java's `DefaultMQPushConsumer`. Subscribe, register one listener, start:
 * the client shares the group's queues among its members (clustering, the default) or gives each
 * member everything (broadcasting), long-polls its queues and hands the messages to the listener,
 * then commits the offsets (to the broker every 5 s, `persistConsumerOffsetInterval`, and at
 * shutdown; broadcasting groups keep them in a local file).
 *
 * ```ts
 * const consumer = new PushConsumer({ consumerGroup: 'ExampleGroup', namesrvAddr: '127.0.0.1:9876' });
 * consumer.subscribe('TopicTest', 'TagA || TagB');
 * consumer.registerMessageListener((msgs) => ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
 * await consumer.start();
 * ```
 *
 * A new group starts at the newest messages (`consumeFromWhere` CONSUME_FROM_LAST_OFFSET, Java's
 * default); CONSUME_FROM_FIRST_OFFSET reads what is stored. Messages a concurrent listener answers
 * RECONSUME_LATER (or throws on) come back through the group's `%RETRY%` topic with growing delays,
 * and after 16 redeliveries go to its `%DLQ%` topic.
 */
export class PushConsumer implements ConsumerInner, RebalanceHost, ConsumeServiceHost, PullLoopHost {
  readonly config: ClientConfig;
  readonly settings: ResolvedPushConsumerSettings;
  /** @internal */
  readonly rebalance: RebalanceImpl;
  /** @internal */
  readonly consumeType = ConsumeType.CONSUME_PASSIVELY;
  /** @internal */
  readonly consumerStartTimestamp = Date.now();
  private state: ServiceState = 'CREATE_JUST';
  private clientInstance: ClientInstance | undefined;
  private store: OffsetStore | undefined;
  private service: ConsumeService | undefined;
  private loop: PullLoop | undefined;
  private listenerConcurrently: MessageListenerConcurrently | undefined;
  private listenerOrderly: MessageListenerOrderly | undefined;
  private readonly subscription = new Map<string, MessageSelector>();
  private innerProducer: Promise<Producer> | undefined;
  private retryTopic: string | undefined;
  /** @internal */
  readonly consumeMessageHooks: ConsumeMessageHook[] = [];
  /** Sends this consumer's traces, when enableMsgTrace is on. */
  readonly traceDispatcher: AsyncTraceDispatcher | undefined;
  /** @internal */
  pause = false;

  constructor(options: PushConsumerOptions | string) {
    const opts: PushConsumerOptions = typeof options === 'string' ? { consumerGroup: options } : options;
    this.config = new ClientConfig(opts);
    this.settings = resolvePushConsumerSettings(opts);
    this.rebalance = new RebalanceImpl(this);
    this.traceDispatcher = consumerTracing(this, opts, (o) => new Producer(o));
  }

  registerConsumeMessageHook(hook: ConsumeMessageHook): void {
    this.consumeMessageHooks.push(hook);
    log.info('register consumeMessageHook', { hook: hook.hookName });
  }

  // ---- configuration ----

  get groupName(): string {
    return this.settings.consumerGroup;
  }

  get messageModel(): MessageModel {
    return this.settings.messageModel;
  }

  get consumeFromWhere(): ConsumeFromWhere {
    return this.settings.consumeFromWhere;
  }

  /** @internal */
  get unitMode(): boolean {
    return this.config.unitMode;
  }

  get allocateMessageQueueStrategy() {
    return this.settings.allocateMessageQueueStrategy;
  }

  /** @internal */
  get consumeMessageBatchMaxSize(): number {
    return this.settings.consumeMessageBatchMaxSize;
  }

  /** @internal */
  get consumeThreadMax(): number {
    return this.settings.consumeThreadMax;
  }

  /** @internal */
  get consumeTimeout(): number {
    return this.settings.consumeTimeout;
  }

  /** @internal */
  get suspendCurrentQueueTimeMillis(): number {
    return this.settings.suspendCurrentQueueTimeMillis;
  }

  /** @internal */
  get consumeOrderly(): boolean {
    return this.listenerOrderly !== undefined;
  }

  /** @internal */
  get running(): boolean {
    return this.state === 'RUNNING';
  }

  /** @internal */
  get paused(): boolean {
    return this.pause;
  }

  get serviceState(): ServiceState {
    return this.state;
  }

  get instance(): ClientInstance {
    if (!this.clientInstance) throw serviceStateError('push consumer', this.state);
    return this.clientInstance;
  }

  get offsetStore(): OffsetStore {
    if (!this.store) throw serviceStateError('push consumer', this.state);
    return this.store;
  }

  /** @internal */
  get consumeService(): ConsumeService {
    if (!this.service) throw serviceStateError('push consumer', this.state);
    return this.service;
  }

  /**
   * Subscribes to `topic` with a tag expression ("*" for all, "TagA", "TagA || TagB") or a
   * MessageSelector: `MessageSelector.bySql("a BETWEEN 3 AND 5")` is a property filter the broker
   * evaluates (it needs enablePropertyFilter=true; start() asks the broker to vet it). The third
   * argument, SQL92, also makes a string expression a property filter.
   */
  subscribe(topic: string, subExpression: SubscriptionExpression = SUB_ALL, expressionType: 'TAG' | 'SQL92' = 'TAG'): void {
    topic = this.config.withNamespace(topic);
    checkTopic(topic);
    const selector = selectorOf(subExpression, expressionType);
    const sd = subscriptionOf(topic, selector);
    this.subscription.set(topic, selector);
    if (this.state === 'RUNNING') {
      this.rebalance.subscriptionInner.set(topic, sd);
      void this.instance.sendHeartbeatToAllBrokerWithLock();
    }
  }

  /** Stops consuming `topic` (its queues are dropped at the next rebalance). */
  unsubscribe(topic: string): void {
    topic = this.config.withNamespace(topic);
    this.subscription.delete(topic);
    this.rebalance.subscriptionInner.delete(topic);
  }

  /**
   * The listener of concurrent consumption (Java's MessageListenerConcurrently): up to
   * `consumeThreadMax` (20) calls in flight, `consumeMessageBatchMaxSize` (1) messages each, no order
   * between them. Replaces an orderly listener.
   */
  registerMessageListener(listener: MessageListenerConcurrently): void {
    this.listenerConcurrently = listener;
    this.listenerOrderly = undefined;
  }

  /**
   * The listener of orderly consumption (Java's MessageListenerOrderly): each queue is locked on the
   * broker for this consumer and its messages are handed over one call at a time, in queue order;
   * SUSPEND_CURRENT_QUEUE_A_MOMENT retries the same messages after `suspendCurrentQueueTimeMillis`.
   * Replaces a concurrent listener.
   */
  registerMessageListenerOrderly(listener: MessageListenerOrderly): void {
    this.listenerOrderly = listener;
    this.listenerConcurrently = undefined;
  }

  // ---- lifecycle ----

  /**
   * Checks the settings, registers the group with the client instance, heartbeats the brokers and
   * starts rebalancing and pulling. Needs a listener and at least one subscription.
   */
  async start(): Promise<void> {
    if (this.state !== 'CREATE_JUST') {
      throw new MQClientError(-1, `The PushConsumer service state not OK, maybe started once, ${this.state}`);
    }
    this.state = 'START_FAILED';
    this.settings.consumerGroup = this.config.withNamespace(this.settings.consumerGroup);
    this.checkConfig();
    for (const [topic, selector] of this.subscription) this.rebalance.subscriptionInner.set(topic, subscriptionOf(topic, selector));
    if (this.messageModel === MessageModel.CLUSTERING) {
      const retry = getRetryTopic(this.groupName);
      this.rebalance.subscriptionInner.set(retry, buildSubscriptionData(retry, SUB_ALL));
      this.config.changeInstanceNameToPID();
    }
    const instance = getOrCreateClientInstance(this.config);
    this.clientInstance = instance;
    this.store = this.settings.offsetStore ??
      (this.messageModel === MessageModel.BROADCASTING
        ? new LocalFileOffsetStore(instance.clientId, this.groupName, this.settings.localOffsetStoreDir)
        : new RemoteBrokerOffsetStore(instance, this.groupName));
    await this.store.load();
    this.service = this.listenerOrderly
      ? new ConsumeOrderly(this, this.listenerOrderly)
      : new ConsumeConcurrently(this, this.listenerConcurrently!);
    this.service.start();
    this.loop = new PullLoop(this);
    if (!instance.registerConsumer(this)) {
      this.state = 'CREATE_JUST';
      await this.service.shutdown(0);
      throw new MQClientError(-1, `The consumer group[${this.groupName}] has been created before, specify another name please.`);
    }
    instance.start();
    this.state = 'RUNNING';
    try {
      // updateTopicSubscribeInfoWhenSubscriptionChanged: an unreachable name server fails the start.
      for (const topic of this.rebalance.subscriptionInner.keys()) await instance.updateTopicRouteInfoFromNameServer(topic);
      await instance.checkClientInBroker();
    } catch (err) {
      await this.shutdown(0).catch(() => undefined);
      this.state = 'START_FAILED';
      throw err;
    }
    await instance.sendHeartbeatToAllBrokerWithLock();
    void instance.rebalanceImmediately();
    // As in Java, a trace producer that cannot start leaves the consumer running.
    await this.traceDispatcher?.start().catch((err: unknown) => log.warn('trace dispatcher start failed', { err }));
  }

  private checkConfig(): void {
    checkConsumerGroup(this.groupName);
    if (!this.listenerConcurrently && !this.listenerOrderly) throw new MQClientError(-1, 'messageListener is null');
    const bad = checkPushConsumerSettings(this.settings);
    if (bad) throw new MQClientError(-1, bad);
    if (
      this.settings.consumeFromWhere === ConsumeFromWhere.CONSUME_FROM_TIMESTAMP &&
      Number.isNaN(parseDate(this.settings.consumeTimestamp.trim(), YYYYMMDDHHMMSS))
    ) {
      throw new MQClientError(
        -1,
        `consumeTimestamp is invalid, the valid format is yyyyMMddHHmmss,but received ${this.settings.consumeTimestamp}`,
      );
    }
  }

  /** Stops consuming, persists offsets, unregisters from the brokers and closes the client instance when unused. */
  async shutdown(awaitTerminateMillis = this.settings.awaitTerminationMillisWhenShutdown): Promise<void> {
    if (this.state !== 'RUNNING') return;
    this.state = 'SHUTDOWN_ALREADY';
    this.loop!.stop();
    await this.service!.shutdown(awaitTerminateMillis);
    // Acknowledged, not oneway: the process may exit next, and a graceful stop should know its
    // offsets arrived.
    await this.persistConsumerOffset(true);
    const instance = this.clientInstance!;
    await instance.unregisterConsumer(this.groupName);
    if (this.innerProducer) await (await this.innerProducer.catch(() => undefined))?.shutdown();
    await instance.shutdown();
    this.rebalance.destroy();
    await this.traceDispatcher?.shutdown();
  }

  /** Stops pulling until {@link resume} (Java's suspend). */
  suspend(): void {
    this.pause = true;
  }

  /** Pulls again after {@link suspend}. */
  resume(): void {
    this.pause = false;
    void this.doRebalance();
  }

  // ---- ConsumerInner ----

  /** @internal */
  subscriptions(): SubscriptionData[] {
    return [...this.rebalance.subscriptionInner.values()];
  }

  /** @internal */
  updateTopicSubscribeInfo(topic: string, mqs: MessageQueue[]): void {
    this.rebalance.updateTopicSubscribeInfo(topic, mqs);
  }

  /** @internal */
  isSubscribeTopicNeedUpdate(topic: string): boolean {
    return this.rebalance.isSubscribeTopicNeedUpdate(topic);
  }

  /** @internal */
  async doRebalance(): Promise<void> {
    if (!this.pause && this.state === 'RUNNING') await this.rebalance.doRebalance(this.consumeOrderly);
  }

  /** @internal */
  async persistConsumerOffset(acknowledged = false): Promise<void> {
    if (!this.store) return;
    await this.store.persistAll(this.rebalance.processQueueTable.keys(), acknowledged);
  }

  /** @internal */
  cloneOffsetTable(topic: string): MessageQueueMap<number> {
    return this.store ? this.store.cloneOffsetTable(topic) : new MessageQueueMap<number>();
  }

  /** @internal */
  consumerRunningInfo(): ConsumerRunningInfo {
    const s = this.settings;
    const props = new Map<string, string>([
      ['consumerGroup', s.consumerGroup],
      ['messageModel', s.messageModel],
      ['consumeFromWhere', s.consumeFromWhere],
      ['consumeTimestamp', s.consumeTimestamp],
      ['allocateMessageQueueStrategy', s.allocateMessageQueueStrategy.name],
      ['consumeThreadMin', String(s.consumeThreadMin)],
      ['consumeThreadMax', String(s.consumeThreadMax)],
      ['consumeConcurrentlyMaxSpan', String(s.consumeConcurrentlyMaxSpan)],
      ['pullThresholdForQueue', String(s.pullThresholdForQueue)],
      ['pullThresholdSizeForQueue', String(s.pullThresholdSizeForQueue)],
      ['pullThresholdForTopic', String(s.pullThresholdForTopic)],
      ['pullThresholdSizeForTopic', String(s.pullThresholdSizeForTopic)],
      ['pullInterval', String(s.pullInterval)],
      ['consumeMessageBatchMaxSize', String(s.consumeMessageBatchMaxSize)],
      ['pullBatchSize', String(s.pullBatchSize)],
      ['postSubscriptionWhenPull', String(s.postSubscriptionWhenPull)],
      ['maxReconsumeTimes', String(s.maxReconsumeTimes)],
      ['suspendCurrentQueueTimeMillis', String(s.suspendCurrentQueueTimeMillis)],
      ['consumeTimeout', String(s.consumeTimeout)],
      ['unitMode', String(this.config.unitMode)],
      ['namesrvAddr', this.config.namesrvAddrs.join(';')],
      ['clientIP', this.config.clientIP],
      ['instanceName', this.config.instanceName],
      ['vipChannelEnabled', String(this.config.vipChannelEnabled)],
      ['PROP_CONSUMEORDERLY', String(this.consumeOrderly)],
      ['PROP_THREADPOOL_CORE_SIZE', String(this.service?.corePoolSize ?? s.consumeThreadMax)],
      ['PROP_CONSUMER_START_TIMESTAMP', String(this.consumerStartTimestamp)],
      ['PROP_CLIENT_VERSION', clientVersionDesc()],
    ]);
    const mqTable = new MessageQueueMap<ProcessQueueInfo>();
    for (const [mq, pq] of this.rebalance.processQueueTable) mqTable.set(mq, pq.fillProcessQueueInfo(this.store?.memoryOffset(mq) ?? -1));
    const subs = this.subscriptions();
    const statusTable = new Map(subs.map((sd) => [sd.topic, this.instance.consumerStats.consumeStatus(this.groupName, sd.topic)] as const));
    return { properties: props, subscriptionSet: subs, mqTable, statusTable };
  }

  /**
   * RESET_CONSUMER_CLIENT_OFFSET: drop the topic's queues, store the new offsets, rebalance to restart them.
   * @internal
   */
  async resetOffset(topic: string, offsets: MessageQueueMap<number>): Promise<void> {
    this.suspend();
    try {
      for (const [mq, pq] of [...this.rebalance.processQueueTable]) {
        if (mq.topic !== topic || !offsets.has(mq)) continue;
        pq.dropped = true;
        pq.clear();
      }
      for (const [mq, pq] of [...this.rebalance.processQueueTable]) {
        const offset = offsets.get(mq);
        if (mq.topic !== topic || offset === undefined) continue;
        this.offsetStore.updateOffset(mq, offset, false);
        if (await this.removeUnnecessaryMessageQueue(mq, pq)) this.rebalance.processQueueTable.delete(mq);
      }
    } finally {
      this.resume();
    }
  }

  /** @internal */
  consumeMessageDirectly(msg: MessageExt, brokerName: string | undefined): Promise<ConsumeMessageDirectlyResult> {
    return this.consumeService.consumeMessageDirectly(msg, brokerName);
  }

  /** The offset this group will consume `mq` from next (memory, else the store). */
  fetchConsumeOffset(mq: MessageQueue, fromStore = false): Promise<number> {
    return this.offsetStore.readOffset(
      this.config.queueWithNamespace(mq),
      fromStore ? ReadOffsetType.READ_FROM_STORE : ReadOffsetType.MEMORY_FIRST_THEN_STORE,
    );
  }

  // ---- RebalanceHost ----

  /**
   * RebalancePushImpl.computePullFromWhereWithException.
   * @internal
   */
  computePullFromWhere(mq: MessageQueue): Promise<number> {
    const { consumeFromWhere, consumeTimestamp } = this.settings;
    return computePullFromWhere(this.offsetStore, this.instance.admin, mq, {
      consumeFromWhere,
      consumeTimestamp,
      readType: ReadOffsetType.READ_FROM_STORE,
    });
  }

  /** @internal */
  async removeUnnecessaryMessageQueue(mq: MessageQueue, pq: ProcessQueue): Promise<boolean> {
    await this.offsetStore.persist(mq);
    this.offsetStore.removeOffset(mq);
    if (this.consumeOrderly && this.messageModel === MessageModel.CLUSTERING) {
      if (pq.consumeLockHeld) {
        pq.tryUnlockTimes++;
        log.warn('[WRONG] mq is consuming, so can not unlock it', { topic: mq.topic, queueId: mq.queueId, tries: pq.tryUnlockTimes });
        return false;
      }
      if (pq.hasTempMessage()) {
        this.loop?.executeTaskLater(() => void this.rebalance.unlock(mq, true), UNLOCK_DELAY_TIME_MILLS);
      } else {
        await this.rebalance.unlock(mq, true);
      }
    }
    return true;
  }

  /** @internal */
  removeDirtyOffset(mq: MessageQueue): void {
    this.offsetStore.removeOffset(mq);
  }

  /**
   * RebalancePushImpl.messageQueueChanged: a new subscription version, split thresholds, heartbeat.
   * @internal
   */
  async messageQueueChanged(topic: string): Promise<void> {
    const sd = this.rebalance.subscriptionInner.get(topic);
    if (sd) sd.subVersion = Date.now();
    const queues = this.rebalance.processQueueTable.size;
    if (queues > 0) {
      const s = this.settings;
      if (s.pullThresholdForTopic !== -1) s.pullThresholdForQueue = Math.max(1, Math.floor(s.pullThresholdForTopic / queues));
      if (s.pullThresholdSizeForTopic !== -1) s.pullThresholdSizeForQueue = Math.max(1, Math.floor(s.pullThresholdSizeForTopic / queues));
    }
    await this.instance.sendHeartbeatToAllBrokerWithLock();
  }

  /** @internal */
  dispatchPullRequest(requests: PullRequest[]): void {
    for (const pr of requests) this.loop?.executePullRequestImmediately(pr);
  }

  // ---- ConsumeServiceHost ----

  /** @internal */
  maxReconsumeTimes(orderly: boolean): number {
    const v = this.settings.maxReconsumeTimes;
    return v === -1 ? (orderly ? 2147483647 : 16) : v;
  }

  /**
   * DefaultMQPushConsumerImpl.resetRetryAndNamespace.
   * @internal
   */
  resetRetryTopic(msgs: MessageExt[], mq: MessageQueue): void {
    if (mq.topic === (this.retryTopic ??= getRetryTopic(this.groupName))) {
      for (const m of msgs) {
        const retryTopic = m.getProperty(MessageConst.PROPERTY_RETRY_TOPIC);
        if (retryTopic !== undefined) m.topic = retryTopic;
      }
    }
    stripMessageTopics(this.config.namespace, msgs);
  }

  /** DefaultMQPushConsumerImpl.sendMessageBack; the message names its topic as the broker does while it is sent back. */
  async sendMessageBack(msg: MessageExt, delayLevel: number, brokerName: string | undefined): Promise<void> {
    const ns = this.config.namespace;
    if (ns !== undefined) msg.topic = this.config.withNamespace(msg.topic);
    try {
      await this.sendMessageBackAs(msg, delayLevel, brokerName);
    } finally {
      if (ns !== undefined) msg.topic = this.config.withoutNamespace(msg.topic);
    }
  }

  private async sendMessageBackAs(msg: MessageExt, delayLevel: number, brokerName: string | undefined): Promise<void> {
    try {
      const addr = brokerName !== undefined ? this.instance.findBrokerAddressInPublish(brokerName) : msg.storeHost;
      if (addr === undefined) throw new MQClientError(-1, `The broker[${brokerName}] not exist`);
      await this.instance.api.consumerSendMessageBack(
        addr,
        brokerName ?? msg.brokerName,
        msg,
        this.groupName,
        delayLevel,
        5000,
        this.maxReconsumeTimes(false),
      );
    } catch (err) {
      log.warn('sendMessageBack failed, sending to the retry topic instead', { group: this.groupName, msgId: msg.msgId, err });
      await this.sendToRetryTopic(msg, msg.reconsumeTimes + 1, this.maxReconsumeTimes(false));
    }
  }

  /**
   * The fallback of a failed send-back: the message itself, to %RETRY%group, with delay 3 + reconsumeTimes.
   * @internal
   */
  async sendToRetryTopic(msg: MessageExt, reconsumeTimes: number, maxReconsumeTimes: number): Promise<void> {
    const producer = await this.getInnerProducer();
    const m = new Message(getRetryTopic(this.groupName), Buffer.from(msg.body), { flag: msg.flag });
    m.properties.clear();
    for (const [k, v] of msg.properties) {
      if (k !== MessageConst.PROPERTY_MIN_OFFSET && k !== MessageConst.PROPERTY_MAX_OFFSET) m.properties.set(k, v);
    }
    const origin = msg.getProperty(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID);
    m.putProperty(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID, origin && origin.trim() ? origin : msg.msgId);
    m.putProperty(MessageConst.PROPERTY_RETRY_TOPIC, this.config.withNamespace(msg.topic));
    m.putProperty(MessageConst.PROPERTY_RECONSUME_TIME, String(reconsumeTimes));
    m.putProperty(MessageConst.PROPERTY_MAX_RECONSUME_TIMES, String(maxReconsumeTimes));
    m.clearProperty(MessageConst.PROPERTY_TRANSACTION_PREPARED);
    m.delayTimeLevel = 3 + msg.reconsumeTimes;
    await producer.send(m);
  }

  /** The instance's CLIENT_INNER_PRODUCER (another consumer's, or one started on first use). */
  private getInnerProducer(): Promise<Producer> {
    const shared = this.instance.selectProducer(MixAll.CLIENT_INNER_PRODUCER_GROUP);
    if (shared instanceof Producer && shared.serviceState === 'RUNNING') return Promise.resolve(shared);
    this.innerProducer ??= (async () => {
      const p = new Producer({ producerGroup: MixAll.CLIENT_INNER_PRODUCER_GROUP }, this.instance);
      await p.start();
      return p;
    })();
    return this.innerProducer;
  }
}
