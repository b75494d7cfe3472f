// The lite pull consumer's pulling (DefaultLitePullConsumerImpl.PullTaskImpl and its
// consumeRequestCache): each held queue has one task that long-polls the broker and appends what
// it finds to one cache that poll() takes from. A task waits 1 s while its queue is paused, 50 ms
// while the cache or the queue is full (pullThresholdForAll, pullThresholdForQueue,
// pullThresholdSizeForQueue, consumeMaxSpan), 20 ms after a FLOW_CONTROL answer and
// pullTimeDelayMillsWhenException after another failure. A cancelled task (queue lost, seek,
// shutdown) drops whatever its pull still brings back.

import { getLogger } from '../../common/logger.js';
import { MQBrokerError } from '../../remoting/errors.js';
import { type MessageQueue, MessageQueueMap, mqEquals } from '../../remoting/protocol/message-queue.js';
import type { SubscriptionData } from '../../remoting/protocol/subscription.js';
import { ResponseCode } from '../../remoting/response-code.js';
import type { MessageExt } from '../message/message-ext.js';
import type { AssignedQueues } from './assigned-queues.js';
import type { ResolvedLitePullSettings } from './lite-pull-config.js';
import type { ProcessQueue } from './process-queue.js';
import { type PullResult, PullStatus } from './pull-result.js';

const log = getLogger('client');

const PULL_TIME_DELAY_MILLS_WHEN_PAUSE = 1000;
const PULL_TIME_DELAY_MILLS_WHEN_CACHE_FLOW_CONTROL = 50;
const PULL_TIME_DELAY_MILLS_WHEN_BROKER_FLOW_CONTROL = 20;
/** Delay after failing to find where to pull from (PULL_TIME_DELAY_MILLS_ON_EXCEPTION). */
const PULL_TIME_DELAY_MILLS_ON_EXCEPTION = 3000;

/** One pulled batch, waiting for poll(). */
export interface ConsumeRequest {
  msgs: MessageExt[];
  mq: MessageQueue;
  pq: ProcessQueue;
}

/** The pulled batches in arrival order, and the poll() calls waiting for one. */
export class ConsumeRequestCache {
  private requests: ConsumeRequest[] = [];
  private readonly waiters = new Set<() => void>();

  get size(): number {
    return this.requests.length;
  }

  put(req: ConsumeRequest): void {
    this.requests.push(req);
    this.wake();
  }

  /** The oldest batch of a queue not paused; batches of dropped queues are thrown away on the way. */
  take(paused: (mq: MessageQueue) => boolean): ConsumeRequest | undefined {
    for (let i = 0; i < this.requests.length;) {
      const r = this.requests[i]!;
      if (r.pq.dropped) {
        this.requests.splice(i, 1);
        continue;
      }
      if (!paused(r.mq)) {
        this.requests.splice(i, 1);
        return r;
      }
      i++;
    }
    return undefined;
  }

  /** Throws away the batches of one queue (seek). */
  removeQueue(mq: MessageQueue): void {
    this.requests = this.requests.filter((r) => !mqEquals(r.mq, mq));
  }

  /** Resolves when a batch arrives, wake() is called, or after `timeoutMs`. */
  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }

  wake(): void {
    for (const w of [...this.waiters]) w();
  }

  clear(): void {
    this.requests = [];
  }
}

/** What a pull task needs from its consumer. */
export interface LitePullTaskHost {
  readonly settings: ResolvedLitePullSettings;
  readonly assigned: AssignedQueues;
  readonly cache: ConsumeRequestCache;
  readonly running: boolean;
  /** pullTimeDelayMillsWhenException of the client config. */
  readonly pullTimeDelayMillsWhenException: number;
  /** The subscription to pull `mq` with; undefined when its topic is no longer subscribed. */
  subscriptionFor(mq: MessageQueue): SubscriptionData | undefined;
  /** Where to pull next: a pending seek, else the last pull's next offset, else where the group starts. */
  nextPullOffset(mq: MessageQueue): Promise<number>;
  pull(mq: MessageQueue, subscription: SubscriptionData, offset: number): Promise<PullResult>;
}

