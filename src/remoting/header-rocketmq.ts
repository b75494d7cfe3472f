// ROCKETMQ binary header codec (RocketMQSerializable), big-endian:
//   int16 code | uint8 language | int16 version | int32 opaque | int32 flag
//   int32 remarkLength | remark (UTF-8)
//   int32 extFieldsLength | { int16 keyLength | key | int32 valueLength | value }*
// A zero-length string reads as absent in Java; we read it as "" and never write null entries.

import { RemotingCommandError } from './errors.js';
import { type RemotingCommand, SerializeType } from './command.js';
import { languageCodeOf, languageName } from './language.js';

/** Upper bound of the encoded size, so the encoder can write into a buffer without a sizing pass. */
export function rocketmqHeaderMaxSize(cmd: RemotingCommand): number {
  let n = 17 + (cmd.remark ? cmd.remark.length * 3 : 0);
  const ext = cmd.extFields;
  if (ext) {
    for (const k in ext) {
      const v = ext[k];
      if (v != null) n += 6 + (k.length + v.length) * 3;
    }
  }
  return n;
}

/** Writes the header at `off`; returns the number of bytes written. */
export function writeRocketmqHeader(cmd: RemotingCommand, buf: Buffer, off: number): number {
  const start = off;
  // Java writes code and version as shorts; wrap the same way rather than throw a RangeError.
  buf.writeInt16BE((cmd.code << 16) >> 16, off);
  buf[off + 2] = languageCodeOf(cmd.language);
  buf.writeInt16BE(cmd.version << 16 >> 16, off + 3);
  buf.writeInt32BE(cmd.opaque | 0, off + 5);
  buf.writeInt32BE(cmd.flag | 0, off + 9);
  off += 13;
  if (cmd.remark) {
    const n = buf.write(cmd.remark, off + 4, 'utf8');
    buf.writeInt32BE(n, off);
    off += 4 + n;
  } else {
    buf.writeInt32BE(0, off);
    off += 4;
  }
  const mapLenAt = off;
  off += 4;
  const ext = cmd.extFields;
  if (ext) {
    for (const k in ext) {
      const v = ext[k];
      if (v === undefined || v === null) continue;
      const kn = writeString(buf, k, off + 2);
      if (kn > 0x7fff) throw new RemotingCommandError(`extFields key of ${kn} bytes does not fit a ROCKETMQ header`);
      buf.writeInt16BE(kn, off);
      off += 2 + kn;
      const vn = writeString(buf, v, off + 4);
      buf.writeInt32BE(vn, off);
      off += 4 + vn;
    }
  }
  buf.writeInt32BE(off - mapLenAt - 4, mapLenAt);
  return off - start;
}

export function decodeRocketmqHeader(buf: Uint8Array): RemotingCommand {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const len = b.length;
  if (len < 17) throw new RemotingCommandError(`ROCKETMQ header too short: ${len} bytes`);
  const code = b.readInt16BE(0);
  const language = languageName(b[2]!);
  const version = b.readInt16BE(3);
  const opaque = b.readInt32BE(5);
  const flag = b.readInt32BE(9);
  let off = 13;
  const remarkLen = b.readInt32BE(off);
  off += 4;
  let remark: string | null = null;
  if (remarkLen !== 0) {
    if (remarkLen < 0 || off + remarkLen + 4 > len) {
      throw new RemotingCommandError(`ROCKETMQ header remark length ${remarkLen} exceeds header length ${len}`);
    }
    remark = b.toString('utf8', off, off + remarkLen);
    off += remarkLen;
  }
  if (off + 4 > len) throw new RemotingCommandError('ROCKETMQ header truncated before extFields');
  const extLen = b.readInt32BE(off);
  off += 4;
  let extFields: Record<string, string> | null = null;
  if (extLen > 0) {
    const end = off + extLen;
    if (end > len) throw new RemotingCommandError(`ROCKETMQ header extFields length ${extLen} exceeds header length ${len}`);
    extFields = {};
    while (off < end) {
      if (off + 2 > end) throw new RemotingCommandError('ROCKETMQ header extFields truncated');
      const kl = b.readInt16BE(off);
      off += 2;
      if (kl < 0 || off + kl + 4 > end) throw new RemotingCommandError('ROCKETMQ header extFields key truncated');
      const key = readKey(b, off, off + kl);
      off += kl;
      const vl = b.readInt32BE(off);
      off += 4;
      if (vl < 0 || off + vl > end) throw new RemotingCommandError('ROCKETMQ header extFields value truncated');
      const stats = key.stats;
      extFields[key.s] = stats === null || stats.intern ? readString(b, off, off + vl, stats) : b.toString('utf8', off, off + vl);
      off += vl;
    }
  } else if (extLen < 0) {
    throw new RemotingCommandError(`ROCKETMQ header extFields length ${extLen} is negative`);
  }
  return { code, language, version, opaque, flag, remark, extFields, body: null, serializeType: SerializeType.ROCKETMQ };
}

