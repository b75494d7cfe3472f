// Sends trace records in batches (Java's AsyncTraceDispatcher). Each traced producer or consumer
// has one: events are encoded as they are appended and gathered into one batch, which goes out as
// one message on the trace topic when it reaches maxMsgSize - 10,000 characters (128,000 - 10,000)
// or 500 ms after its first event. The message's KEYS are the traced msgIds and keys, so the
// broker's index finds a message's traces by its id. It is sent by an inner producer (group
// `_INNER_TRACE_PRODUCER-<group>-<PRODUCE|CONSUME>-<n>`, its own client instance per name-server
// list, 5 s timeout, no VIP channel), asynchronously, to the brokers whose route has the trace
// topic (those with traceTopicEnable), or through the producer's default topic when none has it.
// Failures are logged and dropped; tracing never fails or slows the traced sends beyond encoding.

import { getLogger } from '../../common/logger.js';
import { SystemTopic } from '../../common/message/message-const.js';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import type { ClientConfig } from '../client-config.js';
import { Message } from '../message/message.js';
import type { ProducerOptions } from '../producer/producer-config.js';
import type { SendResult } from '../producer/send-result.js';
import type { MessageQueueSelector } from '../producer/selectors.js';
import type { TopicPublishInfo } from '../route/topic-publish-info.js';
import { TraceConstants, type TraceContext } from './trace-context.js';
import { encodeTraceContext, type TraceTransferBean } from './trace-data-encoder.js';

const log = getLogger('client');

/** Largest trace message (the inner producer's maxMessageSize). */
const MAX_MSG_SIZE = 128_000;
/** A batch is sent once this long after its first event. */
const WAIT_TIME_THRESHOLD_MS = 500;
/** Batches on their way at once before new events are dropped (Java's appender queue). */
const QUEUE_SIZE = 2048;
const SEND_TIMEOUT_MS = 5000;

export type TraceDispatcherType = 'PRODUCE' | 'CONSUME';

/** What the dispatcher needs of its inner producer. */
export interface TraceProducer {
  start(): Promise<void>;
  shutdown(): Promise<void>;
  tryToFindTopicPublishInfo(topic: string): Promise<TopicPublishInfo>;
  sendAsync(msg: Message, opts: { selector?: MessageQueueSelector; arg?: unknown; timeout?: number }): Promise<SendResult>;
}

/** Makes the inner producer; passed in so this module needs no producer at load time. */
export type TraceProducerFactory = (options: ProducerOptions) => TraceProducer;

let groupCounter = 0;

export class AsyncTraceDispatcher {
  readonly traceTopicName: string;
  readonly traceProducer: TraceProducer;
  private batch: TraceTransferBean[] = [];
  private batchSize = 0;
  private batchTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private discardCount = 0;
  private sendWhichQueue = Math.floor(Math.random() * 1024);
  private started = false;
  private stopped = false;

  /**
   * `group` is the traced producer's or consumer's; `host` its client settings, whose name servers
   * and RPC hook the inner producer uses. An empty `traceTopicName` means RMQ_SYS_TRACE_TOPIC.
   */
  constructor(
    group: string,
    type: TraceDispatcherType,
    traceTopicName: string | undefined,
    host: ClientConfig,
    factory: TraceProducerFactory,
  ) {
    this.traceTopicName = traceTopicName && traceTopicName.trim() ? traceTopicName : SystemTopic.TRACE;
    const namesrv = host.namesrvAddrs.join(';');
    const opts: ProducerOptions = {
      producerGroup: `${TraceConstants.GROUP_NAME_PREFIX}-${group}-${type}-${++groupCounter}`,
      namesrvAddr: host.namesrvAddrs,
      instanceName: `${TraceConstants.TRACE_INSTANCE_NAME}_${namesrv}`,
      sendMsgTimeout: SEND_TIMEOUT_MS,
      vipChannelEnabled: false,
      maxMessageSize: MAX_MSG_SIZE,
    };
    if (host.rpcHook) opts.rpcHook = host.rpcHook;
    this.traceProducer = factory(opts);
  }

  /** Starts the inner producer (once). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.traceProducer.start();
  }

  /** Adds one event to the batch; false (and one log line) when it was dropped. */
  append(ctx: TraceContext): boolean {
    if (this.stopped || ctx.traceBeans.length === 0) return false;
    if (this.inflight.size >= QUEUE_SIZE) {
      this.discardCount++;
      log.info(`buffer full${this.discardCount} ,context is ${ctx.traceType}_${ctx.groupName}`);
      return false;
    }
    const bean = encodeTraceContext(ctx);
    this.batch.push(bean);
    this.batchSize += bean.transData.length;
    if (this.batchSize >= MAX_MSG_SIZE - 10_000) {
      this.sendBatch();
    } else if (this.batchTimer === undefined) {
      this.batchTimer = setTimeout(() => this.sendBatch(), WAIT_TIME_THRESHOLD_MS);
      this.batchTimer.unref?.();
    }
    return true;
  }

  /** Sends what is gathered now and waits until every trace message on its way has been answered. */
  async flush(): Promise<void> {
    this.sendBatch();
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** Flushes, then stops the inner producer; later events are dropped. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    await this.flush();
    this.stopped = true;
    if (this.started) await this.traceProducer.shutdown();
  }

  private sendBatch(): void {
    if (this.batchTimer !== undefined) clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (this.batch.length === 0) return;
    const beans = this.batch;
    this.batch = [];
    this.batchSize = 0;
    const keys = new Set<string>();
    let data = '';
    for (const b of beans) {
      for (const k of b.transKey) keys.add(k);
      data += b.transData;
    }
    const p: Promise<void> = this.sendTraceData(data, [...keys]).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  private async sendTraceData(data: string, keys: string[]): Promise<void> {
    const topic = this.traceTopicName;
    const msg = new Message(topic, data);
    msg.keys = keys;
    try {
      const brokers = await this.traceBrokers(topic);
      if (brokers.size === 0) {
        await this.traceProducer.sendAsync(msg, { timeout: SEND_TIMEOUT_MS });
      } else {
        await this.traceProducer.sendAsync(msg, { selector: (mqs) => this.pickQueue(mqs, brokers), timeout: SEND_TIMEOUT_MS });
      }
    } catch (err) {
      log.error('send trace data failed', { topic, bytes: data.length, traceData: data.slice(0, 200), err });
    }
  }

  /** The brokers that serve the trace topic (tryGetMessageQueueBrokerSet); empty when it has no route. */
  private async traceBrokers(topic: string): Promise<Set<string>> {
    const info = await this.traceProducer.tryToFindTopicPublishInfo(topic);
    const out = new Set<string>();
    if (info.haveTopicRouterInfo || info.ok()) { for (const q of info.messageQueueList) out.add(q.brokerName); }
    return out;
  }

  /** Round robin over the queues of `brokers`; none left makes the producer refuse the send. */
  private pickQueue(mqs: readonly MessageQueue[], brokers: ReadonlySet<string>): MessageQueue {
    const candidates = mqs.filter((q) => brokers.has(q.brokerName));
    this.sendWhichQueue = (this.sendWhichQueue + 1) & 0x7fffffff;
    return candidates[this.sendWhichQueue % Math.max(1, candidates.length)]!;
  }
}
