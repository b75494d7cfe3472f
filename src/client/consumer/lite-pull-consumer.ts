// LitePullConsumer (DefaultLitePullConsumer + DefaultLitePullConsumerImpl): the caller polls for
// messages while the client pulls ahead in the background. Queues come from a subscription (the
// group's queues rebalanced among its consumers, as for a push consumer) or from assign() (the
// caller names them); the two cannot be mixed. poll() hands out one pulled batch; what it handed
// out is committed to the offset store by the next poll() once autoCommitIntervalMillis have
// passed, or by commitSync()/commit(); the store reaches the broker every
// persistConsumerOffsetInterval, when a queue moves to another consumer, and at shutdown. seek()
// moves a queue within its stored range, pause() stops pulling a queue. With a namespace, group,
// topics and queues are `ns%name` on the broker; the caller sees them without it.
//
// Differences from Java, on purpose: messages a paused queue already pulled stay cached until it
// is resumed instead of being returned by poll(); queues passed to and returned from every method
// (assignment(), commit*, listeners) are named without the namespace; commits with `persist` wait
// for the broker's answers.
//
// Hooks (ConsumeMessageHook) see each pulled batch as it arrives, before and after at once, as
// Java's pull path runs them: poll() may hand it out much later. With enableMsgTrace they write
// SubBefore and SubAfter traces (trace/).

