// Validating and reading commit-log records in place, for recovery and replay (Java's
// checkMessageAndReturnSize). The layout is the one in common/message/record-codec.ts.

import zlib from 'node:zlib';
import { readInt32BE, readInt64BE } from '../common/message/int64.js';
import {
  BLANK_MAGIC_CODE,
  bornHostLength,
  MESSAGE_MAGIC_CODE,
  MESSAGE_MAGIC_CODE_V2,
  recordLength,
  RecordPos,
  storeHostLength,
} from '../common/message/record-codec.js';

/** What dispatch needs from one record. */
export interface ScannedRecord {
  size: number;
  topic: string;
  queueId: number;
  queueOffset: number;
  physicalOffset: number;
  storeTimestamp: number;
  sysFlag: number;
  props: string;
}

/** checkRecord results besides a positive record size. */
export const BLANK = 0;
export const INVALID = -1;
export const INCOMPLETE = -2;

const MIN_RECORD = recordLength(0, 0, 0, 0);

/**
 * Checks the record at buf[pos, end): its size (> 0) when whole and valid, BLANK for the end-of-segment
 * marker, INCOMPLETE when it runs past `end`, INVALID otherwise. `expectedOffset` is where the record
 * sits in the commit log; a record claiming another offset is garbage left from an earlier write.
 */
export function checkRecord(
  buf: Buffer,
  pos: number,
  end: number,
  expectedOffset: number,
  checkCRC: boolean,
  out: ScannedRecord | null,
): number {
  if (end - pos < 8) return INCOMPLETE;
  const size = readInt32BE(buf, pos);
  const magic = readInt32BE(buf, pos + 4);
  if (magic === BLANK_MAGIC_CODE) return BLANK;
  if (magic !== MESSAGE_MAGIC_CODE && magic !== MESSAGE_MAGIC_CODE_V2) return INVALID;
  if (size < MIN_RECORD) return INVALID;
  if (end - pos < size) return INCOMPLETE;
  const sysFlag = readInt32BE(buf, pos + RecordPos.SYSFLAG);
  if (readInt64BE(buf, pos + RecordPos.PHYSICAL_OFFSET) !== expectedOffset) return INVALID;
  let p = pos + RecordPos.BORN_HOST + bornHostLength(sysFlag);
  const storeTimestamp = readInt64BE(buf, p);
  p += 8 + storeHostLength(sysFlag) + 12;
  const bodyLen = readInt32BE(buf, p);
  p += 4;
  if (bodyLen < 0 || p + bodyLen > pos + size) return INVALID;
  if (checkCRC && bodyLen > 0 && (zlib.crc32(buf.subarray(p, p + bodyLen)) & 0x7fffffff) !== readInt32BE(buf, pos + RecordPos.BODY_CRC)) {
    return INVALID;
  }
  p += bodyLen;
  const v2 = magic === MESSAGE_MAGIC_CODE_V2;
  const topicLen = v2 ? (buf[p]! << 8) | buf[p + 1]! : (buf[p]! << 24) >> 24;
  p += v2 ? 2 : 1;
  if (topicLen < 0 || p + topicLen + 2 > pos + size) return INVALID;
  const topicStart = p;
  p += topicLen;
  const propLen = ((buf[p]! << 24) >> 16) | buf[p + 1]!;
  p += 2;
  if (recordLength(sysFlag, bodyLen, topicLen, propLen, v2 ? 2 : 1) !== size) return INVALID;
  if (out) {
    out.size = size;
    out.topic = buf.toString('utf8', topicStart, topicStart + topicLen);
    out.queueId = readInt32BE(buf, pos + RecordPos.QUEUE_ID);
    out.queueOffset = readInt64BE(buf, pos + RecordPos.QUEUE_OFFSET);
    out.physicalOffset = expectedOffset;
    out.storeTimestamp = storeTimestamp;
    out.sysFlag = sysFlag;
    out.props = propLen > 0 ? buf.toString('utf8', p, p + propLen) : '';
  }
  return size;
}

export function newScannedRecord(): ScannedRecord {
  return { size: 0, topic: '', queueId: 0, queueOffset: 0, physicalOffset: 0, storeTimestamp: 0, sysFlag: 0, props: '' };
}
