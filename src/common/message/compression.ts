// Message body compression, selected by the sysFlag compression bits: ZLIB is a zlib stream
// (RFC 1950, what java.util.zip.Deflater writes), LZ4 is an LZ4 frame (lz4-java's
// LZ4FrameOutputStream), ZSTD needs a native library and is refused with a typed error.

import zlib from 'node:zlib';
import { MQError } from '../errors.js';
import { lz4FrameCompress, lz4FrameDecompress } from './lz4.js';
import { compressionFlag, CompressionType, compressionTypeOf, isCompressed, MessageSysFlag } from './sysflag.js';

/** Bodies from this size up are compressed by Java producers (compressMsgBodyOverHowmuch). */
export const COMPRESS_BODY_OVER = 4096;

export class UnsupportedCompressionError extends MQError {
  readonly compressionType: number;
  constructor(type: number) {
    super(
      type === CompressionType.ZSTD
        ? 'ZSTD-compressed message bodies are not supported (no zstd codec on this runtime)'
        : `unknown message compression type ${type}`,
    );
    this.compressionType = type;
  }
}

export class DecompressionError extends MQError {}

export function compressBody(body: Uint8Array, type: CompressionType = CompressionType.ZLIB, level = 5): Buffer {
  switch (type) {
    case CompressionType.ZLIB:
      return zlib.deflateSync(body, { level });
    case CompressionType.LZ4:
      return lz4FrameCompress(body);
    default:
      throw new UnsupportedCompressionError(type);
  }
}

export function decompressBody(body: Uint8Array, type: number): Buffer {
  try {
    switch (type) {
      case CompressionType.ZLIB:
        return zlib.inflateSync(body);
      case CompressionType.LZ4:
        return lz4FrameDecompress(body);
    }
  } catch (err) {
    throw new DecompressionError(
      `cannot decompress a ${type === CompressionType.LZ4 ? 'LZ4' : 'zlib'} message body: ${(err as Error).message}`,
      { cause: err },
    );
  }
  throw new UnsupportedCompressionError(type);
}

/** The body a consumer sees: decompressed when the sysFlag says it is compressed. */
export function bodyForSysFlag(body: Uint8Array, sysFlag: number): Buffer {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return isCompressed(sysFlag) ? decompressBody(b, compressionTypeOf(sysFlag)) : b;
}

/** The sysFlag bits a producer sets for a body compressed with `type`. */
export function compressedSysFlag(sysFlag: number, type: CompressionType): number {
  return (sysFlag & ~MessageSysFlag.COMPRESSION_TYPE_COMPARATOR) | MessageSysFlag.COMPRESSED_FLAG | compressionFlag(type);
}
