// The timer checkpoint, `<storePathRootDir>/config/timercheck`, 4096 bytes (big-endian), RocketMQ
// 5's TimerCheckpoint layout:
//   timercheck = lastReadTimeMs i64 | lastTimerLogFlushPos i64 | lastTimerQueueOffset i64
//              | masterTimerQueueOffset i64 | stateVersion i64 | timestamp i64 | counter i64 | zeros
// lastReadTimeMs: every slot before it has been delivered. lastTimerLogFlushPos: the wheel on disk
// accounts for every timer-log unit before it. lastTimerQueueOffset: every message of the timer
// topic's queue before it is in the timer log. The data version advances when either moves.

import { readInt64BE, writeInt64BE } from '../../common/message/int64.js';
import { closeFile, exists, fdatasync, mkdirp, OPEN_RW_CREATE, openFile, preadAll, pwriteAll } from '../file-io.js';
import path from 'node:path';

const FILE_SIZE = 4096;
const USED = 56;

export class TimerCheckpoint {
  lastReadTimeMs = 0;
  lastTimerLogFlushPos = 0;
  lastTimerQueueOffset = 0;
  masterTimerQueueOffset = 0;
  stateVersion = 0;
  timestamp = 0;
  counter = 0;
  private fd = -1;
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Opens the file, reading it when it exists and creating it (zeros) when not; true when it existed. */
  async open(): Promise<boolean> {
    await mkdirp(path.dirname(this.file));
    const existed = await exists(this.file);
    this.fd = await openFile(this.file, OPEN_RW_CREATE);
    const b = Buffer.alloc(FILE_SIZE);
    if (existed) {
      await preadAll(this.fd, b, 0, USED, 0);
      this.lastReadTimeMs = readInt64BE(b, 0);
      this.lastTimerLogFlushPos = readInt64BE(b, 8);
      this.lastTimerQueueOffset = readInt64BE(b, 16);
      this.masterTimerQueueOffset = readInt64BE(b, 24);
      this.stateVersion = readInt64BE(b, 32);
      this.timestamp = readInt64BE(b, 40);
      this.counter = readInt64BE(b, 48);
    } else {
      await pwriteAll(this.fd, b, 0, FILE_SIZE, 0);
    }
    return existed;
  }

  /** DataVersion.nextVersion: a new counter and timestamp. */
  nextVersion(now: number): void {
    this.counter++;
    this.timestamp = now;
  }

  /** Writes and syncs the fields; calls run one after another. */
  flush(): Promise<void> {
    const fd = this.fd;
    if (fd < 0) return this.writing;
    const b = Buffer.allocUnsafe(USED);
    writeInt64BE(b, this.lastReadTimeMs, 0);
    writeInt64BE(b, this.lastTimerLogFlushPos, 8);
    writeInt64BE(b, this.lastTimerQueueOffset, 16);
    writeInt64BE(b, this.masterTimerQueueOffset, 24);
    writeInt64BE(b, this.stateVersion, 32);
    writeInt64BE(b, this.timestamp, 40);
    writeInt64BE(b, this.counter, 48);
    this.writing = this.writing.catch(() => undefined).then(async () => {
      await pwriteAll(fd, b, 0, USED, 0);
      await fdatasync(fd);
    });
    return this.writing;
  }

  async close(): Promise<void> {
    await this.writing.catch(() => undefined);
    if (this.fd >= 0) await closeFile(this.fd);
    this.fd = -1;
  }
}
