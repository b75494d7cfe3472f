// Retention and the disk guard (Java's CleanCommitLogService, CleanConsumeQueueService and the
// disk check). Commit-log segments older than fileReservedTime hours go at the deleteWhen hours,
// or at once when the disk passes diskMaxUsedSpaceRatio (before expiry, when it passes 85 % and
// cleanFileForciblyEnable is on); consume-queue and index files that only point at deleted data
// follow. Past 90 % the store is marked disk-full and refuses puts until space returns.
// Unlike Java's 10 s timer alone, the disk is also checked after every CHECK_EVERY_BYTES written (a
// fast producer fills a disk in less), every second while it is full (puts come back as soon as
// space does), and a write that meets ENOSPC marks it full at once.

import { getLogger } from '../common/logger.js';
import { diskMaxUsedSpaceRatio, type MessageStoreConfig } from '../common/config/message-store-config.js';
import type { DiskUsageProbe, StoreClock } from './clock.js';
import type { CommitLog } from './commit-log.js';
import type { ConsumeQueueTable } from './consume-queue-table.js';
import type { IndexService } from './index-service.js';
import type { RunningFlags } from './running-flags.js';

const log = getLogger('store');
const DELETE_FILES_BATCH_MAX = 10;
const MAX_MANUAL_DELETE_FILE_TIMES = 20;
/** Commit-log bytes written between two checks of the disk (a statfs, off the event loop). */
const CHECK_EVERY_BYTES = 4 * 1024 * 1024;
/** How often the disk is checked: every 10 s as Java, every second while it is full. */
const CHECK_INTERVAL_MS = 10_000;
const FULL_CHECK_INTERVAL_MS = 1000;

export interface CleanDeps {
  cfg: MessageStoreConfig;
  clock: StoreClock;
  diskUsage: DiskUsageProbe;
  commitLog: CommitLog;
  cqs: ConsumeQueueTable;
  index: IndexService;
  flags: RunningFlags;
  commitLogPath: string;
  logicsPath: string;
  /** Bytes below this offset are written and dispatched: their segments may go. */
  settledOffset: () => number;
  /** Java's system properties rocketmq.broker.diskSpaceWarningLevelRatio / diskSpaceCleanForciblyRatio. */
  warningRatio: number;
  forciblyRatio: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

export class CleanService {
  private manualDeleteTimes = 0;
  private cleanImmediately = false;
  private lastPhysicalMinOffset = 0;
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | null = null;
  private stopped = false;
  private writtenSinceCheck = 0;
  private checking: Promise<boolean> | null = null;
  private lastCheck = 0;

  constructor(private readonly d: CleanDeps) {}

  start(): void {
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(() => void fn().catch((err) => log.warn('store maintenance failed', { err })), Math.max(10, ms));
      t.unref?.();
      this.timers.push(t);
    };
    every(this.d.cfg.cleanResourceInterval, () => this.run());
    every(FULL_CHECK_INTERVAL_MS, async () => {
      if (this.d.flags.diskFull || Date.now() - this.lastCheck >= CHECK_INTERVAL_MS) await this.checkSpaceFull();
    });
  }

  /** Counts commit-log bytes written; every CHECK_EVERY_BYTES of them the disk is checked. */
  noteWritten(bytes: number): void {
    this.writtenSinceCheck += bytes;
    if (this.writtenSinceCheck < CHECK_EVERY_BYTES || this.checking) return;
    this.writtenSinceCheck = 0;
    void this.checkSpaceFull().catch((err) => log.warn('disk check failed', { err }));
  }

  /** A write met a full disk: puts are refused until a check finds room. */
  noSpace(err: Error): void {
    if (!this.d.flags.diskFull) log.error('disk full: a write failed, puts are refused until space returns', { err });
    this.d.flags.diskFull = true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.running?.catch(() => undefined);
  }

  executeDeleteFilesManually(): void {
    this.manualDeleteTimes = MAX_MANUAL_DELETE_FILE_TIMES;
    log.info('executeDeleteFilesManually was invoked');
  }

