// The disk's plain sequential write rate, the yardstick the store and HA benchmarks compare against.

import path from 'node:path';
import { nowMs } from '../src/common/runtime.js';
import { closeFile, createPreallocated, pwriteAll, unlinkFile } from '../src/store/file-io.js';

const MB = 1024 * 1024;

/** Plain sequential fs writes of `bytes` bytes, 4 MiB per write, to a preallocated file; MB/s. */
export async function rawWrite(dir: string, bytes: number): Promise<number> {
  const file = path.join(dir, 'raw-write');
  const fd = await createPreallocated(file, bytes);
  const chunk = Buffer.alloc(4 * MB, 0x62);
  const t0 = nowMs();
  for (let pos = 0; pos < bytes; pos += chunk.length) await pwriteAll(fd, chunk, 0, Math.min(chunk.length, bytes - pos), pos);
  const seconds = (nowMs() - t0) / 1000;
  await closeFile(fd);
  await unlinkFile(file);
  return bytes / MB / seconds;
}
