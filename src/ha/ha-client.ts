// The slave side of replication (Java's HAService.HAClient). It connects to the master's HA port,
// reports its commit-log end (at connect, after every append, and as a heartbeat), checks that each
// frame starts where its log ends, and appends exactly the bytes received. Bodies received while an
// append is in flight are gathered and go to the store together in the next one; the socket pauses
// when too much waits. A dropped link, a wrong offset or a master silent too long closes the
// connection, and it reconnects with back-off, to whatever master address is current.

import net from 'node:net';
import { getLogger } from '../common/logger.js';
import { nowMs } from '../common/runtime.js';
import type { MessageStore } from '../store/message-store.js';
import { encodeReport, FrameDecoder, type FrameSink } from './ha-codec.js';

const log = getLogger('ha');
const RETRY_MIN_MS = 100;
/** Received bytes gathered beyond this pause the socket until the store took them. */
const PENDING_MAX = 8 * 1024 * 1024;

export class HAClient implements FrameSink {
  private masterAddr: string | null = null;
  private socket: net.Socket | null = null;
  private connected = false;
  private running = false;
  private decoder = new FrameDecoder();
  /** Offset after the last byte accepted from the master (0: none yet, any start is taken). */
  private received = 0;
  /** Last offset reported to the master. */
  private reported = 0;
  private lastWriteAt = 0;
  private lastReadAt = 0;
  private pending = Buffer.allocUnsafe(1024 * 1024);
  private spare = Buffer.allocUnsafe(1024 * 1024);
  private pendingStart = 0;
  private pendingLen = 0;
  private appending: Promise<void> | null = null;
  private appendSoon = false;
  private paused = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Links closed because of a wrong offset (tests and diagnostics). */
  mismatches = 0;
  /** Successful connections so far. */
  connects = 0;

  constructor(private readonly store: MessageStore) {}

