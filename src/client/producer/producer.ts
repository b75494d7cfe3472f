// Producer (DefaultMQProducer + DefaultMQProducerImpl): sends messages synchronously (with
// retries on other brokers), asynchronously (retrying network failures) or oneway; to a queue it
// picks round-robin with latency fault tolerance, to a queue the caller names, or to the queue a
// selector picks (ordered messages). Topics without a route go through the auto-create topic's
// route (TBW102), so a broker with autoCreateTopicEnable creates them on first send. With a
// namespace, the group, topics and queues go to the broker as `ns%name` and results come back
// without it. Requests (request-response.ts) wait for a responder's reply. Hooks see every send
// attempt; with enableMsgTrace they write message traces (trace/).

import { getLogger } from '../../common/logger.js';
import { MQClientError } from '../../common/errors.js';
import { MQBrokerError, RemotingConnectError, RemotingTimeoutError } from '../../remoting/errors.js';
import { MQError } from '../../common/errors.js';
import { MessageConst } from '../../common/message/message-const.js';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import { ClientConfig } from '../client-config.js';
import { brokerNotExistError, noNameServerError, noRouteError, type ServiceState, serviceStateError } from '../errors.js';
import { brokerVIPChannel, ClientErrorCode, MixAll } from '../mix-all.js';
import { getOrCreateClientInstance } from '../instance/registry.js';
import type { ClientInstance } from '../instance/client-instance.js';
import type { ProducerInner } from '../instance/inner.js';
import { Message } from '../message/message.js';
import type { MessageExt } from '../message/message-ext.js';
import { messageInNamespace, queueWithNamespace, queueWithoutNamespace } from '../namespace.js';
import { TopicPublishInfo } from '../route/topic-publish-info.js';
import { MQFaultStrategy } from './fault-strategy.js';
import { type ProducerOptions, type ResolvedProducerSettings, resolveProducerSettings } from './producer-config.js';
import { type SendResult, SendStatus } from './send-result.js';
import { encodeBatchSend, type EncodedSend, encodeSend } from './send-request.js';
import type { MessageQueueSelector } from './selectors.js';
import { checkBatch, checkGroup, checkMessage } from './validators.js';
import { request, type RequestCallback, requestWithCallback } from './request-response.js';
import {
  type CommunicationMode,
  type EndTransactionHook,
  executeSendMessageHookAfter,
  executeSendMessageHookBefore,
  MessageType,
  messageTypeOf,
  type SendMessageContext,
  type SendMessageHook,
} from './send-hooks.js';
import { AsyncTraceDispatcher } from '../trace/async-trace-dispatcher.js';
import { EndTransactionTraceHook, SendMessageTraceHook } from '../trace/trace-hooks.js';

const log = getLogger('client');

export interface SendOptions {
  /** Send to this queue (no retries on other queues, as in Java). */
  mq?: MessageQueue;
  /** Pick the queue with this selector and `arg` (ordered sends; no retries). */
  selector?: MessageQueueSelector;
  arg?: unknown;
  /** Milliseconds for the whole send (default sendMsgTimeout). */
  timeout?: number;
}

export interface SendCallback {
  onSuccess(result: SendResult): void;
  onException(err: Error): void;
}

type Mode = CommunicationMode;

/** Where a synchronous send's attempts stand (it may start in sendFast and go on in sendDefault). */
interface SendAttempts {
  times: number;
  brokersSent: string[];
  mq?: MessageQueue;
  lastErr?: unknown;
  result?: SendResult;
}

/**
 * Sends messages to a topic's queues: Java's `DefaultMQProducer`. Create it with a producer group and
 * the name servers (`namesrvAddr`, else `NAMESRV_ADDR`), `await start()`, send, and `await shutdown()`
 * when done.
 *
 * ```ts
 * const producer = new Producer({ producerGroup: 'ExampleProducerGroup', namesrvAddr: '127.0.0.1:9876' });
 * await producer.start();
 * const result = await producer.send(new Message('TopicTest', 'Hello', { tags: 'TagA' }));
 * await producer.shutdown();
 * ```
 *
 * Defaults are Java's (`sendMsgTimeout` 3 s, 2 retries of a synchronous send, bodies from 4 KiB
 * compressed, 4 MiB largest message) except `sendLatencyFaultEnable`, on here: a broker that failed
 * is avoided for a while. Ordered messages pass a `selector` (see {@link selectMessageQueueByHash}),
 * transactions use {@link TransactionProducer}, delayed ones set {@link Message.delayTimeLevel}.
 */
