// Queue locks of orderly consumers (Java's RebalanceLockManager): per group, which client holds
// each queue. A lock not renewed for `lockMaxLiveTimeMs` (60 s) expires and the next client asking
// gets it; a client renews its locks by asking again.

import { type MessageQueue, mqKey } from '../../remoting/protocol/message-queue.js';
import { getLogger } from '../../common/logger.js';

const log = getLogger('broker');

/** Java's rocketmq.broker.rebalance.lockMaxLiveTime default. */
export const REBALANCE_LOCK_MAX_LIVE_TIME_MS = 60_000;

interface LockEntry {
  clientId: string;
  lastUpdateTimestamp: number;
}

export class RebalanceLockManager {
  private readonly table = new Map<string, Map<string, LockEntry>>();

  constructor(private readonly now: () => number = Date.now, readonly lockMaxLiveTimeMs = REBALANCE_LOCK_MAX_LIVE_TIME_MS) {}

  private expired(e: LockEntry, now: number): boolean {
    return now - e.lastUpdateTimestamp > this.lockMaxLiveTimeMs;
  }

  /** Locks what it can of `mqs` for `clientId` (renewing locks it holds); returns the queues it holds. */
  tryLockBatch(group: string, mqs: readonly MessageQueue[], clientId: string): MessageQueue[] {
    const now = this.now();
    let g = this.table.get(group);
    if (!g) this.table.set(group, g = new Map());
    const locked: MessageQueue[] = [];
    const seen = new Set<string>();
    for (const mq of mqs) {
      const k = mqKey(mq);
      if (seen.has(k)) continue;
      seen.add(k);
      const e = g.get(k);
      if (!e) {
        g.set(k, { clientId, lastUpdateTimestamp: now });
        locked.push(mq);
      } else if (e.clientId === clientId && !this.expired(e, now)) {
        e.lastUpdateTimestamp = now;
        locked.push(mq);
      } else if (this.expired(e, now)) {
        log.info('queue lock expired, taken over', { group, mq: k, old: e.clientId, new: clientId });
        e.clientId = clientId;
        e.lastUpdateTimestamp = now;
        locked.push(mq);
      } else {
        log.debug('queue locked by another client', { group, mq: k, holder: e.clientId, asking: clientId });
      }
    }
    return locked;
  }

  tryLock(group: string, mq: MessageQueue, clientId: string): boolean {
    return this.tryLockBatch(group, [mq], clientId).length === 1;
  }

  /** Releases the queues `clientId` holds among `mqs`; locks held by others stay. */
  unlockBatch(group: string, mqs: readonly MessageQueue[], clientId: string): void {
    const g = this.table.get(group);
    if (!g) return;
    for (const mq of mqs) {
      const k = mqKey(mq);
      const e = g.get(k);
      if (e && e.clientId === clientId) g.delete(k);
      else if (e) log.warn('unlock refused: the queue is locked by another client', { group, mq: k, holder: e.clientId, asking: clientId });
    }
  }

  /** The holder of a queue's live lock, if any. */
  holder(group: string, mq: MessageQueue): string | undefined {
    const e = this.table.get(group)?.get(mqKey(mq));
    return e && !this.expired(e, this.now()) ? e.clientId : undefined;
  }
}
