// Frame codec (NettyEncoder / NettyDecoder):
//   int32 length = 4 + headerLength + bodyLength      (the prefix itself is not counted)
//   int32 mark   = serializeType << 24 | headerLength
//   header[headerLength] | body[length - 4 - headerLength]
// A whole frame, prefix included, may not exceed 16 MiB (Java's default frameMaxLength).

import { RemotingCommandError } from './errors.js';
import { SerializeType, type RemotingCommand } from './command.js';
import { decodeJsonHeader, encodeJsonHeader } from './header-json.js';
import { decodeRocketmqHeader, rocketmqHeaderMaxSize, writeRocketmqHeader } from './header-rocketmq.js';

export const FRAME_MAX_LENGTH = 16 * 1024 * 1024;

/** Bodies below this are copied into the header buffer so a frame leaves in one write. */
const INLINE_BODY_LIMIT = 8192;

let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * Encodes a command into one or two buffers (header part, then body when it is large), ready for
 * `socket.write`. The header part is a fresh buffer; the body is never copied when large.
 */
export function encodeFrame(cmd: RemotingCommand): Buffer[] {
  if (cmd.bodyParts) return encodeFrameWithParts(cmd, cmd.bodyParts);
  const body = cmd.body;
  const bodyLen = body ? body.byteLength : 0;
  const inline = bodyLen > 0 && bodyLen < INLINE_BODY_LIMIT;
  let headerLen: number;
  let out: Buffer;
  if (cmd.serializeType === SerializeType.ROCKETMQ) {
    const max = 8 + rocketmqHeaderMaxSize(cmd);
    if (scratch.length < max) scratch = Buffer.allocUnsafe(Math.max(max, scratch.length * 2));
    headerLen = writeRocketmqHeader(cmd, scratch, 8);
    out = Buffer.allocUnsafe(8 + headerLen + (inline ? bodyLen : 0));
    scratch.copy(out, 8, 8, 8 + headerLen);
  } else {
    const json = encodeJsonHeader(cmd);
    headerLen = Buffer.byteLength(json, 'utf8');
    out = Buffer.allocUnsafe(8 + headerLen + (inline ? bodyLen : 0));
    out.write(json, 8, 'utf8');
  }
  const total = 4 + headerLen + bodyLen;
  if (total + 4 > FRAME_MAX_LENGTH) throw new RemotingCommandError(`frame of ${total + 4} bytes exceeds the ${FRAME_MAX_LENGTH}-byte limit`);
  out.writeInt32BE(total, 0);
  out.writeInt32BE(((cmd.serializeType & 0xff) << 24) | headerLen, 4);
  if (inline) {
    out.set(body!, 8 + headerLen);
    return [out];
  }
  if (bodyLen === 0) return [out];
  return [out, Buffer.isBuffer(body) ? body : Buffer.from(body!.buffer, body!.byteOffset, body!.byteLength)];
}

/** A frame whose body is `parts` back to back: small bodies are copied in, large parts travel as they are. */
function encodeFrameWithParts(cmd: RemotingCommand, parts: readonly Uint8Array[]): Buffer[] {
  let bodyLen = 0;
  for (const p of parts) bodyLen += p.byteLength;
  const head = encodeFrame({ ...cmd, bodyParts: null, body: null });
  const prefix = head[0]!;
  const total = prefix.length - 4 + bodyLen;
  if (total + 4 > FRAME_MAX_LENGTH) throw new RemotingCommandError(`frame of ${total + 4} bytes exceeds the ${FRAME_MAX_LENGTH}-byte limit`);
  prefix.writeInt32BE(total, 0);
  if (bodyLen < INLINE_BODY_LIMIT) {
    const out = Buffer.allocUnsafe(prefix.length + bodyLen);
    prefix.copy(out, 0);
    let off = prefix.length;
    for (const p of parts) {
      out.set(p, off);
      off += p.byteLength;
    }
    return [out];
  }
  const out: Buffer[] = [prefix];
  for (const p of parts) out.push(Buffer.isBuffer(p) ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength));
  return out;
}