export class Producer implements ProducerInner {
  readonly config: ClientConfig;
  readonly settings: ResolvedProducerSettings;
  /** @internal */
  readonly faultStrategy: MQFaultStrategy;
  private readonly topicPublishInfoTable = new Map<string, TopicPublishInfo>();
  private state: ServiceState = 'CREATE_JUST';
  private clientInstance: ClientInstance | undefined;
  private readonly sendMessageHooks: SendMessageHook[] = [];
  protected readonly endTransactionHooks: EndTransactionHook[] = [];
  /** Sends this producer's traces, when enableMsgTrace is on. */
  readonly traceDispatcher: AsyncTraceDispatcher | undefined;

  /**
   * @param options the settings, or just the producer group's name.
   * @param attachTo an existing client instance to share (internal: the consumers' inner producer).
   */
  constructor(options: ProducerOptions | string, private readonly attachTo?: ClientInstance) {
    const opts: ProducerOptions = typeof options === 'string' ? { producerGroup: options } : options;
    this.config = attachTo ? attachTo.config : new ClientConfig(opts);
    this.settings = resolveProducerSettings(opts);
    this.faultStrategy = new MQFaultStrategy(this.settings.sendLatencyFaultEnable);
    if (opts.enableMsgTrace && !attachTo) {
      const d = new AsyncTraceDispatcher(this.groupName, 'PRODUCE', opts.customizedTraceTopic, this.config, (o) => new Producer(o));
      this.traceDispatcher = d;
      this.registerSendMessageHook(new SendMessageTraceHook(d));
      this.registerEndTransactionHook(new EndTransactionTraceHook(d, () => this.instance.clientId));
    }
  }

  registerSendMessageHook(hook: SendMessageHook): void {
    this.sendMessageHooks.push(hook);
    log.info('register sendMessage hook', { hook: hook.hookName });
  }

  registerEndTransactionHook(hook: EndTransactionHook): void {
    this.endTransactionHooks.push(hook);
    log.info('register endTransaction hook', { hook: hook.hookName });
  }

  /** The producer group (with the namespace once started, as the broker knows it). */
  get groupName(): string {
    return this.settings.producerGroup;
  }

  /** The shared client instance (after start). */
  get instance(): ClientInstance {
    if (!this.clientInstance) throw serviceStateError('producer', this.state);
    return this.clientInstance;
  }

  get serviceState(): ServiceState {
    return this.state;
  }

  /**
   * Joins the client instance of this process and name servers (one per client id, shared with other
   * producers and consumers), registers the group, and starts route refreshes and heartbeats. Fails
   * when the group is already started in this client instance or is DEFAULT_PRODUCER.
   */
  async start(): Promise<void> {
    if (this.state !== 'CREATE_JUST') throw new MQClientError(-1, `The producer service state not OK, maybe started once, ${this.state}`);
    this.state = 'START_FAILED';
    // DefaultMQProducer.start; the consumers' inner producer (started without it in Java) keeps its name.
    if (this.groupName !== MixAll.CLIENT_INNER_PRODUCER_GROUP) this.settings.producerGroup = this.config.withNamespace(this.groupName);
    checkGroup(this.groupName);
    if (this.groupName === MixAll.DEFAULT_PRODUCER_GROUP) {
      throw new MQClientError(-1, 'producerGroup can not equal DEFAULT_PRODUCER, please specify another one.');
    }
    if (this.groupName !== MixAll.CLIENT_INNER_PRODUCER_GROUP) this.config.changeInstanceNameToPID();
    const instance = this.attachTo ?? getOrCreateClientInstance(this.config);
    if (!instance.registerProducer(this)) {
      this.state = 'CREATE_JUST';
      throw new MQClientError(-1, `The producer group[${this.groupName}] has been created before, specify another name please.`);
    }
    this.clientInstance = instance;
    this.topicPublishInfoTable.set(this.settings.createTopicKey, new TopicPublishInfo());
    instance.start();
    this.state = 'RUNNING';
    void instance.sendHeartbeatToAllBrokerWithLock();
    // As in Java, a trace producer that cannot start leaves the traced producer running.
    await this.traceDispatcher?.start().catch((err: unknown) => log.warn('trace dispatcher start failed', { err }));
  }

