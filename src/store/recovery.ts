// Startup recovery. After a clean shutdown (no abort file) the last three segments are verified, as
// Java does. After a crash every record from the segment the checkpoint points to is validated
// (magic, size, offset, body CRC), a torn tail is cut off, consume-queue units and index entries
// pointing past the valid end are removed, and the records the queues or the index may have missed
// are dispatched again: recovery is a replay of the commit log.

import { getLogger } from '../common/logger.js';
import { readInt32BE, readInt64BE } from '../common/message/int64.js';
import { MESSAGE_MAGIC_CODE, RecordPos, storeTimestampPos } from '../common/message/record-codec.js';
import type { StoreCheckpoint } from './checkpoint.js';
import type { CommitLog } from './commit-log.js';
import type { ConsumeQueueTable } from './consume-queue-table.js';
import type { Dispatcher } from './dispatch.js';
import type { IndexService } from './index-service.js';
import { BLANK, checkRecord, INCOMPLETE, newScannedRecord } from './record-scan.js';
import type { Segment } from './segment.js';

const log = getLogger('store');
const CHUNK = 4 * 1024 * 1024;

export interface RecoveryContext {
  commitLog: CommitLog;
  cqs: ConsumeQueueTable;
  index: IndexService;
  indexEnable: boolean;
  indexSafe: boolean;
  checkpoint: StoreCheckpoint;
  dispatcher: Dispatcher;
  checkCRC: boolean;
  maxRecordSize: number;
}

export interface RecoveryReport {
  lastExitOK: boolean;
  validEnd: number;
  replayedFrom: number;
  replayedRecords: number;
}

interface ScanEnd {
  /** In-file position where the valid records end. */
  pos: number;
  /** Whether a blank marker ended the segment (the next segment continues the log). */
  blank: boolean;
}

/** Validates the records of `seg` from its start and reports where they end. Reads in chunks. */
async function scanSegment(seg: Segment, checkCRC: boolean, maxRecordSize: number): Promise<ScanEnd> {
  let buf = Buffer.allocUnsafe(Math.min(CHUNK, seg.size));
  let pos = 0;
  while (pos < seg.size) {
    const n = await seg.read(buf, 0, Math.min(buf.length, seg.size - pos), pos);
    if (n <= 0) return { pos, blank: false };
    let p = 0;
    let r = 0;
    while ((r = checkRecord(buf, p, n, seg.base + pos + p, checkCRC, null)) > 0) p += r;
    if (r === BLANK) return { pos: pos + p, blank: true };
    if (r === INCOMPLETE && pos + n < seg.size) {
      if (p === 0) {
        // One record larger than the buffer: grow it, within the largest legal record.
        const size = readInt32BE(buf, 0);
        if (size <= buf.length || size > maxRecordSize + 8 || size > seg.size - pos) return { pos, blank: false };
        buf = Buffer.allocUnsafe(size);
      }
      pos += p;
      continue;
    }
    return { pos: pos + p, blank: false };
  }
  return { pos: seg.size, blank: false };
}

/** Scans from segment `startIdx` on; returns the physical offset where the valid log ends. */
async function findValidEnd(ctx: RecoveryContext, startIdx: number): Promise<number> {
  const segs = ctx.commitLog.segments.segments;
  for (let i = startIdx; i < segs.length; i++) {
    const seg = segs[i]!;
    const end = await scanSegment(seg, ctx.checkCRC, ctx.maxRecordSize);
    if (!end.blank || i + 1 >= segs.length) return seg.base + end.pos;
  }
  return segs.length > 0 ? segs[segs.length - 1]!.base : 0;
}

/** Java's isMappedFileMatchedRecover: does the segment start with a record stored before the checkpoint? */
async function startsBeforeCheckpoint(seg: Segment, limit: number): Promise<boolean> {
  const head = Buffer.allocUnsafe(128);
  const n = await seg.read(head, 0, head.length, 0);
  if (n < 64 || readInt32BE(head, 4) !== MESSAGE_MAGIC_CODE) return false;
  const ts = readInt64BE(head, storeTimestampPos(readInt32BE(head, RecordPos.SYSFLAG)));
  return ts !== 0 && ts <= limit;
}

