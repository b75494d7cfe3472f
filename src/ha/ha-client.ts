// The slave side of replication (Java's HAService.HAClient). It connects to the master's HA port,
// reports its commit-log end (at connect, after every append, and as a heartbeat), checks that each
// frame starts where its log ends, and appends exactly the bytes received. Bodies received while an
// append is in flight are gathered and go to the store together in the next one; the socket pauses
// when too much waits. A dropped link, a wrong offset or a master silent too long closes the
// connection, and it reconnects with back-off, to whatever master address is current.
//
// A master whose log is not this slave's history (another broker's master, or a master restarted
// with an older store that has since written other records) must not have its bytes appended: at
// connect the slave reports an offset up to 4 KiB before its end, inside its last segment, and the
// master sends those bytes again; they must equal the slave's own, or nothing is appended. (The
// report doubles as an acknowledgement, and acknowledging less than it holds is harmless.) At a
// segment start, where there is nothing to compare, the first bytes must at least start a record.
// A problem that repeats on every reconnection (a master that is down, that refuses this slave, or
// whose log diverged from this one) is logged once, then at debug level until a session works.

import net from 'node:net';
import { getLogger } from '../common/logger.js';
import { nowMs } from '../common/runtime.js';
import type { MessageStore } from '../store/message-store.js';
import { BLANK_MAGIC_CODE, MESSAGE_MAGIC_CODE, MESSAGE_MAGIC_CODE_V2 } from '../common/message/record-codec.js';
import { encodeReport, FrameDecoder, type FrameSink } from './ha-codec.js';

const log = getLogger('ha');
const RETRY_MIN_MS = 100;
/** Received bytes gathered beyond this pause the socket until the store took them. */
const PENDING_MAX = 8 * 1024 * 1024;
/** Bytes before its end that a slave asks its master for again, to check the master holds the same history. */
const OVERLAP_BYTES = 4096;
/** Sessions in a row that the master closed without sending a single frame before this slave says why. */
const EMPTY_SESSIONS_NOTED = 2;
/** Heartbeats in a row at an offset before this slave's end: the master has nothing more, it is behind. */
const BEHIND_HEARTBEATS = 2;
const AHEAD_NOTE =
  "this slave is ahead of its master: its commit log ends after the master's (a master restarted with an older store, or one replaced after a failover); nothing appended, this slave keeps its data and retries";

/**
 * Whether replicated bytes that must start a record do: a record's size and magic code (or the
 * blank marker that ends a segment). Fewer than 8 bytes cannot tell and pass.
 */
export function startsWithRecord(data: Buffer): boolean {
  if (data.length < 8) return true;
  const magic = data.readInt32BE(4);
  return data.readInt32BE(0) > 0 && (magic === MESSAGE_MAGIC_CODE || magic === MESSAGE_MAGIC_CODE_V2 || magic === BLANK_MAGIC_CODE);
}

export class HAClient implements FrameSink {
  private masterAddr: string | null = null;
  private socket: net.Socket | null = null;
  private connected = false;
  private running = false;
  private decoder = new FrameDecoder();
  /** Offset after the last byte accepted from the master. */
  private received = 0;
  /** An empty slave takes whatever segment start the master begins with. */
  private anyStart = false;
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
  /** Problems already logged for the current master (see note()). */
  private readonly noted = new Set<string>();
  /** Chunks received in the current session. */
  private sessionChunks = 0;
  /** Sessions in a row the master closed without a frame. */
  private emptySessions = 0;
  /** The first append of a session must start a record when this log ends at a record boundary. */
  private checkStart = false;
  /** This slave's own last bytes, which the master is sending again (null once they matched, or none asked for). */
  private overlap: Buffer | null = null;
  /** Where the overlap ends: this slave's commit-log end at connect. */
  private overlapEnd = 0;
  /** Links closed because of a wrong offset (tests and diagnostics). */
  mismatches = 0;
  /** Sessions refused because the master's log does not continue this one (tests and diagnostics). */
  divergences = 0;
  /** Sessions given up because the master's log ends before this slave's (tests and diagnostics). */
  aheads = 0;
  /** Heartbeats in a row that showed the master's end before this slave's. */
  private behindBeats = 0;
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

  /** Replicates from `addr` ("host:port") from now on; a link to another master is dropped. Null stops replicating. */
  updateMasterAddress(addr: string | null): void {
    if (addr === this.masterAddr) return;
    log.info('master HA address changes', { old: this.masterAddr, new: addr });
    this.masterAddr = addr;
    this.noted.clear();
    this.emptySessions = 0;
    this.retryMs = RETRY_MIN_MS;
    if (this.socket) this.closeLink('master address changed');
    else if (this.running) {
      // A back-off wait for the old master does not hold up the new one.
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.scheduleConnect(0);
    }
  }