  /** Unregisters from every broker and stops the client instance when nobody else uses it; traces gathered so far are sent first. */
  async shutdown(): Promise<void> {
    if (this.state !== 'RUNNING') return;
    this.state = 'SHUTDOWN_ALREADY';
    const instance = this.clientInstance!;
    await instance.unregisterProducer(this.groupName);
    if (!this.attachTo) await instance.shutdown();
    await this.traceDispatcher?.shutdown();
  }

  // ---- ProducerInner ----

  /** @internal */
  publishTopics(): Iterable<string> {
    return this.topicPublishInfoTable.keys();
  }

  /** @internal */
  isPublishTopicNeedUpdate(topic: string): boolean {
    const info = this.topicPublishInfoTable.get(topic);
    return !info || !info.ok();
  }

  /** @internal */
  updateTopicPublishInfo(topic: string, info: TopicPublishInfo): void {
    this.topicPublishInfoTable.set(topic, info);
  }

  // ---- sending ----

  /**
   * Sends and resolves once the broker stored the message (Java's synchronous `send`). A list of
   * messages of one topic is sent as one batch. Without `mq` or `selector` the queue is picked
   * round-robin, and a failed attempt is retried (`retryTimesWhenSendFailed`, 2) on another broker;
   * with them (ordered sends) it is not. The result's `sendStatus` is SEND_OK, or a flush or slave
   * problem of a message that was stored all the same; a refusal rejects with an `MQBrokerError`
   * carrying the broker's response code.
   */
  send(msg: Message | readonly Message[], opts: SendOptions = {}): Promise<SendResult> {
    if (this.config.namespace !== undefined) {
      return this.sendSync(this.inNamespace(msg), this.optionsInNamespace(opts, msg)).then((r) => this.resultWithoutNamespace(r));
    }
    return this.sendSync(msg, opts);
  }

  private sendSync(msg: Message | readonly Message[], opts: SendOptions): Promise<SendResult> {
    if (opts.mq === undefined && opts.selector === undefined && !Array.isArray(msg) && this.sendMessageHooks.length === 0) {
      const fast = this.sendFast(msg as Message, opts.timeout ?? this.settings.sendMsgTimeout);
      if (fast !== undefined) return fast;
    }
    return this.dispatch(msg, 'SYNC', opts) as Promise<SendResult>;
  }

  // ---- namespace: what goes to the broker carries it, what comes back to the user does not ----

  /** Single messages also get INSTANCE_ID, as Java's sendKernelImpl sets it (on the caller's properties). */
  private inNamespace<T extends Message | readonly Message[]>(msg: T): T {
    const ns = this.config.namespace;
    if (ns === undefined) return msg;
    if (Array.isArray(msg)) return (msg as readonly Message[]).map((m) => messageInNamespace(ns, m)) as unknown as T;
    const view = messageInNamespace(ns, msg as Message);
    view.putProperty(MessageConst.PROPERTY_INSTANCE_ID, ns);
    return view as T;
  }

