// Reading a consume queue's messages for a pull (Java's DefaultMessageStore.getMessage): the
// status and nextBeginOffset rules, the transfer limits for data in memory and on disk, tag
// filtering on the consume-queue units, and skipping units whose commit-log data was deleted.
// Selected records are read in spans, one read per run of adjacent records.

import os from 'node:os';
import { readInt32BE, readInt64BE } from '../common/message/int64.js';
import type { MessageStoreConfig } from '../common/config/message-store-config.js';
import type { CommitLog } from './commit-log.js';
import { type ConsumeQueue, CQ_UNIT } from './consume-queue.js';
import { GetMessageStatus } from './status.js';

/** Decides which messages a pull returns (Java's MessageFilter). */
export interface MessageFilter {
  /** On the consume-queue unit's tag code (for tag subscriptions, String.hashCode of each tag). */
  isMatchedByConsumeQueue(tagsCode: number): boolean;
  /** Optional second check on the stored record (SQL92 filters). */
  isMatchedByCommitLog?(record: Buffer): boolean;
}

/** A filter accepting messages whose tag code is one of `codes`; no codes means everything ("*"). */
export function tagsFilter(codes: Iterable<number> | null | undefined): MessageFilter | null {
  const set = new Set(codes ?? []);
  if (set.size === 0) return null;
  return { isMatchedByConsumeQueue: (code) => set.has(code) };
}

export class GetMessageResult {
  status: GetMessageStatus = GetMessageStatus.NO_MESSAGE_IN_QUEUE;
  nextBeginOffset = 0;
  minOffset = 0;
  maxOffset = 0;
  /** Each message exactly as stored; a PULL_MESSAGE body is their concatenation. */
  readonly messageBuffers: Buffer[] = [];
  /** The queue offset of each returned message. */
  readonly messageQueueOffsets: number[] = [];
  bufferTotalSize = 0;
  /** The reader is far behind the head: a slave could serve it without disturbing the master's page cache. */
  suggestPullingFromSlave = false;

  get messageCount(): number {
    return this.messageBuffers.length;
  }

  /** The messages concatenated, as a PULL_MESSAGE body. */
  body(): Buffer {
    return Buffer.concat(this.messageBuffers, this.bufferTotalSize);
  }
}

export interface GetMessageDeps {
  cfg: MessageStoreConfig;
  commitLog: CommitLog;
  maxRecordSize: number;
}

const TOTAL_MEMORY = os.totalmem();
const MAX_SPAN = 1024 * 1024;
const MAX_GAP = 64 * 1024;
/** A span this small is read whole however little of it is wanted. */
const CHEAP_SPAN = 64 * 1024;

function memoryLimit(cfg: MessageStoreConfig): number {
  return Math.floor(TOTAL_MEMORY * (cfg.accessMessageInMemoryMaxRatio / 100));
}

export function isInDisk(cfg: MessageStoreConfig, offsetPy: number, maxOffsetPy: number): boolean {
  return maxOffsetPy - offsetPy > memoryLimit(cfg);
}

function isTheBatchFull(
  cfg: MessageStoreConfig,
  sizePy: number,
  maxMsgNums: number,
  maxTotalBytes: number,
  bufferTotal: number,
  messageTotal: number,
  inDisk: boolean,
): boolean {
  if (bufferTotal === 0 || messageTotal === 0) return false;
  if (maxMsgNums <= messageTotal) return true;
  if (bufferTotal + sizePy > maxTotalBytes) return true;
  if (inDisk) {
    if (bufferTotal + sizePy > cfg.maxTransferBytesOnMessageInDisk) return true;
    if (messageTotal > cfg.maxTransferCountOnMessageInDisk - 1) return true;
  } else {
    if (bufferTotal + sizePy > cfg.maxTransferBytesOnMessageInMemory) return true;
    if (messageTotal > cfg.maxTransferCountOnMessageInMemory - 1) return true;
  }
  return false;
}

