// The HA wire format of RocketMQ 4.x (HAService / HAConnection), raw TCP without remoting frames:
//
//   slave -> master:  report := int64 maxPhyOffset                      (8 bytes, big-endian)
//   master -> slave:  frame  := int64 phyOffset | int32 size | byte[size] (commit-log bytes)
//
// A report is both the slave's request (the first one: where to start) and its acknowledgement
// (every later one: everything below it is stored). A frame of size 0 is a heartbeat; its offset is
// where the next data will start. Frames carry whole stretches of the commit log cut anywhere,
// never more than one segment.

import { readInt32BE, readInt64BE, writeInt32BE, writeInt64BE } from '../common/message/int64.js';

export const REPORT_SIZE = 8;
export const FRAME_HEADER_SIZE = 12;
/** Java's slave reads into a 4 MiB buffer: a larger frame could never be taken whole. */
export const MAX_FRAME_BODY = 4 * 1024 * 1024 - FRAME_HEADER_SIZE;

export function encodeReport(offset: number): Buffer {
  const b = Buffer.allocUnsafe(REPORT_SIZE);
  writeInt64BE(b, offset, 0);
  return b;
}

/** Writes a frame header at buf[pos]. */
export function writeFrameHeader(buf: Buffer, pos: number, offset: number, size: number): void {
  writeInt64BE(buf, offset, pos);
  writeInt32BE(buf, size, pos + 8);
}

/** Splits a byte stream into 8-byte offset reports; a report may arrive in pieces. */
export class ReportDecoder {
  private readonly partial = Buffer.alloc(REPORT_SIZE);
  private partialLen = 0;

  /** Calls `onReport` for every whole report in `chunk`, in order; stops early when it returns false. */
  push(chunk: Buffer, onReport: (offset: number) => boolean): boolean {
    let p = 0;
    if (this.partialLen > 0) {
      const n = Math.min(REPORT_SIZE - this.partialLen, chunk.length);
      chunk.copy(this.partial, this.partialLen, 0, n);
      this.partialLen += n;
      p = n;
      if (this.partialLen < REPORT_SIZE) return true;
      this.partialLen = 0;
      if (!onReport(readInt64BE(this.partial, 0))) return false;
    }
    for (; p + REPORT_SIZE <= chunk.length; p += REPORT_SIZE) if (!onReport(readInt64BE(chunk, p))) return false;
    if (p < chunk.length) {
      chunk.copy(this.partial, 0, p);
      this.partialLen = chunk.length - p;
    }
    return true;
  }
}

export interface FrameSink {
  /** A frame header; false stops decoding (the connection is to be closed). */
  header(offset: number, size: number): boolean;
  /** Body bytes of the current frame, in order; they may be a view of the chunk. False stops decoding. */
  body(bytes: Buffer): boolean | void;
}

/** Splits a byte stream into frame headers and body pieces, without gathering a body in memory. */
export class FrameDecoder {
  private readonly head = Buffer.alloc(FRAME_HEADER_SIZE);
  private headLen = 0;
  /** Body bytes of the current frame still to come. */
  private bodyLeft = 0;

  /** Feeds one chunk; false when a header was refused (its size, or by the sink), or the sink refused a body. */
  push(chunk: Buffer, sink: FrameSink): boolean {
    let p = 0;
    while (p < chunk.length) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, chunk.length - p);
        if (sink.body(chunk.subarray(p, p + n)) === false) return false;
        this.bodyLeft -= n;
        p += n;
        continue;
      }
      let offset: number;
      let size: number;
      if (this.headLen === 0 && chunk.length - p >= FRAME_HEADER_SIZE) {
        offset = readInt64BE(chunk, p);
        size = readInt32BE(chunk, p + 8);
        p += FRAME_HEADER_SIZE;
      } else {
        const n = Math.min(FRAME_HEADER_SIZE - this.headLen, chunk.length - p);
        chunk.copy(this.head, this.headLen, p, p + n);
        this.headLen += n;
        p += n;
        if (this.headLen < FRAME_HEADER_SIZE) break;
        this.headLen = 0;
        offset = readInt64BE(this.head, 0);
        size = readInt32BE(this.head, 8);
      }
      if (size < 0 || size > MAX_FRAME_BODY || offset < 0) return false;
      if (!sink.header(offset, size)) return false;
      this.bodyLeft = size;
    }
    return true;
  }
}