  get masterAddress(): string | null {
    return this.masterAddr;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** The last offset this slave reported to its master. */
  get reportedOffset(): number {
    return this.reported;
  }

  /** Replicates from `addr` ("host:port") from now on; a link to another master is dropped. */
  updateMasterAddress(addr: string): void {
    if (addr === this.masterAddr) return;
    log.info('master HA address changes', { old: this.masterAddr, new: addr });
    this.masterAddr = addr;
    if (this.socket) this.closeLink('master address changed');
    else if (this.running) this.scheduleConnect(0);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const cfg = this.store.cfg;
    const tick = Math.min(1000, Math.max(10, Math.floor(Math.min(cfg.haSendHeartbeatInterval, cfg.haHousekeepingInterval) / 4)));
    this.timer = setInterval(() => this.housekeep(), tick);
    this.timer.unref?.();
    this.scheduleConnect(0);
  }

  async shutdown(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.timer = this.retryTimer = null;
    this.socket?.destroy();
    await this.appending;
  }

  private scheduleConnect(delay: number): void {
    if (!this.running || this.retryTimer || this.socket) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private async connect(): Promise<void> {
    const addr = this.masterAddr;
    if (!this.running || !addr || this.socket) return;
    // The offset reported at connect must include what is still being appended.
    await this.appending;
    if (!this.running || this.socket || addr !== this.masterAddr) return this.scheduleConnect(0);
    const i = addr.lastIndexOf(':');
    const host = addr.slice(0, i).replace(/^\[(.*)\]$/, '$1');
    const port = Number(addr.slice(i + 1));
    if (i <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
      log.error('bad master HA address', { addr });
      return;
    }
    const s = net.connect({ host, port });
    this.socket = s;
    this.decoder = new FrameDecoder();
    this.pendingLen = 0;
    s.setNoDelay(true);
    s.on('connect', () => {
      this.connected = true;
      this.connects++;
      this.lastReadAt = nowMs();
      this.received = this.reported = this.store.getMaxPhyOffset();
      log.info('connected to master', { master: addr, offset: this.reported });
      this.report(this.reported);
    });
    s.on('data', (chunk: Buffer) => {
      this.lastReadAt = nowMs();
      if (this.socket !== s) return;
      const mismatches = this.mismatches;
      if (this.decoder.push(chunk, this)) return;
      if (this.mismatches === mismatches) log.warn('master sent a frame that does not parse: reconnecting', { master: addr });
      this.closeLink();
    });
    s.on('error', (err) => log.info('master HA link failed', { master: addr, err }));
    s.on('close', () => {
      if (this.socket !== s) return;
      const wasConnected = this.connected;
      this.socket = null;
      this.connected = false;
      this.pendingLen = 0;
      this.paused = false;
      if (wasConnected) log.info('master HA link closed', { master: addr });
      if (this.running) {
        this.scheduleConnect(this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, Math.max(RETRY_MIN_MS, this.store.cfg.haSendHeartbeatInterval));
      }
    });
  }

  header(offset: number, size: number): boolean {
    if (this.received !== 0 && offset !== this.received) {
      this.mismatches++;
      log.error("master pushed an offset other than this slave's commit-log end: reconnecting", { slave: this.received, master: offset });
      return false;
    }
    if (size > 0) {
      if (this.received === 0) this.received = offset;
      if (this.pendingLen === 0) this.pendingStart = offset;
      this.retryMs = RETRY_MIN_MS;
    }
    return true;
  }

  body(bytes: Buffer): void {
    const need = this.pendingLen + bytes.length;
    if (need > this.pending.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.pending.length * 2));
      this.pending.copy(bigger, 0, 0, this.pendingLen);
      this.pending = bigger;
    }
    bytes.copy(this.pending, this.pendingLen);
    this.pendingLen = need;
    this.received += bytes.length;
    if (need > PENDING_MAX && this.socket && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    if (!this.appending && !this.appendSoon) {
      // Chunks read in this turn of the event loop go to the store in one append.
      this.appendSoon = true;
      setImmediate(this.startAppend);
    }
  }

  private readonly startAppend = (): void => {
    this.appendSoon = false;
    if (!this.appending && this.pendingLen > 0) this.appending = this.appendLoop();
  };

  /** Hands gathered bytes to the store, one append at a time, and reports after each. */
  private async appendLoop(): Promise<void> {
    while (this.pendingLen > 0) {
      const data = this.pending.subarray(0, this.pendingLen);
      const at = this.pendingStart;
      [this.pending, this.spare] = [this.spare, this.pending];
      this.pendingLen = 0;
      this.pendingStart = at + data.length;
      const s = this.socket;
      const ok = await this.store.appendToCommitLog(at, data);
      if (!ok) {
        log.error('the store refused replicated data: reconnecting', { offset: at, bytes: data.length });
        this.pendingLen = 0;
        if (this.socket === s) this.closeLink();
        break;
      }
      if (this.socket === s && this.connected) {
        const max = this.store.getMaxPhyOffset();
        if (max > this.reported) this.report(max);
      }
      if (this.paused && this.pendingLen <= PENDING_MAX) {
        this.paused = false;
        this.socket?.resume();
      }
    }
    this.appending = null;
  }

  private report(offset: number): void {
    this.reported = offset;
    this.lastWriteAt = nowMs();
    this.socket?.write(encodeReport(offset));
  }

  private housekeep(): void {
    if (!this.connected) return;
    const now = nowMs();
    const cfg = this.store.cfg;
    if (now - this.lastReadAt > cfg.haHousekeepingInterval) {
      log.warn('master silent too long: reconnecting', { master: this.masterAddr, silentMs: Math.round(now - this.lastReadAt) });
      this.closeLink();
    } else if (now - this.lastWriteAt >= cfg.haSendHeartbeatInterval) {
      this.report(this.reported);
    }
  }

  private closeLink(reason?: string): void {
    if (reason) log.info(reason, { master: this.masterAddr });
    this.socket?.destroy();
  }
}
