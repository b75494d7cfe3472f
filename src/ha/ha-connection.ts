// The master's end of one slave connection (Java's HAConnection with its read and write sides). The
// read side takes the slave's offset reports: the first says where to start, each one acknowledges.
// The write side streams the commit log from there in frames of at most haTransferBatchSize, sends
// an empty frame as a heartbeat when idle, and otherwise sleeps until the store writes more.

import type net from 'node:net';
import { getLogger } from '../common/logger.js';
import { nowMs } from '../common/runtime.js';
import type { MessageStore } from '../store/message-store.js';
import { FRAME_HEADER_SIZE, ReportDecoder, writeFrameHeader } from './ha-codec.js';

const log = getLogger('ha');
/** Bytes read from the store per step; they leave as several frames in one socket write. */
const READ_STEP = 1024 * 1024;
/** Bytes queued on the socket beyond which the transfer waits for it to drain. */
const SEND_QUEUE_MAX = 4 * 1024 * 1024;

export interface ConnectionOwner {
  readonly store: MessageStore;
  readonly batchSize: number;
  readonly heartbeatMs: number;
  /** A slave acknowledged everything below `offset`. */
  notifyTransferSome(offset: number): void;
  removeConnection(c: HAConnection): void;
  /** Whether refusing a slave on `host` for `reason` is news (warned) or a repeat of its reconnection loop (debug). */
  firstRefusal(host: string, reason: string): boolean;
  /** A slave on `host` was accepted: its next refusal is news again. */
  accepted(host: string): void;
}

export class HAConnection {
  readonly addr: string;
  /** The slave's first report: where it asked the transfer to start (-1 before it). */
  slaveRequestOffset = -1;
  /** The slave's last report: everything below it is stored there (-1 before the first). */
  slaveAckOffset = -1;
  /** Where the next frame starts (-1 before the transfer started). */
  nextTransferOffset = -1;
  lastReadAt = nowMs();
  lastWriteAt = nowMs();
  private closed = false;
  private readonly reports = new ReportDecoder();
  private wakeUp: (() => void) | null = null;
  private readonly onReport = (offset: number): boolean => this.report(offset);

