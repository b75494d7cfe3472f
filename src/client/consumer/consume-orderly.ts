// ConsumeMessageOrderlyService: one queue's messages go to the listener one batch at a time, in
// offset order. A clustering consumer consumes a queue only while it holds the broker's lock of
// it (renewed every 20 s, trusted for 30 s). SUSPEND_CURRENT_QUEUE_A_MOMENT puts the batch back
// and retries it after suspendCurrentQueueTimeMillis; a message that has failed maxReconsumeTimes
// times (unlimited by default) is sent to the retry topic and skipped.

import { getLogger } from '../../common/logger.js';
import { MessageConst } from '../../common/message/message-const.js';
import { CMResult, type ConsumeMessageDirectlyResult } from '../../remoting/protocol/consume-directly.js';
import { MessageModel } from '../../remoting/protocol/consumer-types.js';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import type { MessageExt } from '../message/message-ext.js';
import type { ConsumeService, ConsumeServiceHost } from './consume-service.js';
import { consumeReturnType, executeConsumeHookAfter, executeConsumeHookBefore, newConsumeMessageContext } from './consume-hooks.js';
import { type ConsumeOrderlyContext, ConsumeOrderlyStatus, type MessageListenerOrderly } from './listener.js';
import { type ProcessQueue, REBALANCE_LOCK_INTERVAL } from './process-queue.js';

const log = getLogger('client');

/** A queue is consumed continuously for at most this long before it yields (MAX_TIME_CONSUME_CONTINUOUSLY). */
const MAX_TIME_CONSUME_CONTINUOUSLY = 60_000;

interface QueueRun {
  running: boolean;
  again: boolean;
}

export class ConsumeOrderly implements ConsumeService {
  private stopped = false;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly runs = new WeakMap<ProcessQueue, QueueRun>();

  constructor(private readonly host: ConsumeServiceHost, private readonly listener: MessageListenerOrderly) {}

  get corePoolSize(): number {
    return this.host.consumeThreadMax;
  }

  private get clustering(): boolean {
    return this.host.messageModel === MessageModel.CLUSTERING;
  }

