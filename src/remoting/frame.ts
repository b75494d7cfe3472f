// Frame codec (NettyEncoder / NettyDecoder):
//   int32 length = 4 + headerLength + bodyLength      (the prefix itself is not counted)
//   int32 mark   = serializeType << 24 | headerLength
//   header[headerLength] | body[length - 4 - headerLength]
// A whole frame, prefix included, may not exceed 16 MiB (Java's default frameMaxLength).

import { RemotingCommandError } from './errors.js';
import { type RemotingCommand, SerializeType } from './command.js';
import { decodeJsonHeader, encodeJsonHeader } from './header-json.js';
import { decodeRocketmqHeader, rocketmqHeaderMaxSize, writeRocketmqHeader } from './header-rocketmq.js';

export const FRAME_MAX_LENGTH = 16 * 1024 * 1024;

/** Bodies below this are copied in after the header so a frame leaves in one piece. */
const INLINE_BODY_LIMIT = 64 * 1024;
/** Frames are encoded into shared slabs of this size and sent as views of them. */
const SLAB_SIZE = 256 * 1024;

let slab = Buffer.allocUnsafe(SLAB_SIZE);
let slabPos = 0;

/** Room for `n` bytes in the shared slab, starting a new slab when the current one is short. */
function slabRoom(n: number): void {
  if (SLAB_SIZE - slabPos >= n) return;
  slab = Buffer.allocUnsafe(Math.max(SLAB_SIZE, n));
  slabPos = 0;
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Collects the bytes of outgoing frames until they are taken for one socket write. Headers and
 * small bodies are encoded straight into a shared slab, so frames written back to back become one
 * contiguous view of it; large bodies are never copied and travel as pieces of their own. Bytes
 * already handed out are never written again: the slab only grows forward.
 */
export class FrameWriter {
  private parts: Buffer[] = [];
  /** The slab and range [tailStart, tailEnd) of frames not yet sealed into `parts`. */
  private tailSlab: Buffer | null = null;
  private tailStart = 0;
  private tailEnd = 0;

  /** Bytes added since the last take. */
  pendingBytes = 0;

  get isEmpty(): boolean {
    return this.parts.length === 0 && this.tailSlab === null;
  }

  /** Appends one frame; throws RemotingCommandError (and appends nothing) past the frame limit. */
  add(cmd: RemotingCommand): void {
    const parts = cmd.bodyParts;
    let bodyLen = 0;
    if (parts) { for (const p of parts) bodyLen += p.byteLength; }
    else if (cmd.body) bodyLen = cmd.body.byteLength;
    const inline = bodyLen > 0 && bodyLen < INLINE_BODY_LIMIT;
    let json: string | null = null;
    let max: number;
    if (cmd.serializeType === SerializeType.ROCKETMQ) {
      max = 8 + rocketmqHeaderMaxSize(cmd);
    } else {
      json = encodeJsonHeader(cmd);
      max = 8 + json.length * 3;
    }
    if (inline) max += bodyLen;
    slabRoom(max);
    const buf = slab;
    const at = slabPos;
    const headerLen = json === null ? writeRocketmqHeader(cmd, buf, at + 8) : buf.write(json, at + 8, 'utf8');
    const total = 4 + headerLen + bodyLen;
    if (total + 4 > FRAME_MAX_LENGTH) {
      throw new RemotingCommandError(`frame of ${total + 4} bytes exceeds the ${FRAME_MAX_LENGTH}-byte limit`);
    }
    buf.writeInt32BE(total, at);
    buf.writeInt32BE(((cmd.serializeType & 0xff) << 24) | headerLen, at + 4);
    let end = at + 8 + headerLen;
    if (inline) {
      if (parts) {
        for (const p of parts) {
          buf.set(p, end);
          end += p.byteLength;
        }
      } else {
        buf.set(cmd.body!, end);
        end += bodyLen;
      }
    }
    slabPos = end;
    this.pendingBytes += 8 + headerLen + bodyLen;
    if (this.tailSlab === buf && this.tailEnd === at) {
      this.tailEnd = end;
    } else {
      this.seal();
      this.tailSlab = buf;
      this.tailStart = at;
      this.tailEnd = end;
    }
    if (bodyLen > 0 && !inline) {
      this.seal();
      if (parts) { for (const p of parts) this.parts.push(asBuffer(p)); }
      else this.parts.push(asBuffer(cmd.body!));
    }
  }

  private seal(): void {
    if (this.tailSlab === null) return;
    this.parts.push(this.tailSlab.subarray(this.tailStart, this.tailEnd));
    this.tailSlab = null;
  }

  /** Everything added since the last take, in order, as buffers ready for the socket. */
  take(): Buffer[] {
    this.seal();
    const out = this.parts;
    this.parts = [];
    this.pendingBytes = 0;
    return out;
  }
}

/**
 * Encodes a command into one or more buffers (header part, then the body when it is large), ready
 * for `socket.write`. A large body is never copied.
 */
export function encodeFrame(cmd: RemotingCommand): Buffer[] {
  const w = new FrameWriter();
  w.add(cmd);
  return w.take();
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
 * Setting `held` (from the frame handler, say) stops the delivery of frames: the rest stays
 * buffered, later chunks are only appended, and `resume()` goes on where it stopped.
 */
export class FrameDecoder {
  // Chunks of an incomplete frame; joined once when the frame is complete, never per chunk.
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  /** Bytes needed (prefix included) to complete the frame at the head, or 0 when unknown yet. */
  private needed = 0;
  /** While true, frames are not delivered. */
  held = false;
  /** Frames delivered so far: a buffered frame is a new one when this has moved. */
  frames = 0;

  push(chunk: Buffer, onFrame: (content: Buffer) => void): void {
    let buf = chunk;
    if (this.chunkBytes > 0 || this.held) {
      if (chunk.length > 0) {
        this.chunks.push(chunk);
        this.chunkBytes += chunk.length;
      }
      if (this.held) return;
      if (this.needed === 0 && this.chunkBytes >= 4) this.needed = 4 + this.checkedLength(this.joinHead(4), 0);
      if (this.needed === 0 || this.chunkBytes < this.needed) return;
      buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.chunkBytes);
      this.chunks = [];
      this.chunkBytes = 0;
      this.needed = 0;
    }
    let off = 0;
    const end = buf.length;
    while (end - off >= 4) {
      const length = this.checkedLength(buf, off);
      if (end - off - 4 < length) break;
      this.frames++;
      onFrame(buf.subarray(off + 4, off + 4 + length));
      off += 4 + length;
      if (this.held) break;
    }
    if (off < end) {
      // Copy a small remainder so it does not pin a large chunk in memory.
      const rest = buf.subarray(off);
      this.chunks.push(rest.length < 4096 ? Buffer.from(rest) : rest);
      this.chunkBytes = rest.length;
      this.needed = rest.length >= 4 ? 4 + rest.readInt32BE(0) : 0;
    }
  }

  /** Clears `held` and delivers the frames buffered meanwhile (until `held` is set again). */
  resume(onFrame: (content: Buffer) => void): void {
    this.held = false;
    if (this.chunkBytes > 0) this.push(EMPTY, onFrame);
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

  /** Bytes buffered: the start of a frame still arriving, or frames held back. */
  get buffered(): number {
    return this.chunkBytes;
  }
}

const EMPTY = Buffer.alloc(0);
