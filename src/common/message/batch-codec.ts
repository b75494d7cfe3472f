// The body of SEND_BATCH_MESSAGE (Java's MessageDecoder.encodeMessages), big-endian:
//   batch   = *message
//   message = totalSize i32 | magic i32 (0) | bodyCRC i32 (0) | flag i32 | bodyLength i32 | body
//             | propertiesLength i16 | properties (UTF-8, see properties.ts)
// The topic and queue travel in the request header; the broker stores each message separately.

import { MessageDecodeError } from './record-codec.js';

export interface BatchEntry {
  flag: number;
  body: Buffer;
  propertiesString: string;
}

export function encodeBatch(messages: readonly { flag: number; body: Uint8Array; propertiesString: string }[]): Buffer {
  let total = 0;
  const propLens: number[] = [];
  for (const m of messages) {
    const pl = Buffer.byteLength(m.propertiesString, 'utf8');
    if (pl > 32767) throw new RangeError(`properties of ${pl} bytes exceed 32767`);
    propLens.push(pl);
    total += 4 + 4 + 4 + 4 + 4 + m.body.length + 2 + pl;
  }
  const out = Buffer.allocUnsafe(total);
  let p = 0;
  messages.forEach((m, i) => {
    const size = 4 + 4 + 4 + 4 + 4 + m.body.length + 2 + propLens[i]!;
    out.writeInt32BE(size, p);
    out.writeInt32BE(0, p + 4);
    out.writeInt32BE(0, p + 8);
    out.writeInt32BE(m.flag, p + 12);
    out.writeInt32BE(m.body.length, p + 16);
    out.set(m.body, p + 20);
    p += 20 + m.body.length;
    out.writeInt16BE(propLens[i]!, p);
    p += 2;
    p += out.write(m.propertiesString, p, 'utf8');
  });
  return out;
}

export function decodeBatch(buf: Buffer): BatchEntry[] {
  const out: BatchEntry[] = [];
  let p = 0;
  while (p < buf.length) {
    if (buf.length - p < 22) throw new MessageDecodeError(`batch message at ${p}: truncated header`);
    const flag = buf.readInt32BE(p + 12);
    const bodyLen = buf.readInt32BE(p + 16);
    if (bodyLen < 0 || p + 20 + bodyLen + 2 > buf.length) throw new MessageDecodeError(`batch message at ${p}: body overruns the batch`);
    const body = buf.subarray(p + 20, p + 20 + bodyLen);
    let q = p + 20 + bodyLen;
    const propLen = buf.readInt16BE(q);
    q += 2;
    if (propLen < 0 || q + propLen > buf.length) throw new MessageDecodeError(`batch message at ${p}: properties overrun the batch`);
    out.push({ flag, body, propertiesString: buf.toString('utf8', q, q + propLen) });
    p = q + propLen;
  }
  return out;
}
