// ConsumeMessageConcurrentlyService: runs the listener on batches of up to
// consumeMessageBatchMaxSize messages, with at most consumeThreadMax listener calls in flight
// (Java's consume thread pool). A listener that answers synchronously runs inline; requests are
// drained in slices so pulls and heartbeats keep flowing. After each call the consumed messages
// leave the ProcessQueue and the queue's offset moves to the smallest one still cached; failed
// messages of a clustering group are sent back first (CONSUMER_SEND_MSG_BACK) and, when that
// fails too, consumed again locally 5 s later.

import { getLogger } from '../../common/logger.js';
import { CMResult, type ConsumeMessageDirectlyResult } from '../../remoting/protocol/consume-directly.js';
import { MessageModel } from '../../remoting/protocol/consumer-types.js';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import type { MessageExt } from '../message/message-ext.js';
import type { ConsumeService, ConsumeServiceHost } from './consume-service.js';
import {
  type ConsumeMessageContext,
  consumeReturnType,
  executeConsumeHookAfter,
  executeConsumeHookBefore,
  newConsumeMessageContext,
} from './consume-hooks.js';
import {
  ACK_ALL,
  type ConsumeConcurrentlyContext,
  ConsumeConcurrentlyStatus,
  isThenable,
  type MessageListenerConcurrently,
} from './listener.js';
import type { ProcessQueue } from './process-queue.js';

const log = getLogger('client');

/** Synchronous listener calls run per event-loop turn before yielding to I/O. */
const SLICE = 512;

interface ConsumeRequest {
  msgs: MessageExt[];
  pq: ProcessQueue;
  mq: MessageQueue;
}