// Each header carries a dozen or more short strings, mostly ASCII, and Buffer's string methods cost
// about 80 ns a call whatever the length. Short ASCII strings are copied byte by byte instead, and
// read back through a small intern table: keys and most values (group, topic, "0", "false") repeat
// from one request to the next, so the common case is a hash, a lookup and a compare. Values of a
// key that keep changing (timestamps, offsets, message ids) would only churn the table: once most
// of a key's values were new, that key's values are decoded directly.
const SHORT = 32;
const INTERN_LIMIT = 4096;
const interned = new Map<number, string>();

interface ValueStats {
  tries: number;
  misses: number;
  intern: boolean;
}
/** A key as read, with how often its values were found in the intern table (null for non-ASCII keys). */
interface Key {
  s: string;
  stats: ValueStats | null;
}
const keys = new Map<number, Key>();
/** Values looked up before a key's verdict. */
const STATS_TRIES = 64;

function readKey(b: Buffer, start: number, end: number): Key {
  const n = end - start;
  let hash = n;
  let ascii = n <= SHORT;
  for (let i = start; ascii && i < end; i++) {
    const c = b[i]!;
    if (c >= 0x80) ascii = false;
    hash = Math.imul(hash ^ c, 16777619);
  }
  if (!ascii) return { s: b.toString('utf8', start, end), stats: null };
  const hit = keys.get(hash);
  if (hit !== undefined && sameAscii(hit.s, b, start, n)) return hit;
  const k: Key = { s: b.toString('latin1', start, end), stats: { tries: 0, misses: 0, intern: true } };
  if (keys.size >= INTERN_LIMIT) keys.clear();
  keys.set(hash, k);
  return k;
}

function writeString(buf: Buffer, s: string, off: number): number {
  const n = s.length;
  if (n <= SHORT) {
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buf[off + i] = c;
    }
    if (i === n) return n;
  }
  return buf.write(s, off, 'utf8');
}

function readString(b: Buffer, start: number, end: number, stats: ValueStats | null): string {
  const n = end - start;
  if (n === 0) return '';
  if (n <= SHORT) {
    let hash = n;
    let i = start;
    for (; i < end; i++) {
      const c = b[i]!;
      if (c >= 0x80) break;
      hash = Math.imul(hash ^ c, 16777619);
    }
    if (i === end) {
      const hit = interned.get(hash);
      const found = hit !== undefined && sameAscii(hit, b, start, n);
      if (stats !== null && stats.tries < STATS_TRIES) {
        stats.tries++;
        if (!found) stats.misses++;
        if (stats.tries === STATS_TRIES && stats.misses * 2 > STATS_TRIES) stats.intern = false;
      }
      if (found) return hit!;
      const s = b.toString('latin1', start, end);
      if (interned.size >= INTERN_LIMIT) interned.clear();
      interned.set(hash, s);
      return s;
    }
  }
  return b.toString('utf8', start, end);
}

function sameAscii(s: string, b: Buffer, start: number, n: number): boolean {
  if (s.length !== n) return false;
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) !== b[start + i]) return false;
  return true;
}