  constructor(
    private readonly owner: ConnectionOwner,
    private readonly socket: net.Socket,
  ) {
    this.addr = `${this.host}:${socket.remotePort ?? 0}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.lastReadAt = nowMs();
      if (!this.closed) this.reports.push(chunk, this.onReport);
    });
    socket.on('error', (err) => this.close('slave connection failed', { err }));
    socket.on('close', () => this.close('slave disconnected'));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Whether the write side sleeps, waiting for data or for the next heartbeat. */
  get isIdle(): boolean {
    return this.wakeUp !== null;
  }

  private report(offset: number): boolean {
    const store = this.owner.store;
    const max = store.getMaxPhyOffset();
    if (offset < 0) return this.fail('slave sent a negative offset: closing', { offset });
    if (this.slaveRequestOffset < 0) {
      if (offset > max) {
        return this.fail('slave is ahead of this master (its offset is beyond the commit log end): closing', { offset, maxOffset: max });
      }
      const min = store.getMinPhyOffset();
      if (offset > 0 && offset < min) {
        return this.fail('slave asks for commit-log data this master no longer has: closing', { offset, minOffset: min });
      }
      this.slaveRequestOffset = offset;
      this.slaveAckOffset = offset;
      this.owner.accepted(this.host);
      log.info('slave connected', { slave: this.addr, requestOffset: offset });
      void this.transfer();
    } else {
      if (offset < this.slaveAckOffset) return this.fail('slave report went backwards: closing', { offset, previous: this.slaveAckOffset });
      if (offset > max) return this.fail('slave reports an offset beyond the commit log end: closing', { offset, maxOffset: max });
      this.slaveAckOffset = offset;
    }
    this.owner.notifyTransferSome(offset);
    return true;
  }

  /** The write side: runs from the first report until the connection closes. */
  private async transfer(): Promise<void> {
    const store = this.owner.store;
    if (this.slaveRequestOffset === 0) {
      // A new slave starts at the master's last segment, not at its oldest data (as Java does).
      const max = store.getMaxPhyOffset();
      this.nextTransferOffset = max - (max % store.cfg.mappedFileSizeCommitLog);
    } else {
      this.nextTransferOffset = this.slaveRequestOffset;
    }
    log.info('transfer to slave starts', { slave: this.addr, from: this.nextTransferOffset });
    try {
      let reading: Promise<Buffer | null> | null = null;
      while (!this.closed) {
        const data = await (reading ?? store.getCommitLogData(this.nextTransferOffset, READ_STEP));
        reading = null;
        if (this.closed) break;
        if (data === null) {
          this.close('the commit-log data the slave needs is gone (or the store closed): closing', { offset: this.nextTransferOffset });
          break;
        }
        if (data.length > 0) {
          // The next read overlaps this send: a backlog streams at the pace of the slower of the two.
          reading = store.getCommitLogData(this.nextTransferOffset + data.length, READ_STEP);
          await this.send(data);
        } else {
          if (nowMs() - this.lastWriteAt >= this.owner.heartbeatMs) await this.send(null);
          await new Promise<void>((resolve) => (this.wakeUp = resolve));
        }
      }
    } catch (err) {
      this.close('transfer to slave failed', { err });
    }
  }

  /** Sends `data` (from nextTransferOffset) as frames, or a heartbeat for null; waits while the socket is full. */
  private async send(data: Buffer | null): Promise<void> {
    const batch = this.owner.batchSize;
    const frames = data ? Math.ceil(data.length / batch) : 1;
    const heads = Buffer.allocUnsafe(frames * FRAME_HEADER_SIZE);
    const s = this.socket;
    s.cork();
    let at = this.nextTransferOffset;
    for (let i = 0, p = 0; i < frames; i++) {
      const n = data ? Math.min(batch, data.length - p) : 0;
      writeFrameHeader(heads, i * FRAME_HEADER_SIZE, at, n);
      s.write(heads.subarray(i * FRAME_HEADER_SIZE, (i + 1) * FRAME_HEADER_SIZE));
      if (n > 0) s.write(data!.subarray(p, p + n));
      p += n;
      at += n;
    }
    s.uncork();
    this.nextTransferOffset = at;
    this.lastWriteAt = nowMs();
    // Waiting for 'drain' at the socket's small high-water mark would leave the link idle between
    // reads; a few MiB queued keep it busy.
    if (s.writableLength > SEND_QUEUE_MAX && !this.closed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          s.off('drain', done);
          s.off('close', done);
          resolve();
        };
        s.on('drain', done);
        s.on('close', done);
      });
    }
  }

  /** Wakes the write side when it sleeps (new data, or time for a heartbeat). */
  wake(): void {
    const w = this.wakeUp;
    if (w) {
      this.wakeUp = null;
      w();
    }
  }

  /** The slave's address, an IPv4 one without the "::ffff:" a dual-stack server gives it. */
  private get host(): string {
    const a = this.socket.remoteAddress ?? '?';
    return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
  }

  /** Closes on bad input with one log line (debug when the same slave keeps coming back with it); false for the report decoder. */
  private fail(reason: string, fields: Record<string, unknown>): boolean {
    this.close(reason, fields, this.owner.firstRefusal(this.host, reason) ? 'warn' : 'debug');
    return false;
  }

  /** Closes the connection once; the first reason given is the one logged. */
  close(reason = 'slave connection closed', fields: Record<string, unknown> = {}, level: 'debug' | 'info' | 'warn' = 'info'): void {
    if (this.closed) return;
    this.closed = true;
    log[level](reason, { slave: this.addr, ...fields });
    this.socket.destroy();
    this.owner.removeConnection(this);
    this.wake();
  }
}