  /** One retention pass: commit-log segments, then consume-queue and index files. */
  run(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      await this.deleteExpiredCommitLog();
      await this.deleteExpiredLogics();
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private isTimeToDelete(): boolean {
    const hour = new Date(this.d.clock.now()).getHours();
    return this.d.cfg.deleteWhen.split(';').some((w) => w.trim() !== '' && Number.parseInt(w, 10) === hour);
  }

  /** Java's isSpaceToDelete: also decides cleanImmediately and the disk-full flag. */
  private async isSpaceToDelete(): Promise<boolean> {
    const ratio = diskMaxUsedSpaceRatio(this.d.cfg) / 100;
    this.cleanImmediately = false;
    for (const p of [this.d.commitLogPath, this.d.logicsPath]) {
      const used = await this.d.diskUsage(p);
      if (used > this.d.warningRatio) {
        this.markDiskFull(true, used, p);
        this.cleanImmediately = true;
      } else if (used > this.d.forciblyRatio) {
        this.cleanImmediately = true;
      } else {
        this.markDiskFull(false, used, p);
      }
      if (used < 0 || used > ratio) {
        log.info('disk maybe full soon, reclaiming space', { path: p, used });
        return true;
      }
    }
    return false;
  }

  private markDiskFull(full: boolean, used: number, path: string): void {
    if (full === this.d.flags.diskFull) return;
    this.d.flags.diskFull = full;
    if (full) log.error('disk maybe full soon, so mark disk full', { path, used });
    else log.info('disk space OK, so mark disk ok', { path, used });
  }

  /** Java's isSpaceFull: only the commit-log disk and the warning level. Concurrent calls share one check. */
  checkSpaceFull(): Promise<boolean> {
    return this.checking ??= (async () => {
      try {
        const used = await this.d.diskUsage(this.d.commitLogPath);
        const full = used > this.d.warningRatio;
        this.markDiskFull(full, used, this.d.commitLogPath);
        return full;
      } finally {
        this.lastCheck = Date.now();
        this.checking = null;
      }
    })();
  }

  private async deleteExpiredCommitLog(): Promise<number> {
    const timeUp = this.isTimeToDelete();
    const spaceFull = await this.isSpaceToDelete();
    const manual = this.manualDeleteTimes > 0;
    if (!timeUp && !spaceFull && !manual) return 0;
    if (manual) this.manualDeleteTimes--;
    const cleanAtOnce = this.d.cfg.cleanFileForciblyEnable && this.cleanImmediately;
    const expiredMs = this.d.cfg.fileReservedTime * 3_600_000;
    log.info('deleting expired commit-log segments', {
      fileReservedTime: this.d.cfg.fileReservedTime,
      timeUp,
      spaceFull,
      manual,
      cleanAtOnce,
    });
    const segs = this.d.commitLog.segments;
    const settled = this.d.settledOffset();
    let deleted = 0;
    while (!this.stopped && deleted < DELETE_FILES_BATCH_MAX && segs.segments.length > 1) {
      const seg = segs.first!;
      if (seg.end > settled) break;
      const mtime = await seg.lastModified().catch(() => 0);
      if (!(this.d.clock.now() >= mtime + expiredMs || cleanAtOnce)) break;
      log.info('deleting commit-log segment', { file: seg.file });
      await segs.removeFirst(seg);
      deleted++;
      if (this.d.cfg.deleteCommitLogFilesInterval > 0 && segs.segments.length > 1) await sleep(this.d.cfg.deleteCommitLogFilesInterval);
    }
    if (deleted > 0) this.d.commitLog.readCache.dropBelow(this.d.commitLog.minOffset);
    if (deleted === 0 && spaceFull) log.warn('disk space will be full soon, but delete file failed.');
    return deleted;
  }

  private async deleteExpiredLogics(): Promise<void> {
    const minOffset = this.d.commitLog.minOffset;
    if (minOffset <= this.lastPhysicalMinOffset) return;
    this.lastPhysicalMinOffset = minOffset;
    // Units still waiting in memory must be in their files before files are judged by their last unit.
    await this.d.cqs.writeBehind();
    for (const cq of Array.from(this.d.cqs.all())) {
      const n = await cq.deleteExpired(minOffset);
      if (n > 0 && this.d.cfg.deleteConsumeQueueFilesInterval > 0) await sleep(this.d.cfg.deleteConsumeQueueFilesInterval);
    }
    await this.d.index.deleteExpired(minOffset);
  }
}