/** Encodes into a single buffer (tests and golden-frame comparison). */
export function encodeFrameToBuffer(cmd: RemotingCommand): Buffer {
  const parts = encodeFrame(cmd);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** Decodes one complete frame, length prefix included. */
export function decodeFrame(frame: Uint8Array): RemotingCommand {
  const b = Buffer.isBuffer(frame) ? frame : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  if (b.length < 8) throw new RemotingCommandError(`frame of ${b.length} bytes is too short`);
  const length = b.readInt32BE(0);
  if (length + 4 !== b.length) throw new RemotingCommandError(`frame length ${length} does not match ${b.length - 4} bytes`);
  return decodeFrameContent(b.subarray(4));
}

/** Decodes the part of a frame after its length prefix. */
export function decodeFrameContent(content: Buffer): RemotingCommand {
  if (content.length < 4) throw new RemotingCommandError('frame has no header mark');
  const mark = content.readInt32BE(0);
  const type = (mark >>> 24) & 0xff;
  const headerLen = mark & 0xffffff;
  if (headerLen > content.length - 4) throw new RemotingCommandError(`header length ${headerLen} exceeds frame length ${content.length}`);
  const headerBytes = content.subarray(4, 4 + headerLen);
  let cmd: RemotingCommand;
  if (type === SerializeType.JSON) cmd = decodeJsonHeader(headerBytes);
  else if (type === SerializeType.ROCKETMQ) cmd = decodeRocketmqHeader(headerBytes);
  else throw new RemotingCommandError(`unknown serialize type ${type}`);
  const bodyLen = content.length - 4 - headerLen;
  if (bodyLen > 0) cmd.body = content.subarray(4 + headerLen);
  return cmd;
}

/**
 * Streaming frame splitter. Feed socket chunks; complete frames come back as zero-copy views.
 * Throws RemotingCommandError on a length outside [4, 16 MiB], after which the stream is unusable.
 */
export class FrameDecoder {
  // Chunks of an incomplete frame; joined once when the frame is complete, never per chunk.
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  /** Bytes needed (prefix included) to complete the frame at the head, or 0 when unknown yet. */
  private needed = 0;

  push(chunk: Buffer, onFrame: (content: Buffer) => void): void {
    let buf = chunk;
    if (this.chunkBytes > 0) {
      this.chunks.push(chunk);
      this.chunkBytes += chunk.length;
      if (this.needed === 0 && this.chunkBytes >= 4) this.needed = 4 + this.checkedLength(this.joinHead(4), 0);
      if (this.needed === 0 || this.chunkBytes < this.needed) return;
      buf = Buffer.concat(this.chunks, this.chunkBytes);
      this.chunks = [];
      this.chunkBytes = 0;
      this.needed = 0;
    }
    let off = 0;
    const end = buf.length;
    while (end - off >= 4) {
      const length = this.checkedLength(buf, off);
      if (end - off - 4 < length) break;
      onFrame(buf.subarray(off + 4, off + 4 + length));
      off += 4 + length;
    }
    if (off < end) {
      // Copy a small remainder so it does not pin a large chunk in memory.
      const rest = buf.subarray(off);
      this.chunks.push(rest.length < 4096 ? Buffer.from(rest) : rest);
      this.chunkBytes = rest.length;
      this.needed = rest.length >= 4 ? 4 + rest.readInt32BE(0) : 0;
    }
  }

  private checkedLength(buf: Buffer, off: number): number {
    const length = buf.readInt32BE(off);
    if (length < 4 || length + 4 > FRAME_MAX_LENGTH) {
      throw new RemotingCommandError(`frame length ${length} outside [4, ${FRAME_MAX_LENGTH - 4}]`);
    }
    return length;
  }

  private joinHead(n: number): Buffer {
    const head = Buffer.concat(this.chunks, this.chunkBytes);
    this.chunks = [head];
    return head.subarray(0, n);
  }

  /** Bytes buffered waiting for the rest of a frame. */
  get buffered(): number {
    return this.chunkBytes;
  }
}