export class ConsumeConcurrently implements ConsumeService {
  private readonly queue: ConsumeRequest[] = [];
  private qHead = 0;
  private inflight = 0;
  private scheduled = false;
  private stopped = false;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly host: ConsumeServiceHost, private readonly listener: MessageListenerConcurrently) {}

  get corePoolSize(): number {
    return this.host.consumeThreadMax;
  }

  start(): void {
    const every = Math.max(1, this.host.consumeTimeout) * 60_000;
    const t = setInterval(() => this.cleanExpireMsg(), every);
    t.unref?.();
    this.timers.add(t);
  }

  async shutdown(awaitTerminateMillis: number): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (awaitTerminateMillis > 0 && this.inflight > 0) {
      await Promise.race([
        new Promise<void>((r) => this.idleWaiters.push(r)),
        new Promise<void>((r) => setTimeout(r, awaitTerminateMillis).unref?.()),
      ]);
    }
  }

  submitConsumeRequest(msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue): void {
    const size = this.host.consumeMessageBatchMaxSize;
    if (msgs.length <= size) {
      this.queue.push({ msgs, pq, mq });
    } else {
      for (let i = 0; i < msgs.length; i += size) this.queue.push({ msgs: msgs.slice(i, i + size), pq, mq });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.scheduled = false;
    let ran = 0;
    const max = this.host.consumeThreadMax;
    while (this.qHead < this.queue.length && this.inflight < max && ran < SLICE && !this.stopped) {
      const req = this.queue[this.qHead]!;
      this.queue[this.qHead++] = undefined as unknown as ConsumeRequest;
      ran++;
      this.inflight++;
      const pending = this.run(req);
      if (pending) pending.then(() => this.done(), () => this.done());
      else this.inflight--;
    }
    if (this.qHead === this.queue.length) {
      this.queue.length = 0;
      this.qHead = 0;
    } else if (this.qHead > 4096) {
      this.queue.splice(0, this.qHead);
      this.qHead = 0;
    }
    if (this.qHead < this.queue.length && this.inflight < max) this.schedule();
    if (this.inflight === 0) { for (const w of this.idleWaiters.splice(0)) w(); }
  }

  private done(): void {
    this.inflight--;
    if (this.qHead < this.queue.length) this.schedule();
    else if (this.inflight === 0) { for (const w of this.idleWaiters.splice(0)) w(); }
  }

  /** Runs one request; returns a promise only when something asynchronous is left to wait for. */
  private run(req: ConsumeRequest): Promise<void> | undefined {
    if (req.pq.dropped) return undefined;
    const { msgs, mq } = req;
    const ctx: ConsumeConcurrentlyContext = { messageQueue: mq, delayLevelWhenNextConsume: 0, ackIndex: ACK_ALL };
    this.host.resetRetryTopic(msgs, mq);
    const hooks = this.host.consumeMessageHooks;
    const hookCtx = hooks.length > 0 ? newConsumeMessageContext(this.host.groupName, mq, msgs) : undefined;
    if (hookCtx) executeConsumeHookBefore(hooks, hookCtx);
    const begin = Date.now();
    for (const m of msgs) m.consumeStartTimestamp = begin;
    let status: ConsumeConcurrentlyStatus | PromiseLike<ConsumeConcurrentlyStatus> | undefined;
    try {
      status = this.listener(msgs, ctx);
    } catch (err) {
      log.warn('consumeMessage exception', { group: this.host.groupName, topic: mq.topic, queueId: mq.queueId, err });
      return this.finish(req, ctx, undefined, begin, true, hookCtx);
    }
    if (isThenable<ConsumeConcurrentlyStatus>(status)) {
      return Promise.resolve(status).then(
        (s) => this.finish(req, ctx, s, begin, false, hookCtx),
        (err) => {
          log.warn('consumeMessage exception', { group: this.host.groupName, topic: mq.topic, queueId: mq.queueId, err });
          return this.finish(req, ctx, undefined, begin, true, hookCtx);
        },
      );
    }
    return this.finish(req, ctx, status, begin, false, hookCtx);
  }

  private finish(
    req: ConsumeRequest,
    ctx: ConsumeConcurrentlyContext,
    answer: ConsumeConcurrentlyStatus | undefined,
    begin: number,
    threw: boolean,
    hookCtx: ConsumeMessageContext | undefined,
  ): Promise<void> | undefined {
    let status = answer;
    if (status !== ConsumeConcurrentlyStatus.CONSUME_SUCCESS && status !== ConsumeConcurrentlyStatus.RECONSUME_LATER) {
      if (status !== undefined) log.warn('consumeMessage returned an unknown status', { status });
      status = undefined;
    }
    const returned = status;
    status ??= ConsumeConcurrentlyStatus.RECONSUME_LATER;
    if (hookCtx) {
      const h = this.host;
      const type = consumeReturnType(returned, threw, Date.now() - begin, h.consumeTimeout, ConsumeConcurrentlyStatus.RECONSUME_LATER);
      executeConsumeHookAfter(h.consumeMessageHooks, hookCtx, type, status, status === ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
    }
    if (req.pq.dropped) {
      log.debug('processQueue dropped before the consume result was processed', { topic: req.mq.topic, queueId: req.mq.queueId });
      return undefined;
    }
    return this.processConsumeResult(status, ctx, req, begin);
  }

  /** ConsumeMessageConcurrentlyService.processConsumeResult. */
  private processConsumeResult(
    status: ConsumeConcurrentlyStatus,
    ctx: ConsumeConcurrentlyContext,
    req: ConsumeRequest,
    begin: number,
  ): Promise<void> | undefined {
    const msgs = req.msgs;
    if (msgs.length === 0) return undefined;
    const stats = (req.pq.stats ??= this.host.instance.consumerStats.stats(this.host.groupName, req.mq.topic));
    let ackIndex = ctx.ackIndex;
    const now = Date.now();
    if (status === ConsumeConcurrentlyStatus.CONSUME_SUCCESS) {
      if (ackIndex >= msgs.length) ackIndex = msgs.length - 1;
      stats.consumed(now - begin, ackIndex + 1, msgs.length - ackIndex - 1, now);
    } else {
      ackIndex = -1;
      stats.consumed(now - begin, 0, msgs.length, now);
    }
    if (ackIndex + 1 >= msgs.length) {
      this.commit(req, msgs);
      return undefined;
    }
    if (this.host.messageModel === MessageModel.BROADCASTING) {
      for (let i = ackIndex + 1; i < msgs.length; i++) {
        log.warn('BROADCASTING, the message consume failed, drop it', { msgId: msgs[i]!.msgId });
      }
      this.commit(req, msgs);
      return undefined;
    }
    return this.sendBackFailed(req, ctx, ackIndex);
  }

  private async sendBackFailed(req: ConsumeRequest, ctx: ConsumeConcurrentlyContext, ackIndex: number): Promise<void> {
    const msgs = req.msgs;
    const failed: MessageExt[] = [];
    await Promise.all(
      msgs.slice(ackIndex + 1).map(async (m) => {
        try {
          await this.host.sendMessageBack(m, ctx.delayLevelWhenNextConsume, ctx.messageQueue.brokerName);
        } catch (err) {
          log.error('sendMessageBack failed', { group: this.host.groupName, msgId: m.msgId, err });
          m.reconsumeTimes++;
          failed.push(m);
        }
      }),
    );
    const done = failed.length === 0 ? msgs : msgs.filter((m) => !failed.includes(m));
    if (failed.length > 0) this.submitConsumeRequestLater(failed, req.pq, req.mq);
    this.commit(req, done);
  }

  private commit(req: ConsumeRequest, consumed: readonly MessageExt[]): void {
    const offset = req.pq.removeMessage(consumed);
    if (offset >= 0 && !req.pq.dropped) this.host.offsetStore.updateOffset(req.mq, offset, true);
  }

  private submitConsumeRequestLater(msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.submitConsumeRequest(msgs, pq, mq);
    }, 5000);
    this.timers.add(t);
  }

  /** ProcessQueue.cleanExpiredMsg: messages in consumption longer than consumeTimeout are sent back. */
  private cleanExpireMsg(): void {
    const limit = this.host.consumeTimeout * 60_000;
    for (const [, pq] of this.host.rebalance.processQueueTable) {
      const cached = pq.cachedMessages().slice(0, 16);
      for (const m of cached) {
        const start = m.consumeStartTimestamp;
        if (start === 0 || Date.now() - start <= limit) break;
        this.host.sendMessageBack(m, 3, undefined).then(
          () => void pq.removeMessage([m]),
          (err) => log.error('send expired msg failed', { msgId: m.msgId, err }),
        );
      }
    }
  }

  async consumeMessageDirectly(msg: MessageExt, brokerName: string | undefined): Promise<ConsumeMessageDirectlyResult> {
    const mq = { topic: msg.topic, brokerName: brokerName ?? msg.brokerName, queueId: msg.queueId };
    const ctx: ConsumeConcurrentlyContext = { messageQueue: mq, delayLevelWhenNextConsume: 0, ackIndex: ACK_ALL };
    this.host.resetRetryTopic([msg], mq);
    const begin = Date.now();
    const result: ConsumeMessageDirectlyResult = { order: false, autoCommit: true, consumeResult: CMResult.CR_SUCCESS, spentTimeMills: 0 };
    try {
      const status = await this.listener([msg], ctx);
      if (status === ConsumeConcurrentlyStatus.CONSUME_SUCCESS) result.consumeResult = CMResult.CR_SUCCESS;
      else if (status === ConsumeConcurrentlyStatus.RECONSUME_LATER) result.consumeResult = CMResult.CR_LATER;
      else result.consumeResult = CMResult.CR_RETURN_NULL;
    } catch (err) {
      result.consumeResult = CMResult.CR_THROW_EXCEPTION;
      result.remark = (err as Error).stack ?? String(err);
    }
    result.spentTimeMills = Date.now() - begin;
    return result;
  }
}