  /** The queue given, or the one a selector picks from the user's queues for the user's message, named as the broker names it. */
  private optionsInNamespace<O extends SendOptions>(opts: O, userMsg: Message | readonly Message[]): O {
    const ns = this.config.namespace;
    if (ns === undefined || (opts.mq === undefined && opts.selector === undefined)) return opts;
    const out: O = { ...opts };
    if (opts.mq) out.mq = queueWithNamespace(ns, opts.mq);
    const selector = opts.selector;
    if (selector) {
      const first = Array.isArray(userMsg) ? (userMsg as readonly Message[])[0]! : (userMsg as Message);
      out.selector = (mqs, _msg, arg) => {
        const picked = selector(mqs.map((mq) => queueWithoutNamespace(ns, mq)), first, arg);
        return picked && queueWithNamespace(ns, picked);
      };
    }
    return out;
  }

  private resultWithoutNamespace<R extends SendResult | undefined>(r: R): R {
    if (r !== undefined && this.config.namespace !== undefined) r.messageQueue = this.config.queueWithoutNamespace(r.messageQueue);
    return r;
  }

  /**
   * The first attempt of a synchronous send when the topic's route and broker are known: the same
   * steps as sendDefault, without its async layers. A failure continues in sendDefault's loop.
   * Undefined when the fast path does not apply.
   */
  private sendFast(msg: Message, timeout: number): Promise<SendResult> | undefined {
    if (this.state !== 'RUNNING' || this.config.vipChannelEnabled) return undefined;
    const info = this.topicPublishInfoTable.get(msg.topic);
    if (info === undefined || !info.ok()) return undefined;
    const mq = this.faultStrategy.selectOneMessageQueue(info, undefined);
    const addr = this.instance.findBrokerAddressInPublish(mq.brokerName);
    if (addr === undefined) return undefined;
    const begin = Date.now();
    let enc: EncodedSend;
    try {
      checkMessage(msg, this.settings.maxMessageSize);
      enc = encodeSend(msg, mq, this.settings, this.config.unitMode);
    } catch (err) {
      return Promise.reject(err);
    }
    const api = this.instance.api;
    return api.sendMessage(addr, mq.brokerName, api.sendRequest(enc.header, enc.body), msg.topic, enc.uniqMsgId, timeout).then(
      (result) => {
        this.faultStrategy.updateFaultItem(mq.brokerName, Date.now() - begin, false);
        if (result.sendStatus === SendStatus.SEND_OK || !this.settings.retryAnotherBrokerWhenNotStoreOK) return result;
        return this.sendDefault(msg, undefined, 'SYNC', timeout, begin, { times: 1, brokersSent: [mq.brokerName], mq, result }) as Promise<
          SendResult
        >;
      },
      (err: unknown) => {
        this.faultStrategy.updateFaultItem(mq.brokerName, Date.now() - begin, true);
        if (!this.retriableSendError(err)) throw err;
        return this.sendDefault(msg, undefined, 'SYNC', timeout, begin, {
          times: 1,
          brokersSent: [mq.brokerName],
          mq,
          lastErr: err,
        }) as Promise<SendResult>;
      },
    );
  }

  /** Whether a synchronous send tries again after `err` (DefaultMQProducerImpl.sendDefaultImpl's catch blocks). */
  private retriableSendError(err: unknown): boolean {
    if (err instanceof MQBrokerError) return this.settings.retryResponseCodes.has(err.responseCode);
    return err instanceof MQError;
  }

  /**
   * Sends without retrying on broker errors; a network failure or timeout is retried
   * (retryTimesWhenSendAsyncFailed). The optional callback gets the outcome as in Java.
   */
  async sendAsync(msg: Message | readonly Message[], opts: SendOptions & { callback?: SendCallback } = {}): Promise<SendResult> {
    try {
      const r = this.resultWithoutNamespace(
        (await this.dispatch(this.inNamespace(msg), 'ASYNC', this.optionsInNamespace(opts, msg))) as SendResult,
      );
      opts.callback?.onSuccess(r);
      return r;
    } catch (err) {
      if (opts.callback) {
        opts.callback.onException(err as Error);
      }
      throw err;
    }
  }

  /** Writes the message and returns; nobody learns whether it was stored. */
  async sendOneway(msg: Message, opts: Omit<SendOptions, 'timeout'> = {}): Promise<void> {
    await this.dispatch(this.inNamespace(msg), 'ONEWAY', this.optionsInNamespace(opts, msg));
  }

