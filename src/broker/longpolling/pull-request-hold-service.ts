// Long polling (Java's PullRequestHoldService): a pull that found nothing waits here, per queue,
// until a message it wants arrives (the store's arrival hook calls notifyMessageArriving) or its
// suspend time is up. Java re-checks every held pull every 5 s (or every shortPollingTimeMills
// when long polling is off); so do we, and a timer at the earliest deadline answers expired pulls
// on time instead of up to one period late. A SQL92 filter passes every consume-queue unit, so a
// held pull with one is woken only when the arriving message's properties match its expression
// (Java's isMatchedByCommitLog on the arrival's properties); other pulls never look at them.

import { getLogger } from '../../common/logger.js';
import type { MessageFilter } from '../../store/index.js';
import { matchesTagsCode } from '../filter/tag-filter.js';

const log = getLogger('broker');

/** A pull's filter; SQL92 filters can also judge a message by its raw properties string. */
export interface HeldPullFilter extends MessageFilter {
  isMatchedByProperties?(properties: string): boolean;
}

export interface HeldPull {
  /** The queue offset the pull asked for. */
  readonly offset: number;
  readonly filter: HeldPullFilter | null;
  readonly suspendedAt: number;
  readonly timeoutMs: number;
  /** False once the client's connection closed: nobody is waiting any more. */
  alive(): boolean;
  /** Answers the pull: runs it again, this time without suspending. */
  wake(): void;
}

export interface PullRequestHoldOptions {
  /** Period of the full re-check (Java: 5000 ms, or shortPollingTimeMills without long polling). */
  checkIntervalMs: number;
  now?: () => number;
}

export class PullRequestHoldService {
  private readonly table = new Map<string, Map<number, HeldPull[]>>();
  private readonly now: () => number;
  private interval: ReturnType<typeof setInterval> | null = null;
  private deadlineTimer: ReturnType<typeof setTimeout> | null = null;
  private deadlineAt = Infinity;
  private held = 0;

  constructor(
    private readonly maxOffsetInQueue: (topic: string, queueId: number) => number,
    private readonly opts: PullRequestHoldOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Number of pulls waiting. */
  get size(): number {
    return this.held;
  }

  /** Number of pulls waiting on one queue. */
  heldOn(topic: string, queueId: number): number {
    return this.table.get(topic)?.get(queueId)?.length ?? 0;
  }

  start(): void {
    if (this.interval) return;
    this.interval = setInterval(() => this.checkHoldRequest(), this.opts.checkIntervalMs);
    this.interval.unref?.();
  }

  /** Stops the timers and answers every held pull (PULL_NOT_FOUND, as their time is not up). */
  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    this.clearDeadline();
    for (const queues of this.table.values()) {
      for (const list of queues.values()) for (const p of list) if (p.alive()) p.wake();
    }
    this.table.clear();
    this.held = 0;
  }

  suspendPullRequest(topic: string, queueId: number, pull: HeldPull): void {
    let queues = this.table.get(topic);
    if (!queues) this.table.set(topic, queues = new Map());
    let list = queues.get(queueId);
    if (!list) queues.set(queueId, list = []);
    list.push(pull);
    this.held++;
    this.armDeadline(pull.suspendedAt + pull.timeoutMs);
  }

  /**
   * A message with `tagsCode` and `properties` arrived and the queue's max offset is now
   * `maxOffset`: wakes the pulls it satisfies, and any whose time is up. The periodic check passes
   * neither, which matches any filter.
   */
  notifyMessageArriving(
    topic: string,
    queueId: number,
    maxOffset: number,
    tagsCode: number | null = null,
    properties: string | null = null,
  ): void {
    const queues = this.table.get(topic);
    if (!queues) return;
    const list = queues.get(queueId);
    if (!list || list.length === 0) return;
    queues.delete(queueId);
    if (queues.size === 0) this.table.delete(topic);
    this.held -= list.length;
    const now = this.now();
    let keep: HeldPull[] | null = null;
    for (const p of list) {
      if (!p.alive()) continue;
      let newest = maxOffset;
      if (newest <= p.offset) newest = this.maxOffsetInQueue(topic, queueId);
      if (
        (newest > p.offset && matchesTagsCode(p.filter, tagsCode) && matchesProperties(p.filter, properties)) ||
        now >= p.suspendedAt + p.timeoutMs
      ) {
        this.wake(p);
        continue;
      }
      (keep ??= []).push(p);
    }
    if (keep) { for (const p of keep) this.suspendPullRequest(topic, queueId, p); }
  }

  private wake(p: HeldPull): void {
    try {
      p.wake();
    } catch (err) {
      log.error('waking a held pull failed', { err });
    }
  }

  /** Re-checks every held pull against its queue's current max offset. */
  checkHoldRequest(): void {
    const keys: Array<[string, number]> = [];
    for (const [topic, queues] of this.table) for (const queueId of queues.keys()) keys.push([topic, queueId]);
    for (const [topic, queueId] of keys) {
      try {
        this.notifyMessageArriving(topic, queueId, this.maxOffsetInQueue(topic, queueId));
      } catch (err) {
        log.error('check hold request failed', { topic, queueId, err });
      }
    }
  }

  private armDeadline(at: number): void {
    if (at >= this.deadlineAt) return;
    this.clearDeadline();
    this.deadlineAt = at;
    this.deadlineTimer = setTimeout(() => {
      this.deadlineTimer = null;
      this.deadlineAt = Infinity;
      this.checkHoldRequest();
      this.rearm();
    }, Math.max(0, at - this.now()) + 1);
    this.deadlineTimer.unref?.();
  }

  private clearDeadline(): void {
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = null;
    this.deadlineAt = Infinity;
  }

  private rearm(): void {
    let next = Infinity;
    for (const queues of this.table.values()) {
      for (const list of queues.values()) for (const p of list) next = Math.min(next, p.suspendedAt + p.timeoutMs);
    }
    if (next < Infinity) this.armDeadline(next);
  }
}

function matchesProperties(filter: HeldPullFilter | null, properties: string | null): boolean {
  return properties === null || !filter?.isMatchedByProperties || filter.isMatchedByProperties(properties);
}
