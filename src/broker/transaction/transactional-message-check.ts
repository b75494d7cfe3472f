// One pass of the transaction check over every half queue (Java's TransactionalMessageServiceImpl
// .check). The half queue is read from CID_RMQ_SYS_TRANS's offset; op messages (tag "d", body =
// a half message's queue offset) say which halves are settled. Walking the half queue in order:
//   settled                         -> skipped
//   checked transactionCheckMax times, or older than the commit log is kept
//                                   -> moved to TRANS_CHECK_MAX_TIME_TOPIC
//   stored after the pass began, or younger than transactionTimeOut (or its own
//   CHECK_IMMUNITY_TIME_IN_SECONDS) -> the pass stops here for this queue
//   otherwise, once no op message read so far settles it
//                                   -> written again with TRANSACTION_CHECK_TIMES + 1, and its
//                                      producer group asked about the new copy
// Then both offsets move on: the half offset past what was handled, the op offset past the op
// messages used without a gap. A pass yields to the event loop every few messages and gives a
// queue at most a minute, as Java does.

import { getLogger } from '../../common/logger.js';
import { MessageConst, SystemTopic } from '../../common/message/message-const.js';
import type { MessageExt } from '../../common/message/message-ext.js';
import { GetMessageStatus } from '../../store/index.js';
import { REMOVE_TAG } from '../processor/end-transaction.js';
import type { CheckListener } from './transaction-check-listener.js';
import { isNoNewMessage, type QueueRead, type TransactionalMessageBridge } from './transactional-message-bridge.js';

const log = getLogger('broker');

/** How long one queue may take in one pass (MAX_PROCESS_TIME_LIMIT). */
export const MAX_PROCESS_TIME_LIMIT_MS = 60_000;
/** Op messages read at a time. */
const OP_BATCH = 32;
/** Half messages handled between two yields to the event loop. */
const YIELD_EVERY = 32;

export interface CheckOptions {
  /** transactionTimeOut: halves younger than this (by born time) are not checked yet. */
  transactionTimeOut: number;
  /** transactionCheckMax: a half checked this many times is discarded. */
  transactionCheckMax: number;
  /** fileReservedTime in hours: a half born longer ago is discarded. */
  fileReservedTimeHours: number;
  now?: () => number;
  /** Polled between steps; a true answer ends the pass early (broker shutting down). */
  stopped?: () => boolean;
}

/** Java's Long.parseLong / Integer.parseInt with -1 for anything unparsable. */
function parseJavaLong(s: string): number {
  return /^[+-]?\d{1,18}$/.test(s) ? Number(s) : -1;
}

function parseJavaInt(s: string): number {
  const v = parseJavaLong(s);
  return v >= -2147483648 && v <= 2147483647 ? v : -1;
}

/** Counts this check in the message's properties; true when it was checked enough already (needDiscard). */
export function needDiscard(msg: MessageExt, transactionCheckMax: number): boolean {
  const times = msg.properties.get(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES);
  let checkTime = 1;
  if (times !== undefined) {
    checkTime = parseJavaInt(times);
    if (checkTime >= transactionCheckMax) return true;
    checkTime++;
  }
  msg.properties.set(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES, String(checkTime));
  return false;
}

/** CHECK_IMMUNITY_TIME_IN_SECONDS in ms, or the default timeout when it is -1 or unparsable. */
function immunityTime(value: string, transactionTimeOut: number): number {
  const v = parseJavaLong(value);
  return v === -1 ? transactionTimeOut : v * 1000;
}

/** The op offset after those used: the old one moved past each used offset that follows without a gap. */
export function calculateOpOffset(done: number[], oldOffset: number): number {
  done.sort((a, b) => a - b);
  let next = oldOffset;
  for (const o of done) {
    if (o !== next) break;
    next++;
  }
  return next;
}