export class LitePullTask {
  private cancelled = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly mq: MessageQueue, private readonly host: LitePullTaskHost) {}

  get isCancelled(): boolean {
    return this.cancelled;
  }

  cancel(): void {
    this.cancelled = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  schedule(delayMs: number): void {
    if (this.cancelled || !this.host.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run().catch((err) => {
        log.error('lite pull task failed', { topic: this.mq.topic, queueId: this.mq.queueId, err });
        this.schedule(PULL_TIME_DELAY_MILLS_ON_EXCEPTION);
      });
    }, delayMs);
  }

  private async run(): Promise<void> {
    if (this.cancelled || !this.host.running) return;
    const { assigned, cache, settings: s } = this.host;
    const mq = this.mq;
    if (assigned.isPaused(mq)) return this.schedule(PULL_TIME_DELAY_MILLS_WHEN_PAUSE);
    const pq = assigned.processQueue(mq);
    if (!pq || pq.dropped) {
      log.debug('the queue is no longer pulled: it was dropped', { topic: mq.topic, queueId: mq.queueId });
      return;
    }
    pq.lastPullTimestamp = Date.now();
    if (cache.size * s.pullBatchSize > s.pullThresholdForAll) return this.flowControl('the pulled batches waiting for poll()', cache.size);
    if (pq.msgCount > s.pullThresholdForQueue) return this.flowControl('the cached message count', pq.msgCount);
    if (pq.msgSize / (1024 * 1024) > s.pullThresholdSizeForQueue) return this.flowControl('the cached message size', pq.msgSize);
    if (pq.maxSpan > s.consumeMaxSpan) return this.flowControl('the cached offset span', pq.maxSpan);
    let offset: number;
    try {
      offset = await this.host.nextPullOffset(mq);
    } catch (err) {
      if (this.cancelled || !this.host.running) return;
      log.error('failed to get the next pull offset', { topic: mq.topic, queueId: mq.queueId, err });
      return this.schedule(PULL_TIME_DELAY_MILLS_ON_EXCEPTION);
    }
    if (this.cancelled || pq.dropped) return;
    let delay = 0;
    try {
      const sd = this.host.subscriptionFor(mq);
      if (!sd) throw new Error(`no subscription of topic ${mq.topic}`);
      const result = await this.host.pull(mq, sd, offset);
      if (this.cancelled || pq.dropped) return;
      if (result.pullStatus === PullStatus.FOUND) {
        const msgs = result.msgFoundList;
        if (msgs.length > 0 && assigned.seekOffset(mq) === -1) {
          pq.putMessage(msgs);
          cache.put({ msgs, mq, pq });
        }
      } else if (result.pullStatus === PullStatus.OFFSET_ILLEGAL) {
        log.warn('the pull request offset illegal', { topic: mq.topic, queueId: mq.queueId, offset, next: result.nextBeginOffset });
      }
      if (assigned.seekOffset(mq) === -1) assigned.updatePullOffset(mq, result.nextBeginOffset, pq);
    } catch (err) {
      if (this.cancelled || !this.host.running) return;
      const flow = err instanceof MQBrokerError && err.responseCode === ResponseCode.FLOW_CONTROL;
      delay = flow ? PULL_TIME_DELAY_MILLS_WHEN_BROKER_FLOW_CONTROL : this.host.pullTimeDelayMillsWhenException;
      log.warn('pull failed', { topic: mq.topic, queueId: mq.queueId, offset, err });
    }
    this.schedule(delay);
  }

  private flowControl(why: string, value: number): void {
    log.debug('flow control', { why, value, topic: this.mq.topic, queueId: this.mq.queueId });
    this.schedule(PULL_TIME_DELAY_MILLS_WHEN_CACHE_FLOW_CONTROL);
  }
}

/** The pull tasks of the queues held, one per queue. */
export class PullTaskTable {
  private readonly tasks = new MessageQueueMap<LitePullTask>();

  constructor(private readonly host: LitePullTaskHost) {}

  /** Starts a task for each queue that has none. */
  start(mqs: readonly MessageQueue[]): void {
    for (const mq of mqs) {
      if (this.tasks.has(mq)) continue;
      const task = new LitePullTask(mq, this.host);
      this.tasks.set(mq, task);
      task.schedule(0);
    }
  }

  /** Of the queues `inScope`, only `mqs` keep (or get) a task. */
  retain(mqs: readonly MessageQueue[], inScope: (mq: MessageQueue) => boolean = () => true): void {
    const wanted = new MessageQueueMap<true>(mqs.map((mq) => [mq, true] as const));
    this.cancelWhere((mq) => inScope(mq) && !wanted.has(mq));
    this.start(mqs);
  }

  /** A new task for `mq`, whatever the old one still waits for (seek). */
  restart(mq: MessageQueue): void {
    this.cancelWhere((q) => mqEquals(q, mq));
    this.start([mq]);
  }

  cancelWhere(which: (mq: MessageQueue) => boolean): void {
    for (const [mq, task] of [...this.tasks]) {
      if (!which(mq)) continue;
      task.cancel();
      this.tasks.delete(mq);
    }
  }
}