  start(): void {
    if (!this.clustering) return;
    const first = setTimeout(() => {
      this.timers.delete(first);
      const t = setInterval(() => void this.host.rebalance.lockAll(), REBALANCE_LOCK_INTERVAL);
      t.unref?.();
      this.timers.add(t);
      void this.host.rebalance.lockAll();
    }, 1000);
    first.unref?.();
    this.timers.add(first);
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.clustering) await this.host.rebalance.unlockAll(false);
  }

  submitConsumeRequest(_msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue, dispatchToConsume: boolean): void {
    if (dispatchToConsume) this.dispatch(pq, mq);
  }

  /** Runs the queue, or marks it to run again when a run is already going (Java's per-queue lock). */
  private dispatch(pq: ProcessQueue, mq: MessageQueue): void {
    if (this.stopped) return;
    let r = this.runs.get(pq);
    if (!r) this.runs.set(pq, r = { running: false, again: false });
    if (r.running) {
      r.again = true;
      return;
    }
    r.running = true;
    const loop = async () => {
      do {
        r!.again = false;
        await this.runQueue(pq, mq);
      } while (r!.again && !this.stopped);
    };
    loop().catch((err) => log.error('orderly consume failed', { topic: mq.topic, queueId: mq.queueId, err })).finally(() => {
      r!.running = false;
    });
  }

  private later(pq: ProcessQueue, mq: MessageQueue, delay: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.dispatch(pq, mq);
    }, delay);
    this.timers.add(t);
  }

  /** submitConsumeRequestLater: -1 means the consumer's suspendCurrentQueueTimeMillis; kept within 10 ms..30 s. */
  private suspendLater(pq: ProcessQueue, mq: MessageQueue, suspendTimeMillis: number): void {
    let ms = suspendTimeMillis === -1 ? this.host.suspendCurrentQueueTimeMillis : suspendTimeMillis;
    ms = Math.min(30_000, Math.max(10, ms));
    this.later(pq, mq, ms);
  }

  private tryLockLaterAndReconsume(pq: ProcessQueue, mq: MessageQueue, delay: number): void {
    if (this.stopped) return;
    const t = setTimeout(async () => {
      this.timers.delete(t);
      const ok = !this.stopped && (await this.host.rebalance.lock(mq));
      this.later(pq, mq, ok ? 10 : 3000);
    }, delay);
    this.timers.add(t);
  }

  private async runQueue(pq: ProcessQueue, mq: MessageQueue): Promise<void> {
    if (pq.dropped) return;
    if (this.clustering && !(pq.locked && !pq.isLockExpired())) {
      this.tryLockLaterAndReconsume(pq, mq, 100);
      return;
    }
    const begin = Date.now();
    let batches = 0;
    for (;;) {
      if (pq.dropped || this.stopped) return;
      if (this.clustering && (!pq.locked || pq.isLockExpired())) {
        this.tryLockLaterAndReconsume(pq, mq, 10);
        return;
      }
      if (Date.now() - begin > MAX_TIME_CONSUME_CONTINUOUSLY) {
        this.later(pq, mq, 10);
        return;
      }
      const msgs = pq.takeMessages(this.host.consumeMessageBatchMaxSize);
      if (msgs.length === 0) return;
      this.host.resetRetryTopic(msgs, mq);
      const ctx: ConsumeOrderlyContext = { messageQueue: mq, autoCommit: true, suspendCurrentQueueTimeMillis: -1 };
      const hooks = this.host.consumeMessageHooks;
      const hookCtx = hooks.length > 0 ? newConsumeMessageContext(this.host.groupName, mq, msgs) : undefined;
      if (hookCtx) executeConsumeHookBefore(hooks, hookCtx);
      const t0 = Date.now();
      let status: ConsumeOrderlyStatus | undefined;
      let threw = false;
      pq.consumeLockHeld = true;
      try {
        if (pq.dropped) return;
        status = await this.listener(msgs, ctx);
      } catch (err) {
        threw = true;
        log.warn('consumeMessage exception', { group: this.host.groupName, topic: mq.topic, queueId: mq.queueId, err });
      } finally {
        pq.consumeLockHeld = false;
      }
      const rt = Date.now() - t0;
      this.host.instance.consumerStats.incConsumeRT(this.host.groupName, mq.topic, rt);
      if (status !== undefined && !(status in ConsumeOrderlyStatus)) status = undefined;
      const returned = status;
      status ??= ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
      if (hookCtx) {
        const type = consumeReturnType(returned, threw, rt, this.host.consumeTimeout, ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT);
        const success = status === ConsumeOrderlyStatus.SUCCESS || status === ConsumeOrderlyStatus.COMMIT;
        executeConsumeHookAfter(hooks, hookCtx, type, status, success);
      }
      if (!(await this.processConsumeResult(msgs, status, ctx, pq, mq))) return;
      // Let pulls and other queues in between batches of a synchronous listener.
      if (++batches % 64 === 0) await new Promise((r) => setImmediate(r));
    }
  }

  private async processConsumeResult(
    msgs: MessageExt[],
    status: ConsumeOrderlyStatus,
    ctx: ConsumeOrderlyContext,
    pq: ProcessQueue,
    mq: MessageQueue,
  ): Promise<boolean> {
    const stats = this.host.instance.consumerStats;
    let commitOffset = -1;
    let continueConsume = true;
    if (ctx.autoCommit) {
      if (status === ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT) {
        stats.incConsumeFailedTPS(this.host.groupName, mq.topic, msgs.length);
        if (await this.checkReconsumeTimes(msgs)) {
          pq.makeMessageToConsumeAgain(msgs);
          this.suspendLater(pq, mq, ctx.suspendCurrentQueueTimeMillis);
          continueConsume = false;
        } else {
          commitOffset = pq.commit();
        }
      } else {
        if (status !== ConsumeOrderlyStatus.SUCCESS) {
          log.warn('the message queue consume result is illegal, we think you want to ack these message', {
            topic: mq.topic,
            queueId: mq.queueId,
          });
        }
        commitOffset = pq.commit();
        stats.incConsumeOKTPS(this.host.groupName, mq.topic, msgs.length);
      }
    } else {
      switch (status) {
        case ConsumeOrderlyStatus.SUCCESS:
          stats.incConsumeOKTPS(this.host.groupName, mq.topic, msgs.length);
          break;
        case ConsumeOrderlyStatus.COMMIT:
          commitOffset = pq.commit();
          break;
        case ConsumeOrderlyStatus.ROLLBACK:
          pq.rollback();
          this.suspendLater(pq, mq, ctx.suspendCurrentQueueTimeMillis);
          continueConsume = false;
          break;
        case ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT:
          stats.incConsumeFailedTPS(this.host.groupName, mq.topic, msgs.length);
          if (await this.checkReconsumeTimes(msgs)) {
            pq.makeMessageToConsumeAgain(msgs);
            this.suspendLater(pq, mq, ctx.suspendCurrentQueueTimeMillis);
            continueConsume = false;
          }
          break;
      }
    }
    if (commitOffset >= 0 && !pq.dropped) this.host.offsetStore.updateOffset(mq, commitOffset, false);
    return continueConsume;
  }

  /** True when some message should be retried here; messages past maxReconsumeTimes go to the retry topic instead. */
  private async checkReconsumeTimes(msgs: MessageExt[]): Promise<boolean> {
    const max = this.host.maxReconsumeTimes(true);
    let suspend = false;
    for (const m of msgs) {
      if (m.reconsumeTimes >= max) {
        m.putProperty(MessageConst.PROPERTY_RECONSUME_TIME, String(m.reconsumeTimes));
        try {
          await this.host.sendToRetryTopic(m, m.reconsumeTimes, max);
        } catch (err) {
          log.error('sendMessageBack failed', { group: this.host.groupName, msgId: m.msgId, err });
          suspend = true;
          m.reconsumeTimes++;
        }
      } else {
        suspend = true;
        m.reconsumeTimes++;
      }
    }
    return suspend;
  }

  async consumeMessageDirectly(msg: MessageExt, brokerName: string | undefined): Promise<ConsumeMessageDirectlyResult> {
    const mq = { topic: msg.topic, brokerName: brokerName ?? msg.brokerName, queueId: msg.queueId };
    const ctx: ConsumeOrderlyContext = { messageQueue: mq, autoCommit: true, suspendCurrentQueueTimeMillis: -1 };
    this.host.resetRetryTopic([msg], mq);
    const begin = Date.now();
    const result: ConsumeMessageDirectlyResult = { order: true, autoCommit: true, consumeResult: CMResult.CR_SUCCESS, spentTimeMills: 0 };
    try {
      const status = await this.listener([msg], ctx);
      result.autoCommit = ctx.autoCommit;
      switch (status) {
        case ConsumeOrderlyStatus.COMMIT:
          result.consumeResult = CMResult.CR_COMMIT;
          break;
        case ConsumeOrderlyStatus.ROLLBACK:
          result.consumeResult = CMResult.CR_ROLLBACK;
          break;
        case ConsumeOrderlyStatus.SUCCESS:
          result.consumeResult = CMResult.CR_SUCCESS;
          break;
        case ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT:
          result.consumeResult = CMResult.CR_LATER;
          break;
        default:
          result.consumeResult = CMResult.CR_RETURN_NULL;
      }
    } catch (err) {
      result.consumeResult = CMResult.CR_THROW_EXCEPTION;
      result.remark = (err as Error).stack ?? String(err);
    }
    result.spentTimeMills = Date.now() - begin;
    return result;
  }
}
