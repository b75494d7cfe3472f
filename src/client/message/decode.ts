// One-pass decoding of concatenated stored records (PULL_MESSAGE, QUERY_MESSAGE and
// VIEW_MESSAGE_BY_ID bodies) into lazy MessageExt views: per record it reads the total size, the
// magic, the sysFlag and the body length, and checks the bounds; nothing is copied.
// Like Java's MessageDecoder.decodes, it stops at the first record that does not decode.

import { bodyLengthPos, MESSAGE_MAGIC_CODE, MESSAGE_MAGIC_CODE_V2, RecordPos } from '../../common/message/record-codec.js';
import { MessageExt, type PullBatchInfo } from './message-ext.js';

/** The record at `pos`, or undefined when the bytes there are not a whole record. */
export function decodeMessageExt(buf: Buffer, pos = 0, batch?: PullBatchInfo): MessageExt | undefined {
  const avail = buf.length - pos;
  if (avail < 56) return undefined;
  const size = buf.readInt32BE(pos);
  if (size < 56 || size > avail) return undefined;
  const magic = buf.readInt32BE(pos + RecordPos.MAGIC);
  if (magic !== MESSAGE_MAGIC_CODE && magic !== MESSAGE_MAGIC_CODE_V2) return undefined;
  const sysFlag = buf.readInt32BE(pos + RecordPos.SYSFLAG);
  const bodyLenPos = pos + bodyLengthPos(sysFlag);
  const end = pos + size;
  if (bodyLenPos + 4 > end) return undefined;
  const bodyLen = buf.readInt32BE(bodyLenPos);
  const bodyPos = bodyLenPos + 4;
  // After the body: the topic length (1 or 2 bytes), the topic, and a 2-byte properties length.
  if (bodyLen < 0 || bodyPos + bodyLen + (magic === MESSAGE_MAGIC_CODE ? 3 : 4) > end) return undefined;
  return new MessageExt(buf, pos, size, sysFlag, bodyPos, bodyLen, batch);
}

/** Every whole record of `buf`, in order. */
export function decodeMessageExts(buf: Buffer, batch?: PullBatchInfo): MessageExt[] {
  const out: MessageExt[] = [];
  let pos = 0;
  const len = buf.length;
  while (pos < len) {
    const m = decodeMessageExt(buf, pos, batch);
    if (m === undefined) break;
    out.push(m);
    pos += m.storeSize;
  }
  return out;
}