  /** Logs a problem the first time it happens with the current master, and at debug level after that. */
  private note(level: 'info' | 'warn' | 'error', key: string, msg: string, fields: Record<string, unknown>): void {
    if (this.noted.has(key)) return log.debug(msg, fields);
    this.noted.add(key);
    log[level](msg, fields);
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
    s.on('connect', () => void this.startSession(s, addr));
    s.on('data', (chunk: Buffer) => {
      this.lastReadAt = nowMs();
      if (this.socket !== s) return;
      this.sessionChunks++;
      const refusals = this.mismatches + this.divergences + this.aheads;
      if (this.decoder.push(chunk, this)) return;
      if (this.mismatches + this.divergences + this.aheads === refusals) {
        this.note('warn', 'garbage', 'master sent a frame that does not parse: reconnecting', { master: addr });
      }
      this.closeLink();
    });
    s.on('error', (err) => this.note('info', 'failed', 'master HA link failed', { master: addr, err }));
    s.on('close', () => {
      if (this.socket !== s) return;
      const wasConnected = this.connected;
      this.socket = null;
      this.connected = false;
      this.pendingLen = 0;
      this.paused = false;
      if (wasConnected) {
        this.note('info', 'closed', 'master HA link closed', { master: addr });
        if (this.sessionChunks > 0) this.emptySessions = 0;
        else if (++this.emptySessions >= EMPTY_SESSIONS_NOTED) {
          // Our master closes at once on a slave ahead of it (a Java master just sends nothing).
          this.note('warn', 'ahead', `${AHEAD_NOTE} (the master closes the link after this slave's report)`, {
            master: addr,
            slaveOffset: this.overlapEnd,
          });
        }
      }
      if (this.running) {
        this.scheduleConnect(this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, this.maxRetryMs());
      }
    });
  }

  private async startSession(s: net.Socket, addr: string): Promise<void> {
    this.connected = true;
    this.connects++;
    this.lastReadAt = nowMs();
    this.sessionChunks = 0;
    this.behindBeats = 0;
    const end = this.store.getMaxPhyOffset();
    const overlap = await this.ownTail(end).catch(() => null);
    if (this.socket !== s) return;
    this.overlap = overlap;
    this.overlapEnd = end;
    this.received = end - (overlap?.length ?? 0);
    this.anyStart = end === 0;
    this.checkStart = overlap === null && this.store.replicaPendingBytes === 0;
    this.note('info', 'connected', 'connected to master', { master: addr, offset: end });
    this.report(this.received);
  }

  /**
   * The last bytes of this log inside its last segment (null when it ends at a segment start). Never
   * from offset 0: a report of 0 means a fresh slave, which a master serves from its last segment.
   */
  private async ownTail(end: number): Promise<Buffer | null> {
    const n = Math.min(OVERLAP_BYTES, end % this.store.cfg.mappedFileSizeCommitLog, end - 1);
    if (n <= 0) return null;
    const out = Buffer.allocUnsafe(n);
    for (let got = 0; got < n;) {
      const part = await this.store.getCommitLogData(end - n + got, n - got);
      if (!part || part.length === 0) return null;
      got += part.copy(out, got);
    }
    return out;
  }

  /** Refuses the master's history: one log line, nothing appended, a slow retry. False for the decoder. */
  private diverged(offset: number): false {
    this.divergences++;
    this.note(
      'error',
      'diverged',
      "the master's commit log is not this slave's history (another broker's master, or a master restarted with an older store): nothing appended, this slave keeps its data and retries",
      { master: this.masterAddr, offset },
    );
    this.overlap = null;
    this.pendingLen = 0;
    this.retryMs = this.maxRetryMs();
    this.closeLink();
    return false;
  }

  header(offset: number, size: number): boolean {
    if (!this.anyStart && offset !== this.received) {
      this.mismatches++;
      this.note('error', 'offset', "master pushed an offset other than this slave's commit-log end: reconnecting", {
        master: this.masterAddr,
        slave: this.received,
        offset,
      });
      return false;
    }
    if (size === 0) {
      if (this.overlap && offset < this.overlapEnd && ++this.behindBeats >= BEHIND_HEARTBEATS) {
        this.aheads++;
        this.note('warn', 'ahead', AHEAD_NOTE, { master: this.masterAddr, masterOffset: offset, slaveOffset: this.overlapEnd });
        this.overlap = null;
        this.retryMs = this.maxRetryMs();
        this.closeLink();
        return false;
      }
    } else {
      this.behindBeats = 0;
      if (this.anyStart) {
        this.anyStart = false;
        this.received = offset;
      }
      if (this.pendingLen === 0 && !this.overlap) this.pendingStart = offset;
    }
    return true;
  }

  body(bytes: Buffer): boolean {
    const ov = this.overlap;
    if (ov) {
      const pos = ov.length - (this.overlapEnd - this.received);
      const n = Math.min(bytes.length, ov.length - pos);
      if (bytes.compare(ov, pos, pos + n, 0, n) !== 0) return this.diverged(this.received);
      this.received += n;
      if (this.received < this.overlapEnd) return true;
      // The master holds this slave's history: replication goes on from the slave's end.
      this.overlap = null;
      this.pendingStart = this.overlapEnd;
      this.retryMs = RETRY_MIN_MS;
      this.report(this.overlapEnd);
      if (n === bytes.length) return true;
      bytes = bytes.subarray(n);
    }
    this.retryMs = RETRY_MIN_MS;
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
    return true;
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
      if (this.checkStart) {
        this.checkStart = false;
        if (!startsWithRecord(data)) {
          if (this.socket === s) this.diverged(at);
          break;
        }
      }
      const ok = await this.store.appendToCommitLog(at, data);
      if (!ok) {
        log.error('the store refused replicated data: reconnecting', { offset: at, bytes: data.length });
        this.pendingLen = 0;
        if (this.socket === s) this.closeLink();
        break;
      }
      this.noted.clear();
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

  private maxRetryMs(): number {
    return Math.max(RETRY_MIN_MS, this.store.cfg.haSendHeartbeatInterval);
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
