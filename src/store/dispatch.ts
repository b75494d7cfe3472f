// The dispatch step: from one stored record to its consume-queue unit, its index keys and the
// arrival notice for long polling. Live puts and recovery replay go through the same code, which is
// what makes the consume queues and the index rebuildable from the commit log.

import { javaHashCode } from '../common/message/java-hash.js';
import { SystemTopic } from '../common/message/message-const.js';
import { PropertyScan } from '../common/message/properties.js';
import { MessageSysFlag, transactionType } from '../common/message/sysflag.js';
import { getLogger } from '../common/logger.js';
import type { ConsumeQueue } from './consume-queue.js';
import type { ConsumeQueueTable } from './consume-queue-table.js';
import type { IndexService } from './index-service.js';
import type { ScannedRecord } from './record-scan.js';
import type { RecordBatch } from './write-batch.js';

const log = getLogger('store');

/**
 * Fired after each message is dispatched. `logicOffset` is the queue's new maximum offset
 * (the message's queue offset + 1), as Java's MessageArrivingListener receives it.
 */
export type MessageArrivingListener = (
  topic: string,
  queueId: number,
  logicOffset: number,
  tagsCode: number,
  storeTimestamp: number,
  propertiesString: string,
) => void;

export class Dispatcher {
  /** Commit-log offset after the last dispatched record. */
  dispatchedOffset = 0;
  /** Store timestamp of the last record put into a consume queue (checkpoint logicsMsgTimestamp). */
  lastLogicsTimestamp = 0;
  listener: MessageArrivingListener | null = null;
  indexEnable: boolean;

  constructor(
    private readonly cqs: ConsumeQueueTable,
    private readonly index: IndexService,
    indexEnable: boolean,
    private readonly delayLevels: number[],
  ) {
    this.indexEnable = indexEnable;
  }

  private readonly props = new PropertyScan();

  /** The consume-queue tag code: String.hashCode(TAGS), or for scheduled messages their delivery time. */
  tagsCode(topic: string, props: string, storeTimestamp: number): number {
    return this.tagsCodeOf(topic, props, this.props.scan(props), storeTimestamp);
  }

  private tagsCodeOf(topic: string, props: string, p: PropertyScan, storeTimestamp: number): number {
    let code = p.tagsStart >= 0 ? javaHashCode(props, p.tagsStart, p.tagsEnd) : 0;
    if (p.delayStart >= 0 && topic === SystemTopic.SCHEDULE) {
      let level = Number.parseInt(props.substring(p.delayStart, p.delayEnd), 10);
      if (level > this.delayLevels.length) level = this.delayLevels.length;
      if (level > 0) code = storeTimestamp + this.delayLevels[level - 1]!;
    }
    return code;
  }

  dispatch(
    cq: ConsumeQueue | null,
    topic: string,
    queueId: number,
    queueOffset: number,
    phy: number,
    size: number,
    storeTs: number,
    sysFlag: number,
    props: string,
  ): void {
    const tran = transactionType(sysFlag);
    const p = this.props.scan(props);
    const tagsCode = this.tagsCodeOf(topic, props, p, storeTs);
    if (tran === MessageSysFlag.TRANSACTION_NOT_TYPE || tran === MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
      if (!cq || cq.isDestroyed) cq = this.cqs.findOrCreate(topic, queueId);
      cq.putUnit(phy, size, tagsCode, queueOffset);
      this.cqs.markDirty(cq);
      this.lastLogicsTimestamp = storeTs;
    }
    if (this.indexEnable && tran !== MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) this.index.buildIndex(topic, props, p, phy, storeTs);
    this.dispatchedOffset = phy + size;
    const l = this.listener;
    if (l) {
      try {
        l(topic, queueId, queueOffset + 1, tagsCode, storeTs, props);
      } catch (err) {
        log.warn('message arriving listener failed', { err });
      }
    }
  }

  /** Dispatches records [from, to) of one write; `end` is how far the log is dispatched after them. */
  dispatchRange(b: RecordBatch, from: number, to: number, end: number): void {
    for (let i = from; i < to; i++) {
      const t = b.target[i]! as ConsumeQueue;
      this.dispatch(t, t.topic, t.queueId, b.queueOffset[i]!, b.phy[i]!, b.size[i]!, b.storeTs[i]!, b.sysFlag[i]!, b.props[i]!);
    }
    if (end > this.dispatchedOffset) this.dispatchedOffset = end;
  }

  replay(r: ScannedRecord): void {
    this.dispatch(
      this.cqs.find(r.topic, r.queueId) ?? null,
      r.topic,
      r.queueId,
      r.queueOffset,
      r.physicalOffset,
      r.size,
      r.storeTimestamp,
      r.sysFlag,
      r.props,
    );
  }
}
