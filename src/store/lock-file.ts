// The `lock` file that keeps two stores off one directory. Without flock on a JS runtime, the file
// holds the owner's pid: a live owner (another process, or another store in this process) wins;
// a dead one (a crash, kill -9) leaves a stale file that the next open takes over. A Java broker's
// lock file holds the text "lock" and is taken over too, since it cannot be checked.

import fs from 'node:fs';
import { getLogger } from '../common/logger.js';
import { closeFile, ftruncate, isNoSpace, OPEN_RW_CREATE, openFile, pwriteAll } from './file-io.js';
import { StoreLockedError } from './errors.js';

const log = getLogger('store');
const heldInProcess = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class StoreLock {
  private fd = -1;

  constructor(readonly path: string) {}

  async acquire(): Promise<void> {
    if (heldInProcess.has(this.path)) throw new StoreLockedError(`store is already open in this process (${this.path})`);
    let owner = NaN;
    try {
      owner = Number.parseInt((await fs.promises.readFile(this.path, 'utf8')).trim(), 10);
    } catch {
      // no lock file yet
    }
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
      throw new StoreLockedError(`Lock failed, MQ already started: process ${owner} holds ${this.path}`);
    }
    heldInProcess.add(this.path);
    try {
      this.fd = await openFile(this.path, OPEN_RW_CREATE);
      const text = Buffer.from(String(process.pid));
      await ftruncate(this.fd, 0);
      try {
        await pwriteAll(this.fd, text, 0, text.length, 0);
      } catch (err) {
        // A store on a full disk still opens (read-only): only this process's guard is left.
        if (!isNoSpace(err)) throw err;
        log.warn(`no room on the disk for the pid in ${this.path}: another process could open this store too`);
      }
    } catch (err) {
      heldInProcess.delete(this.path);
      throw err;
    }
  }

  async release(): Promise<void> {
    if (this.fd < 0) return;
    await ftruncate(this.fd, 0).catch(() => undefined);
    await closeFile(this.fd).catch(() => undefined);
    this.fd = -1;
    heldInProcess.delete(this.path);
  }
}
