// The message sysFlag bits (Java MessageSysFlag). Byte 0: bit 0 compressed, bit 1 multi-tags,
// bits 2-3 transaction type, bit 4 born host is IPv6, bit 5 store host is IPv6, bit 6 needs unwrap,
// bit 7 inner batch. Byte 1, bits 8-10: compression type (1 LZ4, 2 ZSTD, 3 ZLIB; 0 means ZLIB for
// messages written before the type existed).

export const MessageSysFlag = {
  COMPRESSED_FLAG: 0x1,
  MULTI_TAGS_FLAG: 0x1 << 1,
  TRANSACTION_NOT_TYPE: 0,
  TRANSACTION_PREPARED_TYPE: 0x1 << 2,
  TRANSACTION_COMMIT_TYPE: 0x2 << 2,
  TRANSACTION_ROLLBACK_TYPE: 0x3 << 2,
  BORNHOST_V6_FLAG: 0x1 << 4,
  STOREHOSTADDRESS_V6_FLAG: 0x1 << 5,
  NEED_UNWRAP_FLAG: 0x1 << 6,
  INNER_BATCH_FLAG: 0x1 << 7,
  COMPRESSION_LZ4_TYPE: 0x1 << 8,
  COMPRESSION_ZSTD_TYPE: 0x2 << 8,
  COMPRESSION_ZLIB_TYPE: 0x3 << 8,
  COMPRESSION_TYPE_COMPARATOR: 0x7 << 8,
} as const;

export const CompressionType = { LZ4: 1, ZSTD: 2, ZLIB: 3 } as const;
export type CompressionType = (typeof CompressionType)[keyof typeof CompressionType];

/** The transaction type bits (one of the TRANSACTION_*_TYPE values). */
export function transactionType(sysFlag: number): number {
  return sysFlag & MessageSysFlag.TRANSACTION_ROLLBACK_TYPE;
}

export function withTransactionType(sysFlag: number, type: number): number {
  return (sysFlag & ~MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) | type;
}

export function isCompressed(sysFlag: number): boolean {
  return (sysFlag & MessageSysFlag.COMPRESSED_FLAG) !== 0;
}

export function clearCompressedFlag(sysFlag: number): number {
  return sysFlag & ~MessageSysFlag.COMPRESSED_FLAG;
}

/** The compression type of a compressed message; an unknown value is returned as-is for the caller to reject. */
export function compressionTypeOf(sysFlag: number): number {
  const v = (sysFlag & MessageSysFlag.COMPRESSION_TYPE_COMPARATOR) >> 8;
  return v === 0 ? CompressionType.ZLIB : v;
}

export function compressionFlag(type: CompressionType): number {
  return type << 8;
}

/** Readable names of the bits set in a sysFlag, for logs and admin output. */
export function sysFlagNames(sysFlag: number): string[] {
  const names: string[] = [];
  if (sysFlag & MessageSysFlag.COMPRESSED_FLAG) names.push('COMPRESSED');
  if (sysFlag & MessageSysFlag.MULTI_TAGS_FLAG) names.push('MULTI_TAGS');
  if (sysFlag & MessageSysFlag.BORNHOST_V6_FLAG) names.push('BORNHOST_V6');
  if (sysFlag & MessageSysFlag.STOREHOSTADDRESS_V6_FLAG) names.push('STOREHOSTADDRESS_V6');
  names.push(
    [
      'TRANSACTION_NOT_TYPE',
      'TRANSACTION_PREPARED_TYPE',
      'TRANSACTION_COMMIT_TYPE',
      'TRANSACTION_ROLLBACK_TYPE',
    ][transactionType(sysFlag) >> 2]!,
  );
  if (sysFlag & MessageSysFlag.NEED_UNWRAP_FLAG) names.push('NEED_UNWRAP');
  if (sysFlag & MessageSysFlag.INNER_BATCH_FLAG) names.push('INNER_BATCH');
  const c = (sysFlag & MessageSysFlag.COMPRESSION_TYPE_COMPARATOR) >> 8;
  if (c) names.push(['', 'COMPRESSION_LZ4_TYPE', 'COMPRESSION_ZSTD_TYPE', 'COMPRESSION_ZLIB_TYPE'][c] ?? `COMPRESSION_TYPE_${c}`);
  return names;
}