  private async dispatch(msg: Message | readonly Message[], mode: Mode, opts: SendOptions): Promise<SendResult | undefined> {
    this.makeSureStateOK();
    const timeout = opts.timeout ?? this.settings.sendMsgTimeout;
    const batch = Array.isArray(msg) ? (msg as readonly Message[]) : undefined;
    const single = batch ? batch[0]! : (msg as Message);
    if (batch) {
      checkBatch(batch);
      for (const m of batch) checkMessage(m, this.settings.maxMessageSize);
    } else {
      checkMessage(single, this.settings.maxMessageSize);
    }
    const begin = Date.now();
    if (opts.mq) {
      if (opts.mq.topic !== single.topic) throw new MQClientError(-1, "message's topic not equal mq's topic");
      return this.sendKernel(single, batch, opts.mq, mode, undefined, timeout);
    }
    if (opts.selector) {
      const info = await this.tryToFindTopicPublishInfo(single.topic);
      if (!info.ok()) throw this.noRoute(single.topic);
      let mq: MessageQueue | undefined;
      try {
        mq = opts.selector(info.messageQueueList, single, opts.arg);
      } catch (err) {
        throw new MQClientError(-1, 'select message queue threw exception.', { cause: err });
      }
      if (!mq) throw new MQClientError(-1, 'select message queue return null.');
      const cost = Date.now() - begin;
      if (timeout < cost) throw new MQClientError(ClientErrorCode.REQUEST_TIMEOUT_EXCEPTION, 'sendSelectImpl call timeout');
      return this.sendKernel(single, batch, mq, mode, undefined, timeout - cost);
    }
    return this.sendDefault(single, batch, mode, timeout, begin);
  }

  private makeSureStateOK(): void {
    if (this.state !== 'RUNNING') throw serviceStateError('producer', this.state);
  }

  private noRoute(topic: string): Error {
    const addrs = this.instance.invoker.nameServerAddressList;
    if (addrs.length === 0) return noNameServerError();
    return noRouteError(topic, addrs);
  }

  /**
   * DefaultMQProducerImpl.tryToFindTopicPublishInfo: the topic's route, else the auto-create key's.
   * @internal
   */
  async tryToFindTopicPublishInfo(topic: string): Promise<TopicPublishInfo> {
    let info = this.topicPublishInfoTable.get(topic);
    if (!info || !info.ok()) {
      if (!info) this.topicPublishInfoTable.set(topic, new TopicPublishInfo());
      await this.instance.updateTopicRouteInfoFromNameServer(topic);
      info = this.topicPublishInfoTable.get(topic)!;
    }
    if (info.haveTopicRouterInfo || info.ok()) return info;
    await this.instance.updateTopicRouteInfoFromNameServer(topic, this.settings);
    return this.topicPublishInfoTable.get(topic)!;
  }

