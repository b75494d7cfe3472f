// The commit-log message record (big-endian), as stored and as sent in PULL_MESSAGE bodies:
//   record = totalSize i32 | magic i32 | bodyCRC i32 | queueId i32 | flag i32 | queueOffset i64
//            | physicalOffset i64 | sysFlag i32 | bornTimestamp i64 | bornHost (4+4 | 16+4)
//            | storeTimestamp i64 | storeHost (4+4 | 16+4) | reconsumeTimes i32
//            | preparedTransactionOffset i64 | bodyLength i32 | body | topicLength | topic
//            | propertiesLength i16 | properties (UTF-8, see properties.ts)
// magic 0xDAA320A7 (v1) has a 1-byte topicLength; magic 0xDAA320AB (v2, RocketMQ 5) a 2-byte one.
// bornHost is 16+4 bytes when sysFlag has BORNHOST_V6, storeHost when it has STOREHOSTADDRESS_V6.
// bodyCRC = CRC32(stored body) & 0x7FFFFFFF. A segment's unused tail starts with the blank marker
// totalSize (remaining bytes) | 0xCBD43194.

import zlib from 'node:zlib';
import { bodyForSysFlag } from './compression.js';
import { readInt64BE, writeInt64BE } from './int64.js';
import { createMessageId } from './message-id.js';
import { MessageExt } from './message-ext.js';
import { decodeProperties } from './properties.js';
import { decodeSocketAddress } from './socket-address.js';
import { MessageSysFlag } from './sysflag.js';

export const MESSAGE_MAGIC_CODE = -626843481; // 0xDAA320A7
export const MESSAGE_MAGIC_CODE_V2 = -626843477; // 0xDAA320AB
export const BLANK_MAGIC_CODE = -875286124; // 0xCBD43194
/** The blank marker written at the end of a full segment: totalSize and magic. */
export const END_FILE_MIN_BLANK_LENGTH = 8;

export const RecordPos = {
  TOTAL_SIZE: 0,
  MAGIC: 4,
  BODY_CRC: 8,
  QUEUE_ID: 12,
  FLAG: 16,
  QUEUE_OFFSET: 20,
  PHYSICAL_OFFSET: 28,
  SYSFLAG: 36,
  BORN_TIMESTAMP: 40,
  BORN_HOST: 48,
} as const;

export class MessageDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MessageDecodeError';
  }
}

export function bornHostLength(sysFlag: number): number {
  return (sysFlag & MessageSysFlag.BORNHOST_V6_FLAG) === 0 ? 8 : 20;
}

export function storeHostLength(sysFlag: number): number {
  return (sysFlag & MessageSysFlag.STOREHOSTADDRESS_V6_FLAG) === 0 ? 8 : 20;
}

/** Offset of storeTimestamp inside a record. */
export function storeTimestampPos(sysFlag: number): number {
  return RecordPos.BORN_HOST + bornHostLength(sysFlag);
}

/** Offset of bodyLength inside a record. */
export function bodyLengthPos(sysFlag: number): number {
  return RecordPos.BORN_HOST + bornHostLength(sysFlag) + 8 + storeHostLength(sysFlag) + 4 + 8;
}

/** totalSize of a record with these field sizes (Java's calMsgLength). */
export function recordLength(
  sysFlag: number,
  bodyLength: number,
  topicLength: number,
  propertiesLength: number,
  topicLengthSize = 1,
): number {
  return 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + bornHostLength(sysFlag) + 8 + storeHostLength(sysFlag) + 4 + 8 +
    4 + (bodyLength > 0 ? bodyLength : 0) + topicLengthSize + topicLength + 2 + (propertiesLength > 0 ? propertiesLength : 0);
}

/**
 * Where the properties string of the record at `pos` lies, [start, end), without decoding the rest;
 * null when it has none (a length of zero or less, as Java's MessageDecoder.decodeProperties reads
 * the signed 16-bit length).
 */
export function recordPropertiesBounds(buf: Buffer, pos = 0): [number, number] | null {
  const sysFlag = buf.readInt32BE(pos + RecordPos.SYSFLAG);
  let p = pos + bodyLengthPos(sysFlag);
  p += 4 + buf.readInt32BE(p);
  const v1 = buf.readInt32BE(pos + RecordPos.MAGIC) === MESSAGE_MAGIC_CODE;
  p += v1 ? 1 + buf.readInt8(p) : 2 + buf.readInt16BE(p);
  const len = buf.readInt16BE(p);
  return len > 0 ? [p + 2, p + 2 + len] : null;
}

