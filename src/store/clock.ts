// The store's view of time and disk space, injectable so tests can move the clock (retention,
// timestamps) and pretend a disk is full.

import fs from 'node:fs';
import nodePath from 'node:path';

export interface StoreClock {
  /** Wall-clock epoch milliseconds: store timestamps, retention ages, index file names. */
  now(): number;
}

export const systemClock: StoreClock = { now: () => Date.now() };

/**
 * Fraction of the file system holding `path` that is in use, 0..1, or -1 when unknown. The value
 * is Java's UtilAll.getDiskPartitionSpaceUsedPercent: used / (used + available to us), rounded up
 * to whole percent.
 */
export type DiskUsageProbe = (path: string) => Promise<number>;

export const statfsDiskUsage: DiskUsageProbe = (path) =>
  new Promise((resolve) => {
    fs.statfs(path, (err, s) => {
      // A directory not made yet (consumequeue/ before the first dispatch) lives on its parent's
      // file system; answering "unknown" there would make the cleaner think the disk is full.
      if (err && err.code === 'ENOENT' && nodePath.dirname(path) !== path) return resolve(statfsDiskUsage(nodePath.dirname(path)));
      if (err || !s || s.blocks <= 0) return resolve(-1);
      const used = (s.blocks - s.bfree) * s.bsize;
      const entire = used + s.bavail * s.bsize;
      if (entire <= 0) return resolve(-1);
      resolve(Math.ceil((used * 100) / entire) / 100);
    });
  });
