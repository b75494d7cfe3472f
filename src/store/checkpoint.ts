// The store checkpoint, a 4096-byte file (big-endian):
//   checkpoint = physicMsgTimestamp i64 | logicsMsgTimestamp i64 | indexMsgTimestamp i64 | zeros
// Store timestamps up to which the commit log, the consume queues and the index are known to be on
// disk; after a crash, recovery starts from the segment holding the oldest of them.

import { readInt64BE, writeInt64BE } from '../common/message/int64.js';
import { closeFile, exists, fdatasync, OPEN_RW_CREATE, openFile, preadAll, pwriteAll } from './file-io.js';

const FILE_SIZE = 4096;

export class StoreCheckpoint {
  physicMsgTimestamp = 0;
  logicsMsgTimestamp = 0;
  indexMsgTimestamp = 0;
  private fd = -1;
  private writing: Promise<void> | null = null;

  constructor(readonly path: string) {}

  async open(): Promise<void> {
    const existed = await exists(this.path);
    this.fd = await openFile(this.path, OPEN_RW_CREATE);
    const b = Buffer.alloc(FILE_SIZE);
    if (existed) {
      await preadAll(this.fd, b, 0, 24, 0);
      this.physicMsgTimestamp = readInt64BE(b, 0);
      this.logicsMsgTimestamp = readInt64BE(b, 8);
      this.indexMsgTimestamp = readInt64BE(b, 16);
    } else {
      await pwriteAll(this.fd, b, 0, FILE_SIZE, 0);
    }
  }

  /** min(physic, logics) less 3 s: where a crash recovery may safely start. */
  get minTimestamp(): number {
    return Math.max(0, Math.min(this.physicMsgTimestamp, this.logicsMsgTimestamp) - 3000);
  }

  /** Like minTimestamp, also bounded by the index (messageIndexSafe). */
  get minTimestampIndex(): number {
    return Math.min(this.minTimestamp, this.indexMsgTimestamp);
  }

  /** Writes and syncs the three timestamps; overlapping calls share one write. */
  flush(): Promise<void> {
    if (this.fd < 0) return Promise.resolve();
    if (this.writing) return this.writing.then(() => this.flush());
    const b = Buffer.allocUnsafe(24);
    writeInt64BE(b, this.physicMsgTimestamp, 0);
    writeInt64BE(b, this.logicsMsgTimestamp, 8);
    writeInt64BE(b, this.indexMsgTimestamp, 16);
    const fd = this.fd;
    this.writing = pwriteAll(fd, b, 0, 24, 0)
      .then(() => fdatasync(fd))
      .finally(() => {
        this.writing = null;
      });
    return this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.fd >= 0) await closeFile(this.fd);
    this.fd = -1;
  }
}