import { getLogger } from '../../common/logger.js';
import { MQClientError } from '../../common/errors.js';
import { ConsumeFromWhere, ConsumeType, type MessageModel } from '../../remoting/protocol/consumer-types.js';
import type { ConsumerRunningInfo } from '../../remoting/protocol/consumer-running-info.js';
import { type MessageQueue, MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import { buildPullSysFlag } from '../../remoting/protocol/pull.js';
import { buildSubscriptionData, SUB_ALL, type SubscriptionData } from '../../remoting/protocol/subscription.js';
import { ClientConfig, resolveNamesrvAddrs } from '../client-config.js';
import { type ServiceState, serviceStateError } from '../errors.js';
import type { ClientInstance } from '../instance/client-instance.js';
import type { ConsumerInner } from '../instance/inner.js';
import { getOrCreateClientInstance } from '../instance/registry.js';
import { Producer } from '../producer/producer.js';
import type { AsyncTraceDispatcher } from '../trace/async-trace-dispatcher.js';
import { consumerTracing } from '../trace/trace-hooks.js';
import type { MessageExt } from '../message/message-ext.js';
import { stripMessageTopics } from '../namespace.js';
import { checkConsumerGroup } from '../producer/validators.js';
import { clientVersionDesc } from '../version.js';
import { messageQueueToString } from './allocate.js';
import { AssignedQueues } from './assigned-queues.js';
import { type ConsumeMessageHook, executeConsumeHookAfter, executeConsumeHookBefore, newConsumeMessageContext } from './consume-hooks.js';
import {
  checkLitePullSettings,
  type LitePullConsumerOptions,
  litePullRunningProperties,
  type ResolvedLitePullSettings,
  resolveLitePullSettings,
} from './lite-pull-config.js';
import { type TopicMessageQueueChangeListener, TopicQueueWatch } from './topic-queue-watch.js';
import { ConsumeRequestCache, type LitePullTaskHost, PullTaskTable } from './lite-pull-task.js';
import { LocalFileOffsetStore } from './local-offset-store.js';
import { selectorOf, type SubscriptionExpression, subscriptionOf } from './message-selector.js';
import { type OffsetStore, ReadOffsetType } from './offset-store.js';
import type { ProcessQueue } from './process-queue.js';
import { PullAPIWrapper } from './pull-api.js';
import { computePullFromWhere } from './pull-from-where.js';
import type { PullResult } from './pull-result.js';
import { type PullRequest, type RebalanceHost, RebalanceImpl } from './rebalance.js';
import { RemoteBrokerOffsetStore } from './remote-offset-store.js';

const log = getLogger('client');

/** Told the queues of a subscribed topic this consumer now holds (mqDivided) out of all (mqAll). */
export type MessageQueueListener = (topic: string, mqAll: MessageQueue[], mqDivided: MessageQueue[]) => void;

type SubscriptionType = 'NONE' | 'SUBSCRIBE' | 'ASSIGN';

const NOT_RUNNING = 'The consumer not running, please start it first.';
/** The first look at topics with a queue-change listener (Java: 10 s after start). */
const TOPIC_METADATA_FIRST_CHECK_MS = 10_000;

/**
 * Consumes by polling: Java's `DefaultLitePullConsumer`. `subscribe(topic)` to share the group's
 * queues with its other members, or `assign(queues)` to read chosen queues; then `start()` and
 * `await poll(timeoutMs)` in a loop. The client pulls ahead in the background (`pullBatchSize` 10
 * per pull), so poll() returns at once when something is cached.
 *
 * ```ts
 * const consumer = new LitePullConsumer({ consumerGroup: 'ExampleGroup', namesrvAddr: '127.0.0.1:9876' });
 * consumer.subscribe('TopicTest');
 * await consumer.start();
 * const msgs = await consumer.poll(1000);
 * ```
 *
 * With `autoCommit` (the default) what a poll() returned is committed by a later poll() once
 * `autoCommitIntervalMillis` (5 s) passed; otherwise call {@link commitSync} or {@link commit}.
 * seek, pause and resume work on queues this consumer holds.
 */
export class LitePullConsumer implements ConsumerInner, RebalanceHost, LitePullTaskHost {
  readonly config: ClientConfig;
  readonly settings: ResolvedLitePullSettings;
  /** @internal */
  readonly rebalance: RebalanceImpl;
  /** @internal */
  readonly consumeType = ConsumeType.CONSUME_ACTIVELY;
  /**
   * What heartbeats declare (Java's impl always answers LAST_OFFSET); starting points follow settings.
   * @internal
   */
  readonly consumeFromWhere = ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET;
  /** @internal */
  readonly consumerStartTimestamp = Date.now();
  /** @internal */
  readonly assigned: AssignedQueues;
  /** @internal */
  readonly cache = new ConsumeRequestCache();
  private state: ServiceState = 'CREATE_JUST';
  private subscriptionType: SubscriptionType = 'NONE';
  private readonly subExpressionForAssign = new Map<string, string>();
  private readonly tasks = new PullTaskTable(this);
  private userQueueListener: MessageQueueListener | undefined;
  private readonly topicWatch: TopicQueueWatch;
  private nextAutoCommitDeadline = -1;
  private clientInstance: ClientInstance | undefined;
  private store: OffsetStore | undefined;
  private pullApi: PullAPIWrapper | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly consumeMessageHooks: ConsumeMessageHook[] = [];
  /** Sends this consumer's traces, when enableMsgTrace is on. */
  readonly traceDispatcher: AsyncTraceDispatcher | undefined;

  constructor(options: LitePullConsumerOptions | string) {
    const opts: LitePullConsumerOptions = typeof options === 'string' ? { consumerGroup: options } : options;
    this.config = new ClientConfig(opts);
    this.config.enableStreamRequestType = true;
    this.settings = resolveLitePullSettings(opts);
    this.rebalance = new RebalanceImpl(this);
    this.assigned = new AssignedQueues((mq) => this.rebalance.processQueueTable.get(mq));
    this.topicWatch = new TopicQueueWatch(this.config, (topic) => this.fetchQueues(topic));
    this.traceDispatcher = consumerTracing(this, opts, (o) => new Producer(o));
  }

  registerConsumeMessageHook(hook: ConsumeMessageHook): void {
    this.consumeMessageHooks.push(hook);
    log.info('register consumeMessageHook', { hook: hook.hookName });
  }

  // ---- configuration and state ----

  get groupName(): string {
    return this.settings.consumerGroup;
  }

  get messageModel(): MessageModel {
    return this.settings.messageModel;
  }

  get allocateMessageQueueStrategy() {
    return this.settings.allocateMessageQueueStrategy;
  }

  /** @internal */
  get unitMode(): boolean {
    return this.config.unitMode;
  }

  /** @internal */
  get running(): boolean {
    return this.state === 'RUNNING';
  }

  /** @internal */
  get pullTimeDelayMillsWhenException(): number {
    return this.config.pullTimeDelayMillsWhenException;
  }

  get instance(): ClientInstance {
    if (!this.clientInstance) throw serviceStateError('lite pull consumer', this.state);
    return this.clientInstance;
  }

  get offsetStore(): OffsetStore {
    if (!this.store) throw serviceStateError('lite pull consumer', this.state);
    return this.store;
  }

  private checkServiceState(): void {
    if (this.state !== 'RUNNING') throw new MQClientError(-1, NOT_RUNNING);
  }

  private setSubscriptionType(type: SubscriptionType): void {
    if (this.subscriptionType === 'NONE') this.subscriptionType = type;
    else if (this.subscriptionType !== type) throw new MQClientError(-1, 'Subscribe and assign are mutually exclusive.');
  }

  // ---- lifecycle ----

  /** Registers the group, heartbeats the brokers and, for a subscription, rebalances and starts pulling. */
  async start(): Promise<void> {
    if (this.state !== 'CREATE_JUST') {
      throw new MQClientError(-1, `The PullConsumer service state not OK, maybe started once, ${this.state}`);
    }
    this.state = 'START_FAILED';
    this.settings.consumerGroup = this.config.withNamespace(this.settings.consumerGroup);
    checkConsumerGroup(this.groupName);
    checkLitePullSettings(this.settings);
    if (this.messageModel === 'CLUSTERING') this.config.changeInstanceNameToPID();
    const instance = getOrCreateClientInstance(this.config);
    if (!instance.registerConsumer(this)) {
      this.state = 'CREATE_JUST';
      throw new MQClientError(-1, `The consumer group[${this.groupName}] has been created before, specify another name please.`);
    }
    this.clientInstance = instance;
    this.pullApi = new PullAPIWrapper(instance, this.groupName);
    this.store = this.settings.offsetStore ??
      (this.messageModel === 'BROADCASTING'
        ? new LocalFileOffsetStore(instance.clientId, this.groupName, this.settings.localOffsetStoreDir)
        : new RemoteBrokerOffsetStore(instance, this.groupName));
    instance.start();
    this.state = 'RUNNING';
    try {
      await this.store.load();
      await this.operateAfterRunning();
    } catch (err) {
      await this.shutdown().catch(() => undefined);
      this.state = 'START_FAILED';
      throw err;
    }
    this.everyInterval(TOPIC_METADATA_FIRST_CHECK_MS, this.settings.topicMetadataCheckIntervalMillis, () => this.topicWatch.check());
    // As in Java, a trace producer that cannot start leaves the consumer running.
    await this.traceDispatcher?.start().catch((err: unknown) => log.warn('trace dispatcher start failed', { err }));
  }

  /** DefaultLitePullConsumerImpl.operateAfterRunning. */
  private async operateAfterRunning(): Promise<void> {
    const instance = this.instance;
    if (this.subscriptionType === 'SUBSCRIBE') {
      for (const topic of this.rebalance.subscriptionInner.keys()) await instance.updateTopicRouteInfoFromNameServer(topic);
    } else if (this.subscriptionType === 'ASSIGN') {
      this.tasks.retain(this.assigned.queues());
    }
    await this.topicWatch.lookAll();
    await instance.checkClientInBroker();
    if (this.subscriptionType === 'SUBSCRIBE') {
      // Java waits for the first periodic heartbeat and rebalance; announcing ourselves now lets the group split at once.
      await instance.sendHeartbeatToAllBrokerWithLock();
      void instance.rebalanceImmediately();
    }
  }

  /** Stops pulling, persists the offsets held (waiting for the broker), unregisters and closes the client instance when unused. */
  async shutdown(): Promise<void> {
    if (this.state !== 'RUNNING') return;
    await this.persistConsumerOffset(true);
    this.state = 'SHUTDOWN_ALREADY';
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.tasks.cancelWhere(() => true);
    this.cache.wake();
    const instance = this.clientInstance!;
    await instance.unregisterConsumer(this.groupName);
    await instance.shutdown();
    this.rebalance.destroy();
    await this.traceDispatcher?.shutdown();
  }

  private everyInterval(firstMs: number, intervalMs: number, fn: () => Promise<void>): void {
    const tick = (delay: number) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        fn().catch((err) => log.warn('lite pull consumer task failed', { group: this.groupName, err })).finally(() => {
          if (this.running) tick(intervalMs);
        });
      }, delay);
      t.unref?.();
      this.timers.add(t);
    };
    tick(firstMs);
  }

  // ---- subscribe or assign ----

  /**
   * Takes part in the group's share of `topic`'s queues, filtered by a tag expression or a
   * MessageSelector. `listener` is told every change of this consumer's share.
   */
  subscribe(topic: string, subExpression: SubscriptionExpression = SUB_ALL, listener?: MessageQueueListener): void {
    if (!topic) throw new MQClientError(-1, 'Topic can not be null or empty.');
    topic = this.config.withNamespace(topic);
    this.setSubscriptionType('SUBSCRIBE');
    this.rebalance.subscriptionInner.set(topic, subscriptionOf(topic, selectorOf(subExpression)));
    if (listener) this.userQueueListener = listener;
    if (this.state === 'RUNNING') {
      const instance = this.instance;
      void (async () => {
        await instance.sendHeartbeatToAllBrokerWithLock();
        await instance.updateTopicRouteInfoFromNameServer(topic);
        await instance.rebalanceImmediately();
      })().catch((err) => log.warn('subscribing failed; the periodic route refresh and rebalance retry', { topic, err }));
    }
  }

  unsubscribe(topic: string): void {
    topic = this.config.withNamespace(topic);
    this.rebalance.subscriptionInner.delete(topic);
    this.tasks.cancelWhere((mq) => mq.topic === topic);
    this.assigned.removeTopic(topic);
  }

  /** Consumes exactly these queues (no rebalance); replaces what an earlier assign() gave. */
  assign(mqs: readonly MessageQueue[]): void {
    if (mqs.length === 0) throw new MQClientError(-1, 'Message queues can not be null or empty.');
    this.setSubscriptionType('ASSIGN');
    const queues = mqs.map((mq) => this.config.queueWithNamespace(mq));
    this.assigned.updateAll(queues);
    if (this.state === 'RUNNING') this.tasks.retain(queues);
  }

  /** The tag expression assigned queues of `topic` are pulled with (before start only). */
  setSubExpressionForAssign(topic: string, subExpression: string): void {
    if (!subExpression || !subExpression.trim()) throw new MQClientError(-1, 'subExpression can not be null or empty.');
    if (this.state !== 'CREATE_JUST') throw new MQClientError(-1, 'setAssignTag only can be called before start.');
    this.setSubscriptionType('ASSIGN');
    this.subExpressionForAssign.set(this.config.withNamespace(topic), subExpression);
  }

  /** The queues this consumer holds now. */
  assignment(): MessageQueue[] {
    return this.assigned.queues().map((mq) => this.config.queueWithoutNamespace(mq));
  }

  /** MessageQueueListenerImpl: a rebalance changed this consumer's share of `topic`. */
  private updateAssignQueueAndStartPullTask(topic: string, mqAll: readonly MessageQueue[], mqDivided: readonly MessageQueue[]): void {
    const mine = this.messageModel === 'BROADCASTING' ? mqAll : mqDivided;
    this.assigned.updateTopic(topic, mine);
    this.tasks.retain(mine, (mq) => mq.topic === topic);
  }

  // ---- polling and positions ----

  /** Up to pullBatchSize messages of one queue, waiting up to `timeoutMs` for some; [] when none came. */
  async poll(timeoutMs = this.settings.pollTimeoutMillis): Promise<MessageExt[]> {
    this.checkServiceState();
    if (timeoutMs < 0) throw new MQClientError(-1, 'Timeout must not be negative');
    if (this.settings.autoCommit) this.maybeAutoCommit();
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (this.state !== 'RUNNING') return [];
      const req = this.cache.take((mq) => this.assigned.isPaused(mq));
      if (req) {
        const offset = req.pq.removeMessage(req.msgs);
        this.assigned.updateConsumeOffset(req.mq, offset);
        stripMessageTopics(this.config.namespace, req.msgs);
        return req.msgs;
      }
      const left = end - Date.now();
      if (left <= 0) return [];
      await this.cache.wait(left);
    }
  }

  /** Pulls `mq` from `offset` next (between its min and max offset); what was pulled of it and not polled is dropped. */
  async seek(mq: MessageQueue, offset: number): Promise<void> {
    const q = this.config.queueWithNamespace(mq);
    this.checkAssigned(q, mq);
    const [min, max] = await Promise.all([this.instance.admin.minOffset(q), this.instance.admin.maxOffset(q)]);
    if (offset < min || offset > max) {
      throw new MQClientError(-1, `Seek offset illegal, seek offset = ${offset}, min offset = ${min}, max offset = ${max}`);
    }
    // A rebalance may have taken the queue while the offsets were looked up.
    this.checkAssigned(q, mq);
    this.assigned.processQueue(q)?.clear();
    this.cache.removeQueue(q);
    this.assigned.setSeekOffset(q, offset);
    this.tasks.restart(q);
  }

  private checkAssigned(q: MessageQueue, mq: MessageQueue): void {
    this.checkServiceState();
    if (this.assigned.has(q)) return;
    const rebalancing = this.subscriptionType === 'SUBSCRIBE' ? ', may be rebalancing' : '';
    throw new MQClientError(-1, `The message queue is not in assigned list${rebalancing}, message queue: ${messageQueueToString(mq)}`);
  }

  async seekToBegin(mq: MessageQueue): Promise<void> {
    this.checkServiceState();
    await this.seek(mq, await this.instance.admin.minOffset(this.config.queueWithNamespace(mq)));
  }

  async seekToEnd(mq: MessageQueue): Promise<void> {
    this.checkServiceState();
    await this.seek(mq, await this.instance.admin.maxOffset(this.config.queueWithNamespace(mq)));
  }

  /** Stops pulling these queues; poll() returns nothing of them until they are resumed. */
  pause(mqs: readonly MessageQueue[]): void {
    this.assigned.pause(mqs.map((mq) => this.config.queueWithNamespace(mq)));
  }

  resume(mqs: readonly MessageQueue[]): void {
    this.assigned.resume(mqs.map((mq) => this.config.queueWithNamespace(mq)));
    // poll() calls waiting may now take what the queues had pulled before the pause.
    this.cache.wake();
  }

  /** The offset of the first message stored at or after `timestamp` (epoch ms) in `mq`. */
  offsetForTimestamp(mq: MessageQueue, timestamp: number): Promise<number> {
    this.checkServiceState();
    return this.instance.admin.searchOffset(this.config.queueWithNamespace(mq), timestamp);
  }

  /** The readable queues of a topic. */
  async fetchMessageQueues(topic: string): Promise<MessageQueue[]> {
    this.checkServiceState();
    return (await this.fetchQueues(this.config.withNamespace(topic))).map((mq) => this.config.queueWithoutNamespace(mq));
  }

  private fetchQueues(topic: string): Promise<MessageQueue[]> {
    return this.instance.admin.fetchSubscribeMessageQueues(topic);
  }

  /** `listener` is told the queues of `topic` whenever they change (checked every topicMetadataCheckIntervalMillis). */
  async registerTopicMessageQueueChangeListener(topic: string, listener: TopicMessageQueueChangeListener): Promise<void> {
    await this.topicWatch.register(this.config.withNamespace(topic), listener, this.state === 'RUNNING');
  }

  // ---- commits ----

  private maybeAutoCommit(): void {
    const now = Date.now();
    if (now < this.nextAutoCommitDeadline) return;
    this.assigned.commitAll(this.offsetStore);
    this.nextAutoCommitDeadline = now + this.settings.autoCommitIntervalMillis;
  }

  /**
   * Without arguments, commits what poll() handed out of every held queue (Java's commitSync()); it
   * reaches the broker with the next persist. With offsets, commits those, and with `persist` writes
   * the offsets held to the store now, waiting for the broker.
   */
  async commitSync(offsets?: Iterable<readonly [MessageQueue, number]>, persist = false): Promise<void> {
    if (offsets === undefined) {
      if (this.store) this.assigned.commitAll(this.store);
      return;
    }
    this.checkServiceState();
    let n = 0;
    for (const [mq, offset] of offsets) {
      n++;
      if (offset === -1) log.error('consumerOffset is -1', { topic: mq.topic, queueId: mq.queueId });
      else this.assigned.commit(this.offsetStore, this.config.queueWithNamespace(mq), offset);
    }
    if (n === 0) log.warn('MessageQueues is empty, Ignore this commit');
    else if (persist) await this.persistConsumerOffset(true);
  }

  /** Commits what poll() handed out of these queues; with `persist`, writes the offsets held to the store now. */
  async commit(mqs: Iterable<MessageQueue>, persist = false): Promise<void> {
    this.checkServiceState();
    let n = 0;
    for (const mq of mqs) {
      n++;
      this.assigned.commit(this.offsetStore, this.config.queueWithNamespace(mq));
    }
    if (n > 0 && persist) await this.persistConsumerOffset(true);
  }

  /** The group's committed offset of `mq` (memory first, then the store); -1 when it has none. */
  async committed(mq: MessageQueue): Promise<number> {
    this.checkServiceState();
    const offset = await this.offsetStore.readOffset(this.config.queueWithNamespace(mq), ReadOffsetType.MEMORY_FIRST_THEN_STORE);
    if (offset === -2) throw new MQClientError(-1, 'Fetch consume offset from broker exception');
    return offset;
  }

  updateNameServerAddress(addrs: string | readonly string[]): void {
    this.instance.invoker.updateNameServerAddressList(resolveNamesrvAddrs(addrs));
  }

  // ---- LitePullTaskHost ----

  /** @internal */
  subscriptionFor(mq: MessageQueue): SubscriptionData | undefined {
    if (this.subscriptionType === 'SUBSCRIBE') return this.rebalance.subscriptionInner.get(mq.topic);
    return buildSubscriptionData(mq.topic, this.subExpressionForAssign.get(mq.topic) ?? SUB_ALL);
  }

  /** @internal */
  async nextPullOffset(mq: MessageQueue): Promise<number> {
    const seek = this.assigned.seekOffset(mq);
    if (seek !== -1) {
      this.assigned.updateConsumeOffset(mq, seek);
      this.assigned.setSeekOffset(mq, -1);
      return seek;
    }
    const offset = this.assigned.pullOffset(mq);
    if (offset !== -1) return offset;
    this.checkServiceState();
    return this.computePullFromWhere(mq);
  }

  /** @internal */
  async pull(mq: MessageQueue, subscription: SubscriptionData, offset: number): Promise<PullResult> {
    const result = await this.pullApi!.pull({
      mq,
      subscription,
      offset,
      maxNums: this.settings.pullBatchSize,
      sysFlag: buildPullSysFlag(false, true, true, false, true),
      brokerSuspendMaxTimeMillis: this.settings.brokerSuspendMaxTimeMillis,
      timeoutMs: this.settings.consumerTimeoutMillisWhenSuspend,
    });
    // DefaultLitePullConsumerImpl.pull: a pulled batch counts as consumed successfully at once.
    if (this.consumeMessageHooks.length > 0 && result.msgFoundList.length > 0) {
      const ctx = newConsumeMessageContext(this.groupName, mq, result.msgFoundList);
      executeConsumeHookBefore(this.consumeMessageHooks, ctx);
      executeConsumeHookAfter(this.consumeMessageHooks, ctx, 'SUCCESS', 'CONSUME_SUCCESS', true);
    }
    return result;
  }

  // ---- RebalanceHost (RebalanceLitePullImpl) ----

  /** @internal */
  computePullFromWhere(mq: MessageQueue): Promise<number> {
    const { consumeFromWhere, consumeTimestamp } = this.settings;
    return computePullFromWhere(this.offsetStore, this.instance.admin, mq, {
      consumeFromWhere,
      consumeTimestamp,
      readType: ReadOffsetType.MEMORY_FIRST_THEN_STORE,
    });
  }

  /** @internal */
  async removeUnnecessaryMessageQueue(mq: MessageQueue, _pq: ProcessQueue): Promise<boolean> {
    await this.offsetStore.persist(mq);
    this.offsetStore.removeOffset(mq);
    return true;
  }

  /** @internal */
  removeDirtyOffset(mq: MessageQueue): void {
    this.offsetStore.removeOffset(mq);
  }

  /** @internal */
  async messageQueueChanged(topic: string, mqAll: readonly MessageQueue[], mqDivided: readonly MessageQueue[]): Promise<void> {
    this.updateAssignQueueAndStartPullTask(topic, mqAll, mqDivided);
    const listener = this.userQueueListener;
    if (!listener) return;
    try {
      const user = (mqs: readonly MessageQueue[]) => mqs.map((mq) => this.config.queueWithoutNamespace(mq));
      listener(this.config.withoutNamespace(topic), user(mqAll), user(mqDivided));
    } catch (err) {
      log.error('messageQueueChanged exception', { group: this.groupName, topic, err });
    }
  }

  /** @internal */
  dispatchPullRequest(_requests: PullRequest[]): void {}

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
    if (this.running) await this.rebalance.doRebalance(false);
  }

  /**
   * Writes the offsets of the queues held to the store; `acknowledged` waits for the broker.
   * @internal
   */
  async persistConsumerOffset(acknowledged = false): Promise<void> {
    if (!this.store || this.state !== 'RUNNING') return;
    const held = this.subscriptionType === 'SUBSCRIBE' ? this.rebalance.processQueueTable.keys() : this.assigned.queues();
    try {
      await this.store.persistAll(held, acknowledged);
    } catch (err) {
      log.error('persisting consumer offsets failed', { group: this.groupName, err });
    }
  }

  /** @internal */
  cloneOffsetTable(topic: string): MessageQueueMap<number> {
    return this.store ? this.store.cloneOffsetTable(topic) : new MessageQueueMap<number>();
  }

  /** @internal */
  consumerRunningInfo(): ConsumerRunningInfo {
    const props = litePullRunningProperties(this.settings, this.config);
    props.set('PROP_CONSUMER_START_TIMESTAMP', String(this.consumerStartTimestamp));
    props.set('PROP_CLIENT_VERSION', clientVersionDesc());
    return { properties: props, subscriptionSet: this.subscriptions(), mqTable: new MessageQueueMap(), statusTable: new Map() };
  }
}
