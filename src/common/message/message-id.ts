// Offset message ids (what a send result calls msgId / offsetMsgId): hex upper case of
// storeHost address (4 or 16 bytes) | port (int32) | commit-log physical offset (int64), so 32 hex
// characters for an IPv4 store host and 56 for IPv6. A broker finds the message from it alone.

import { readInt64BE, writeInt64BE } from './int64.js';
import { bytesToIp, type SocketAddress } from './socket-address.js';

const HEX = '0123456789ABCDEF';
const HEX_PAIRS: string[] = Array.from({ length: 256 }, (_, i) => HEX[i >> 4]! + HEX[i & 15]!);

/** Upper-case hex of bytes, as Java's UtilAll.bytes2string. */
export function bytesToHex(b: Uint8Array, pos = 0, end = b.length): string {
  let s = '';
  for (let i = pos; i < end; i++) s += HEX_PAIRS[b[i]!]!;
  return s;
}

/** Bytes of a hex string (either case), as Java's UtilAll.string2bytes. */
export function hexToBytes(hex: string): Buffer {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new TypeError(`not a hex string: ${JSON.stringify(hex)}`);
  return Buffer.from(hex, 'hex');
}

// A broker makes every id from the same store host: its hex is kept, and only the offset is converted.
let lastHost: Buffer = Buffer.alloc(0);
let lastHostHex = '';

function hex32(n: number): string {
  return HEX_PAIRS[n >>> 24]! + HEX_PAIRS[(n >>> 16) & 255]! + HEX_PAIRS[(n >>> 8) & 255]! + HEX_PAIRS[n & 255]!;
}

/** `storeHost` is the encoded host field (8 or 20 bytes: address then port). */
export function createMessageId(storeHost: Uint8Array, commitLogOffset: number): string {
  if (!(commitLogOffset >= 0 && commitLogOffset <= Number.MAX_SAFE_INTEGER)) {
    const out = Buffer.allocUnsafe(storeHost.length + 8);
    out.set(storeHost, 0);
    writeInt64BE(out, commitLogOffset, storeHost.length);
    return bytesToHex(out);
  }
  if (!lastHost.equals(storeHost)) {
    lastHost = Buffer.from(storeHost);
    lastHostHex = bytesToHex(storeHost);
  }
  const hi = Math.floor(commitLogOffset / 0x1_0000_0000);
  return lastHostHex + hex32(hi) + hex32(commitLogOffset >>> 0);
}

export interface MessageId {
  address: SocketAddress;
  offset: number;
}

export class InvalidMessageIdError extends TypeError {
  constructor(id: string) {
    super(`not an offset message id: ${JSON.stringify(id)} (expected 32 or 56 hex characters)`);
    this.name = 'InvalidMessageIdError';
  }
}

export function decodeMessageId(msgId: string): MessageId {
  if ((msgId.length !== 32 && msgId.length !== 56) || !/^[0-9a-fA-F]+$/.test(msgId)) throw new InvalidMessageIdError(msgId);
  const b = Buffer.from(msgId, 'hex');
  const ipLen = msgId.length === 32 ? 4 : 16;
  return {
    address: { host: bytesToIp(b, 0, ipLen), port: b.readInt32BE(ipLen) },
    offset: readInt64BE(b, ipLen + 4),
  };
}

/**
 * Which kind of message id `id` is. Both kinds have 32 (IPv4) or 56 (IPv6) hex digits and start with
 * an address, but after it an offset id holds a port as an int32 (its upper 16 bits are zero) and
 * a commit-log offset (upper 16 bits zero below 256 TiB), where a client's unique id (unique-id.ts)
 * holds the producer's pid and a random class-loader hash. Both zero in a unique id: 1 in 2^32.
 */
export function messageIdKind(id: string): 'offset' | 'unique' | 'invalid' {
  if ((id.length !== 32 && id.length !== 56) || !/^[0-9a-fA-F]+$/.test(id)) return 'invalid';
  const b = Buffer.from(id, 'hex');
  const ipLen = id.length === 32 ? 4 : 16;
  return b.readUInt16BE(ipLen) === 0 && b.readUInt16BE(ipLen + 2) !== 0 && b.readUInt16BE(ipLen + 4) === 0 ? 'offset' : 'unique';
}