/** What the op messages read in one pass of a queue say. */
interface OpState {
  /** Half offset (at or after minHalfOffset) -> queue offset of the op message that settled it. */
  removeMap: Map<number, number>;
  /** Op messages used up, by queue offset. */
  doneOpOffset: number[];
  /** Half offsets before minHalfOffset that op messages read in this pass settled. */
  settledBefore: Set<number>;
  /** The half queue's offset when the pass began. */
  minHalfOffset: number;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class TransactionalMessageCheck {
  constructor(private readonly bridge: TransactionalMessageBridge, private readonly listener: CheckListener) {}

  /** One pass over every half queue. Never throws: a failing queue is logged and left for the next pass. */
  async check(opts: CheckOptions): Promise<void> {
    const queueIds = this.bridge.halfQueueIds();
    if (queueIds.length === 0) {
      log.warn('the half topic has no queues', { topic: SystemTopic.TRANS_HALF });
      return;
    }
    for (const queueId of queueIds) {
      if (opts.stopped?.()) return;
      try {
        await this.checkQueue(queueId, opts);
      } catch (err) {
        log.error('transaction check failed', { queueId, err });
      }
    }
  }

  private async checkQueue(queueId: number, opts: CheckOptions): Promise<void> {
    const now = opts.now ?? Date.now;
    const timeout = opts.transactionTimeOut;
    const startTime = now();
    const halfOffset = this.bridge.fetchConsumeOffset(SystemTopic.TRANS_HALF, queueId);
    const opOffset = this.bridge.fetchConsumeOffset(SystemTopic.TRANS_OP_HALF, queueId);
    log.debug('before the check of a half queue', { queueId, halfOffset, opOffset });
    if (halfOffset < 0 || opOffset < 0) {
      log.error('transaction check skips a queue with an illegal offset', { queueId, halfOffset, opOffset });
      return;
    }
    const ops: OpState = { removeMap: new Map(), doneOpOffset: [], settledBefore: new Set(), minHalfOffset: halfOffset };
    let opRead = await this.fillOpRemoveMap(ops, queueId, opOffset);
    if (!opRead) return;
    let nullReads = 1;
    let newOffset = halfOffset;
    let i = halfOffset;
    let steps = 0;
    for (;;) {
      if (opts.stopped?.()) break;
      if (now() - startTime > MAX_PROCESS_TIME_LIMIT_MS) {
        log.info('transaction check of a queue reached its time limit', { queueId, limitMs: MAX_PROCESS_TIME_LIMIT_MS });
        break;
      }
      if (++steps % YIELD_EVERY === 0) await yieldToEventLoop();
      const settledBy = ops.removeMap.get(i);
      if (settledBy !== undefined) {
        ops.removeMap.delete(i);
        ops.doneOpOffset.push(settledBy);
      } else {
        const read = await this.bridge.getHalfMessage(queueId, i, 1);
        if (!read) break;
        const msg = read.msgs?.[0];
        if (!msg) {
          if (nullReads++ > 1 || isNoNewMessage(read.status)) break;
          // The offset is gone (expired) or beyond the queue: go on from where the store points.
          i = read.nextBeginOffset;
          newOffset = i;
          continue;
        }
        if (needDiscard(msg, opts.transactionCheckMax) || this.tooOld(msg, opts.fileReservedTimeHours, now())) {
          // Java moves on even when the write failed, losing the message; here the next pass retries.
          if (!(await this.listener.resolveDiscardMsg(msg))) break;
          newOffset = ++i;
          continue;
        }
        if (msg.storeTimestamp >= startTime) break;
        const age = now() - msg.bornTimestamp;
        let immunity = timeout;
        const immunityValue = msg.properties.get(MessageConst.PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS);
        if (immunityValue !== undefined) {
          immunity = immunityTime(immunityValue, timeout);
          if (age < immunity && (await this.checkPrepareQueueOffset(ops, msg))) {
            newOffset = ++i;
            continue;
          }
        } else if (age >= 0 && age < immunity) {
          break;
        }
        const opMsgs = opRead.msgs;
        const needCheck = (opMsgs === null && age > immunity) ||
          (opMsgs !== null && opMsgs[opMsgs.length - 1]!.bornTimestamp - startTime > timeout) ||
          age <= -1;
        if (!needCheck) {
          // Every op message is read and it is not due yet: look again next pass (Java spins here).
          if (opMsgs === null) break;
          // Op messages not read yet may settle it: read on before asking anyone.
          const more = await this.fillOpRemoveMap(ops, queueId, opRead.nextBeginOffset);
          if (!more) break;
          opRead = more;
          continue;
        }
        // Java retries a failed write at once until the time limit; the next pass retries here.
        if (!(await this.putBackHalfMsgQueue(msg))) break;
        this.listener.resolveHalfMsg(msg);
      }
      newOffset = ++i;
    }
    const newOpOffset = calculateOpOffset(ops.doneOpOffset, opOffset);
    log.debug('after the check of a half queue', { queueId, halfOffset: newOffset, opOffset: newOpOffset, stoppedAt: i });
    if (newOffset !== halfOffset) this.bridge.updateConsumeOffset(SystemTopic.TRANS_HALF, queueId, newOffset);
    if (newOpOffset !== opOffset) this.bridge.updateConsumeOffset(SystemTopic.TRANS_OP_HALF, queueId, newOpOffset);
  }

  /** Born before the oldest data the store may still keep (needSkip). */
  private tooOld(msg: MessageExt, fileReservedTimeHours: number, now: number): boolean {
    if (now - msg.bornTimestamp <= fileReservedTimeHours * 3_600_000) return false;
    log.info('half message older than the file reserved time, skipped', { msgId: msg.msgId, bornTimestamp: msg.bornTimestamp });
    return true;
  }

  /**
   * Reads up to 32 op messages from `opOffset` into `removeMap` (half offset -> op offset); ops for
   * halves before `minHalfOffset` are used up at once. Null when the store could not be read.
   */
  private async fillOpRemoveMap(ops: OpState, queueId: number, opOffset: number): Promise<QueueRead | null> {
    const read = await this.bridge.getOpMessage(queueId, opOffset, OP_BATCH);
    if (!read) return null;
    if (read.status !== GetMessageStatus.FOUND && !isNoNewMessage(read.status)) {
      this.bridge.updateConsumeOffset(SystemTopic.TRANS_OP_HALF, queueId, read.nextBeginOffset);
      return read;
    }
    for (const op of read.msgs ?? []) {
      const halfOffset = parseJavaLong(op.body.toString('utf8'));
      if (op.tags !== REMOVE_TAG) {
        log.error('op message with an unknown tag', { tags: op.tags, queueOffset: op.queueOffset });
        continue;
      }
      if (halfOffset < ops.minHalfOffset) {
        ops.doneOpOffset.push(op.queueOffset);
        ops.settledBefore.add(halfOffset);
      } else {
        ops.removeMap.set(halfOffset, op.queueOffset);
      }
    }
    return read;
  }

  /**
   * A half still immune to checks: settled when an op names its first queue offset, else written
   * again to be looked at next pass. True when it needs nothing more now. Java looks only in
   * removeMap, which never holds a first offset (it always lies before the pass's start), so a
   * carried copy of a settled half would be asked about once immune no more; settledBefore closes
   * that gap.
   */
  private async checkPrepareQueueOffset(ops: OpState, msg: MessageExt): Promise<boolean> {
    const first = msg.properties.get(MessageConst.PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET);
    if (first !== undefined) {
      const firstOffset = parseJavaLong(first);
      if (firstOffset === -1) return false;
      if (ops.settledBefore.has(firstOffset)) return true;
      const settledBy = ops.removeMap.get(firstOffset);
      if (settledBy !== undefined) {
        ops.removeMap.delete(firstOffset);
        ops.doneOpOffset.push(settledBy);
        return true;
      }
    }
    const r = await this.bridge.putMessage(this.bridge.renewImmunityHalfMessage(msg));
    return r?.isOk ?? false;
  }

  /** Writes the half again; `msg` then describes the new copy (queue offset, commit-log offset, id). */
  private async putBackHalfMsgQueue(msg: MessageExt): Promise<boolean> {
    const r = await this.bridge.putMessage(this.bridge.renewHalfMessage(msg));
    if (!r?.isOk) return false;
    msg.queueOffset = r.queueOffset;
    msg.commitLogOffset = r.wroteOffset;
    msg.msgId = r.msgId;
    return true;
  }
}