/** Replays the (already validated) records in [from, to) through the dispatcher; returns how many. */
async function replay(ctx: RecoveryContext, from: number, to: number): Promise<number> {
  const rec = newScannedRecord();
  let buf = Buffer.allocUnsafe(CHUNK);
  let count = 0;
  let offset = from;
  while (offset < to) {
    const seg = ctx.commitLog.segments.find(offset);
    if (!seg) break;
    const stop = Math.min(to, seg.end);
    const n = await seg.read(buf, 0, Math.min(buf.length, stop - offset), offset - seg.base);
    if (n <= 0) break;
    let p = 0;
    let r = 0;
    while ((r = checkRecord(buf, p, n, offset + p, false, rec)) > 0) {
      ctx.dispatcher.replay(rec);
      count++;
      p += r;
    }
    offset += p;
    // A long replay writes its consume-queue units and index entries as it goes, not all at the end.
    await ctx.cqs.writeBehind();
    await ctx.index.writeBehind();
    if (r === BLANK || offset >= stop) {
      if (r === BLANK || stop === seg.end) offset = seg.end;
      continue;
    }
    if (r === INCOMPLETE) {
      if (p === 0) {
        const size = readInt32BE(buf, 0);
        if (size <= buf.length || size > ctx.maxRecordSize + 8) break;
        buf = Buffer.allocUnsafe(size);
      }
      continue;
    }
    log.error('replay met an invalid record inside the validated range', { offset });
    break;
  }
  return count;
}

export async function recover(ctx: RecoveryContext, lastExitOK: boolean): Promise<RecoveryReport> {
  const { commitLog, cqs, index, checkpoint, dispatcher } = ctx;
  const segs = commitLog.segments.segments;
  await cqs.recover();
  const report: RecoveryReport = { lastExitOK, validEnd: 0, replayedFrom: 0, replayedRecords: 0 };

  if (segs.length === 0) {
    if (cqs.maxPhysicOffset() >= 0) log.warn('the commit log is gone: deleting the consume queues');
    await cqs.destroyAll();
    await index.destroy();
    commitLog.resetAppendPosition(0);
    dispatcher.dispatchedOffset = 0;
    return report;
  }

  let startIdx: number;
  if (lastExitOK) {
    startIdx = Math.max(0, segs.length - 3);
  } else {
    const limit = ctx.indexEnable && ctx.indexSafe ? checkpoint.minTimestampIndex : checkpoint.minTimestamp;
    startIdx = 0;
    for (let i = segs.length - 1; i >= 0; i--) {
      if (await startsBeforeCheckpoint(segs[i]!, limit)) {
        startIdx = i;
        break;
      }
    }
    log.info('recovering after an abnormal shutdown', { fromSegment: segs[startIdx]!.file, checkpoint: limit });
  }
  const validEnd = await findValidEnd(ctx, startIdx);
  report.validEnd = validEnd;

  // Cut what lies past the valid end: the rest of its segment reads as zeros, later segments go.
  const endSeg = commitLog.segments.find(validEnd) ?? commitLog.segments.last!;
  await commitLog.segments.truncateAfter(validEnd);
  if (validEnd >= endSeg.base && validEnd < endSeg.end) await endSeg.zeroFrom(validEnd - endSeg.base);

  await cqs.truncateDirty(validEnd);
  if (lastExitOK) await index.recoverNormally();
  else await index.recoverAfterCrash(validEnd, checkpoint.indexMsgTimestamp);

  const minOffset = commitLog.minOffset;
  let from: number;
  if (lastExitOK) {
    from = Math.max(cqs.maxPhysicOffset(), minOffset, 0);
  } else {
    from = segs[Math.min(startIdx, segs.length - 1)]?.base ?? minOffset;
  }
  if (ctx.indexEnable && index.files.length > 0) from = Math.min(from, index.resumeFrom);
  from = Math.min(Math.max(from, minOffset), validEnd);
  report.replayedFrom = from;
  dispatcher.dispatchedOffset = from;
  report.replayedRecords = await replay(ctx, from, validEnd);
  dispatcher.dispatchedOffset = validEnd;

  await cqs.resetOffsets(minOffset);
  commitLog.resetAppendPosition(validEnd);
  await cqs.writeBehind();
  await index.writeBehind();
  log.info('store recovered', { ...report });
  return report;
}