/** CRC32 of a body as RocketMQ stores it: the unsigned CRC with the top bit cleared. */
export function bodyCrc(body: Uint8Array): number {
  return zlib.crc32(body) & 0x7fffffff;
}

export interface DecodeOptions {
  /** Read the body (default true); without it `body` is empty. */
  readBody?: boolean;
  /** Decompress a compressed body (default true). */
  decompress?: boolean;
}

const EMPTY: Buffer = Buffer.alloc(0);

/** Decodes the record starting at `pos`. Throws MessageDecodeError when it is not a whole record. */
export function decodeMessage(buf: Buffer, pos = 0, opts: DecodeOptions = {}): MessageExt {
  const readBody = opts.readBody ?? true;
  const decompress = opts.decompress ?? true;
  const avail = buf.length - pos;
  if (avail < 8) throw new MessageDecodeError(`record at ${pos}: ${avail} bytes left, need at least 8`);
  const storeSize = buf.readInt32BE(pos);
  const magic = buf.readInt32BE(pos + 4);
  if (magic !== MESSAGE_MAGIC_CODE && magic !== MESSAGE_MAGIC_CODE_V2) {
    throw new MessageDecodeError(`record at ${pos}: bad magic 0x${(magic >>> 0).toString(16)}`);
  }
  if (storeSize < 0 || storeSize > avail) throw new MessageDecodeError(`record at ${pos}: totalSize ${storeSize} but ${avail} bytes left`);
  const end = pos + storeSize;
  const sysFlag = buf.readInt32BE(pos + RecordPos.SYSFLAG);
  const bornLen = bornHostLength(sysFlag);
  const storeLen = storeHostLength(sysFlag);
  let p = pos + RecordPos.BORN_HOST;
  const bornHostBytes = Buffer.from(buf.subarray(p, p + bornLen));
  const bornHost = decodeSocketAddress(buf, p, bornLen === 20);
  p += bornLen;
  const storeTimestamp = readInt64BE(buf, p);
  p += 8;
  const storeHostBytes = Buffer.from(buf.subarray(p, p + storeLen));
  const storeHost = decodeSocketAddress(buf, p, storeLen === 20);
  p += storeLen;
  const reconsumeTimes = buf.readInt32BE(p);
  const preparedTransactionOffset = readInt64BE(buf, p + 4);
  p += 12;
  const bodyLen = buf.readInt32BE(p);
  p += 4;
  if (bodyLen < 0 || p + bodyLen > end) throw new MessageDecodeError(`record at ${pos}: body of ${bodyLen} bytes overruns the record`);
  let body: Buffer = EMPTY;
  if (bodyLen > 0 && readBody) {
    const raw = Buffer.from(buf.subarray(p, p + bodyLen));
    body = decompress ? bodyForSysFlag(raw, sysFlag) : raw;
  }
  p += bodyLen;
  const version = magic === MESSAGE_MAGIC_CODE ? 1 : 2;
  const topicLen = version === 1 ? buf.readInt8(p) : buf.readInt16BE(p);
  p += version === 1 ? 1 : 2;
  if (topicLen < 0 || p + topicLen + 2 > end) throw new MessageDecodeError(`record at ${pos}: topic overruns the record`);
  const topic = buf.toString('utf8', p, p + topicLen);
  p += topicLen;
  const propLen = buf.readInt16BE(p);
  p += 2;
  if (p + Math.max(propLen, 0) > end) throw new MessageDecodeError(`record at ${pos}: properties overrun the record`);
  const propertiesString = propLen > 0 ? buf.toString('utf8', p, p + propLen) : '';
  const commitLogOffset = readInt64BE(buf, pos + RecordPos.PHYSICAL_OFFSET);
  return new MessageExt({
    topic,
    flag: buf.readInt32BE(pos + RecordPos.FLAG),
    body,
    propertiesString,
    properties: decodeProperties(propertiesString),
    queueId: buf.readInt32BE(pos + RecordPos.QUEUE_ID),
    storeSize,
    queueOffset: readInt64BE(buf, pos + RecordPos.QUEUE_OFFSET),
    sysFlag,
    bornTimestamp: readInt64BE(buf, pos + RecordPos.BORN_TIMESTAMP),
    bornHost,
    bornHostBytes,
    storeTimestamp,
    storeHost,
    storeHostBytes,
    commitLogOffset,
    bodyCRC: buf.readInt32BE(pos + RecordPos.BODY_CRC),
    reconsumeTimes,
    preparedTransactionOffset,
    msgId: createMessageId(storeHostBytes, commitLogOffset),
    version,
  });
}