/** The part of getMessage past the offset checks: `offset` is within [min, max) of `cq`. */
export async function readQueueMessages(
  d: GetMessageDeps,
  cq: ConsumeQueue,
  offset: number,
  maxMsgNums: number,
  maxTotalBytes: number,
  filter: MessageFilter | null,
  r: GetMessageResult,
): Promise<void> {
  const { cfg, commitLog } = d;
  const maxOffsetPy = commitLog.maxOffset;
  const maxFilterBytes = Math.max(16000, maxMsgNums * CQ_UNIT);
  const units = await cq.readUnits(offset, maxFilterBytes);
  if (!units) {
    r.status = GetMessageStatus.OFFSET_FOUND_NULL;
    r.nextBeginOffset = rollNextFile(cq, offset);
    return;
  }
  r.status = GetMessageStatus.NO_MATCHED_MESSAGE;
  let nextPhyFileStart = -1;
  let maxPhyPulling = 0;
  let total = 0;
  const phys: number[] = [];
  const sizes: number[] = [];
  const qoffs: number[] = [];
  const clMin = commitLog.minOffset;
  let i = 0;
  for (; i < units.length && i < maxFilterBytes; i += CQ_UNIT) {
    const offsetPy = readInt64BE(units, i);
    const sizePy = readInt32BE(units, i + 8);
    const tagsCode = readInt64BE(units, i + 12);
    maxPhyPulling = offsetPy;
    if (nextPhyFileStart >= 0 && offsetPy < nextPhyFileStart) continue;
    if (isTheBatchFull(cfg, sizePy, maxMsgNums, maxTotalBytes, total, phys.length, isInDisk(cfg, offsetPy, maxOffsetPy))) break;
    if (filter && !filter.isMatchedByConsumeQueue(tagsCode)) {
      if (total === 0) r.status = GetMessageStatus.NO_MATCHED_MESSAGE;
      continue;
    }
    if (offsetPy < clMin || sizePy <= 0 || sizePy > d.maxRecordSize || !commitLog.segments.find(offsetPy)) {
      if (total === 0) r.status = GetMessageStatus.MESSAGE_WAS_REMOVING;
      nextPhyFileStart = commitLog.rollNextFile(offsetPy);
      continue;
    }
    phys.push(offsetPy);
    sizes.push(sizePy);
    qoffs.push(offset + i / CQ_UNIT);
    total += sizePy;
    r.status = GetMessageStatus.FOUND;
    nextPhyFileStart = -1;
  }
  r.nextBeginOffset = offset + i / CQ_UNIT;
  r.suggestPullingFromSlave = maxOffsetPy - maxPhyPulling > memoryLimit(cfg);
  if (phys.length === 0) return;

  // Records still in memory are taken as views, one by one. The others come from disk: records
  // close together (a queue's messages interleave with other queues') come from one read covering
  // them all, as long as the bytes read and dropped in between stay few; otherwise each record is
  // its own read, which the commit log serves from its block cache when the other queues'
  // consumers read the same stretch.
  const commitFilter = filter?.isMatchedByCommitLog ? filter : null;
  let k = 0;
  while (k < phys.length) {
    const inMemory = commitLog.viewFromMemory(phys[k]!, sizes[k]!);
    if (inMemory) {
      if (!commitFilter || commitFilter.isMatchedByCommitLog!(inMemory)) take(r, inMemory, qoffs[k]!);
      k++;
      continue;
    }
    let j = k + 1;
    let end = phys[k]! + sizes[k]!;
    let wanted = sizes[k]!;
    const segEnd = commitLog.rollNextFile(phys[k]!);
    while (j < phys.length && phys[j]! >= end && phys[j]! - end <= MAX_GAP && phys[j]! + sizes[j]! <= segEnd) {
      const span = phys[j]! + sizes[j]! - phys[k]!;
      if (span > MAX_SPAN || (span > CHEAP_SPAN && span > 2 * (wanted + sizes[j]!))) break;
      end = phys[j]! + sizes[j]!;
      wanted += sizes[j]!;
      j++;
    }
    const span = await commitLog.read(phys[k]!, end - phys[k]!);
    if (span) {
      for (let m = k; m < j; m++) {
        const rec = span.subarray(phys[m]! - phys[k]!, phys[m]! - phys[k]! + sizes[m]!);
        if (!commitFilter || commitFilter.isMatchedByCommitLog!(rec)) take(r, rec, qoffs[m]!);
      }
    }
    k = j;
  }
  if (r.messageBuffers.length === 0) {
    r.status = filter?.isMatchedByCommitLog ? GetMessageStatus.NO_MATCHED_MESSAGE : GetMessageStatus.MESSAGE_WAS_REMOVING;
  }
}

function take(r: GetMessageResult, rec: Buffer, queueOffset: number): void {
  r.messageBuffers.push(rec);
  r.messageQueueOffsets.push(queueOffset);
  r.bufferTotalSize += rec.length;
}

function rollNextFile(cq: ConsumeQueue, index: number): number {
  const units = cq.fileSize / CQ_UNIT;
  return index + units - (index % units);
}