  private async sendDefault(
    msg: Message,
    batch: readonly Message[] | undefined,
    mode: Mode,
    timeout: number,
    beginFirst: number,
    a: SendAttempts = { times: 0, brokersSent: [] },
  ): Promise<SendResult | undefined> {
    const ready = this.topicPublishInfoTable.get(msg.topic);
    const info = ready !== undefined && ready.ok() ? ready : await this.tryToFindTopicPublishInfo(msg.topic);
    if (!info.ok()) throw this.noRoute(msg.topic);
    const timesTotal = mode === 'SYNC' ? 1 + this.settings.retryTimesWhenSendFailed : 1;
    for (; a.times < timesTotal; a.times++) {
      const mq = this.faultStrategy.selectOneMessageQueue(info, a.mq?.brokerName);
      a.mq = mq;
      a.brokersSent.push(mq.brokerName);
      const beginPrev = Date.now();
      const cost = beginPrev - beginFirst;
      if (timeout < cost) {
        throw new MQClientError(ClientErrorCode.REQUEST_TIMEOUT_EXCEPTION, `sendDefaultImpl call timeout, cost ${cost}ms`, {
          cause: a.lastErr,
        });
      }
      try {
        a.result = await this.sendKernel(msg, batch, mq, mode, info, timeout - cost);
        this.faultStrategy.updateFaultItem(mq.brokerName, Date.now() - beginPrev, false);
        if (mode !== 'SYNC') return a.result;
        if (a.result!.sendStatus !== SendStatus.SEND_OK && this.settings.retryAnotherBrokerWhenNotStoreOK) continue;
        return a.result;
      } catch (err) {
        this.faultStrategy.updateFaultItem(mq.brokerName, Date.now() - beginPrev, true);
        a.lastErr = err;
        if (this.retriableSendError(err)) continue;
        if (a.result && err instanceof MQBrokerError) return a.result;
        throw err;
      }
    }
    if (a.result) return a.result;
    const lastErr = a.lastErr;
    const cause = lastErr instanceof Error ? `: ${lastErr.message}` : '';
    const text = `Send [${a.times}] times, still failed, cost [${Date.now() - beginFirst}]ms, Topic: ${msg.topic}, BrokersSent: [${
      a.brokersSent.join(', ')
    }]${cause}`;
    const code = lastErr instanceof MQBrokerError
      ? lastErr.responseCode
      : lastErr instanceof RemotingConnectError
      ? ClientErrorCode.CONNECT_BROKER_EXCEPTION
      : lastErr instanceof RemotingTimeoutError
      ? ClientErrorCode.ACCESS_BROKER_TIMEOUT
      : ClientErrorCode.BROKER_NOT_EXIST_EXCEPTION;
    throw new MQClientError(code, text, { cause: lastErr });
  }

  private async brokerAddrFor(mq: MessageQueue): Promise<string> {
    let addr = this.instance.findBrokerAddressInPublish(mq.brokerName);
    if (addr === undefined) {
      await this.tryToFindTopicPublishInfo(mq.topic);
      addr = this.instance.findBrokerAddressInPublish(mq.brokerName);
    }
    if (addr === undefined) throw brokerNotExistError(mq.brokerName);
    return brokerVIPChannel(this.config.vipChannelEnabled, addr);
  }

  private encode(msg: Message, batch: readonly Message[] | undefined, mq: MessageQueue): EncodedSend {
    return batch
      ? encodeBatchSend(batch, mq, this.settings, this.config.unitMode)
      : encodeSend(msg, mq, this.settings, this.config.unitMode);
  }

  /** One attempt on one queue, between the send hooks when there are any. */
  private async sendKernel(
    msg: Message,
    batch: readonly Message[] | undefined,
    mq: MessageQueue,
    mode: Mode,
    info: TopicPublishInfo | undefined,
    timeout: number,
  ): Promise<SendResult | undefined> {
    const master = this.instance.findBrokerAddressInPublish(mq.brokerName);
    const addr = master !== undefined && !this.config.vipChannelEnabled ? master : await this.brokerAddrFor(mq);
    const enc = this.encode(msg, batch, mq);
    if (this.sendMessageHooks.length === 0) return this.transmit(msg, enc, mq, addr, mode, info, timeout);
    const ctx: SendMessageContext = {
      producerGroup: this.groupName,
      // Java hooks see a batch as its MessageBatch: the topic, no tags or keys, the encoded body.
      message: batch ? new Message(msg.topic, enc.body) : msg,
      bodyLength: enc.body.length,
      mq,
      brokerAddr: addr,
      bornHost: this.config.clientIP,
      communicationMode: mode,
      msgType: batch ? MessageType.Normal_Msg : messageTypeOf(msg),
    };
    executeSendMessageHookBefore(this.sendMessageHooks, ctx);
    try {
      ctx.sendResult = await this.transmit(msg, enc, mq, addr, mode, info, timeout);
      return ctx.sendResult;
    } catch (err) {
      ctx.exception = err;
      throw err;
    } finally {
      executeSendMessageHookAfter(this.sendMessageHooks, ctx);
    }
  }