/**
 * Decodes concatenated records (a PULL_MESSAGE or QUERY_MESSAGE body). Like Java's
 * MessageDecoder.decodes, it stops at the first record it cannot decode.
 */
export function decodeMessages(buf: Buffer, opts: DecodeOptions = {}): MessageExt[] {
  const out: MessageExt[] = [];
  let pos = 0;
  while (pos < buf.length) {
    let m: MessageExt;
    try {
      m = decodeMessage(buf, pos, opts);
    } catch {
      break;
    }
    out.push(m);
    pos += m.storeSize;
  }
  return out;
}

/** What `encodeMessage` needs: a MessageExt, or the same fields from elsewhere. */
export interface EncodableMessage {
  topic: string;
  flag: number;
  /** The body as stored (already compressed when the sysFlag says so). */
  body: Uint8Array;
  propertiesString: string;
  queueId: number;
  queueOffset: number;
  commitLogOffset: number;
  sysFlag: number;
  bornTimestamp: number;
  bornHostBytes: Uint8Array;
  storeTimestamp: number;
  storeHostBytes: Uint8Array;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  /** Computed from the body when absent. */
  bodyCRC?: number;
}

/**
 * Encodes one v1 record. The V6 sysFlag bits follow the host field lengths (20 bytes means IPv6),
 * as Java sets them from the address type.
 */
export function encodeMessage(m: EncodableMessage): Buffer {
  let sysFlag = m.sysFlag;
  sysFlag = m.bornHostBytes.length === 20 ? sysFlag | MessageSysFlag.BORNHOST_V6_FLAG : sysFlag & ~MessageSysFlag.BORNHOST_V6_FLAG;
  sysFlag = m.storeHostBytes.length === 20
    ? sysFlag | MessageSysFlag.STOREHOSTADDRESS_V6_FLAG
    : sysFlag & ~MessageSysFlag.STOREHOSTADDRESS_V6_FLAG;
  const topicLen = Buffer.byteLength(m.topic, 'utf8');
  const propLen = Buffer.byteLength(m.propertiesString, 'utf8');
  if (topicLen > 127) throw new RangeError(`topic of ${topicLen} bytes does not fit a v1 record`);
  if (propLen > 32767) throw new RangeError(`properties of ${propLen} bytes exceed 32767`);
  const size = recordLength(sysFlag, m.body.length, topicLen, propLen);
  const b = Buffer.allocUnsafe(size);
  b.writeInt32BE(size, 0);
  b.writeInt32BE(MESSAGE_MAGIC_CODE, 4);
  b.writeInt32BE(m.bodyCRC ?? bodyCrc(m.body), 8);
  b.writeInt32BE(m.queueId, 12);
  b.writeInt32BE(m.flag, 16);
  writeInt64BE(b, m.queueOffset, 20);
  writeInt64BE(b, m.commitLogOffset, 28);
  b.writeInt32BE(sysFlag, 36);
  writeInt64BE(b, m.bornTimestamp, 40);
  let p = 48;
  b.set(m.bornHostBytes, p);
  p += m.bornHostBytes.length;
  writeInt64BE(b, m.storeTimestamp, p);
  p += 8;
  b.set(m.storeHostBytes, p);
  p += m.storeHostBytes.length;
  b.writeInt32BE(m.reconsumeTimes, p);
  writeInt64BE(b, m.preparedTransactionOffset, p + 4);
  p += 12;
  b.writeInt32BE(m.body.length, p);
  p += 4;
  b.set(m.body, p);
  p += m.body.length;
  b.writeInt8(topicLen, p);
  p += 1;
  p += b.write(m.topic, p, 'utf8');
  b.writeInt16BE(propLen, p);
  p += 2;
  b.write(m.propertiesString, p, 'utf8');
  return b;
}
