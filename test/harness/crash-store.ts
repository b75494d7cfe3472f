// What the crash test's writer (children/store-writer.ts) puts, so store-crash.test.ts can check every
// acknowledged message byte for byte.

export function crashConfig(dir: string) {
  return {
    storePathRootDir: dir,
    flushDiskType: 'SYNC_FLUSH' as const,
    mappedFileSizeCommitLog: 128 * 1024,
    mappedFileSizeConsumeQueue: 2000,
    maxHashSlotNum: 128,
    maxIndexNum: 512,
    maxMessageSize: 8192,
  };
}

export function crashBody(i: number): Buffer {
  const b = Buffer.alloc(100 + ((i * 37) % 900));
  for (let k = 0; k < b.length; k++) b[k] = (i * 31 + k * 7) & 0xff;
  return b;
}

export function crashProps(i: number): string {
  return `KEYS\u0001crash-${i}\u0002TAGS\u0001tag${i % 3}`;
}