  /** Sends an encoded attempt; an asynchronous send retries network failures here (MQClientAPIImpl.onExceptionImpl). */
  private async transmit(
    msg: Message,
    enc: EncodedSend,
    mq: MessageQueue,
    addr: string,
    mode: Mode,
    info: TopicPublishInfo | undefined,
    timeout: number,
  ): Promise<SendResult | undefined> {
    const api = this.instance.api;
    const request = api.sendRequest(enc.header, enc.body);
    if (mode === 'ONEWAY') {
      await api.sendMessageOneway(addr, request);
      return undefined;
    }
    if (mode === 'SYNC') return api.sendMessage(addr, mq.brokerName, request, enc.header.topic, enc.uniqMsgId, timeout);
    const begin = Date.now();
    let target = mq;
    let targetAddr = addr;
    for (let attempt = 0;; attempt++) {
      const attemptBegin = Date.now();
      try {
        const r = await api.sendMessage(
          targetAddr,
          target.brokerName,
          attempt === 0 ? request : api.sendRequest({ ...enc.header, queueId: target.queueId, bname: target.brokerName }, enc.body),
          enc.header.topic,
          enc.uniqMsgId,
          Math.max(1, timeout - (attemptBegin - begin)),
        );
        this.faultStrategy.updateFaultItem(target.brokerName, Date.now() - attemptBegin, false);
        return r;
      } catch (err) {
        this.faultStrategy.updateFaultItem(target.brokerName, Date.now() - attemptBegin, true);
        const network = err instanceof MQError && !(err instanceof MQBrokerError);
        if (!network || attempt >= this.settings.retryTimesWhenSendAsyncFailed || Date.now() - begin >= timeout) throw err;
        log.warn('async send retried', { topic: msg.topic, broker: target.brokerName, attempt: attempt + 1, err });
        if (info) target = this.faultStrategy.selectOneMessageQueue(info, target.brokerName);
        targetAddr = await this.brokerAddrFor(target);
      }
    }
  }

  // ---- requests ----

  /**
   * Sends `msg` as a request and waits for the reply (DefaultMQProducer.request): RequestTimeoutError
   * when none came within `timeoutMs`. With a callback instead, resolves once the request is on its
   * way and hands the reply, or the failure, to the callback.
   */
  request(msg: Message, timeoutMs: number, opts?: Omit<SendOptions, 'timeout'>): Promise<MessageExt>;
  request(msg: Message, callback: RequestCallback, timeoutMs: number, opts?: Omit<SendOptions, 'timeout'>): Promise<void>;
  request(
    msg: Message,
    a: number | RequestCallback,
    b?: number | Omit<SendOptions, 'timeout'>,
    c?: Omit<SendOptions, 'timeout'>,
  ): Promise<MessageExt | void> {
    this.makeSureStateOK();
    // As Java's request: the route looked up and heartbeated for is the topic in the namespace.
    const m = this.inNamespace(msg);
    if (typeof a === 'number') return request(this, m, a, (b ?? {}) as Omit<SendOptions, 'timeout'>);
    return requestWithCallback(this, m, a, b as number, c ?? {});
  }

  // ---- lookups ----

  /** The writable queues of a topic. */
  async fetchPublishMessageQueues(topic: string): Promise<MessageQueue[]> {
    this.makeSureStateOK();
    return this.instance.admin.fetchPublishMessageQueues(this.config.withNamespace(topic));
  }

  /** Creates `newTopic` on every master serving `key` (MQAdmin.createTopic). */
  async createTopic(key: string, newTopic: string, queueNum: number, topicSysFlag = 0): Promise<void> {
    this.makeSureStateOK();
    await this.instance.admin.createTopic(key, this.config.withNamespace(newTopic), queueNum, { topicSysFlag });
  }

  /** A stored message by its offset message id. */
  viewMessage(offsetMsgId: string): Promise<MessageExt> {
    this.makeSureStateOK();
    return this.instance.admin.viewMessage(offsetMsgId);
  }
}
