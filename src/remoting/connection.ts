// One TCP connection speaking the remoting protocol in both directions. It matches responses to
// pending requests by opaque, and hands inbound requests to a handler. Servers and clients both
// use it, because brokers also call their clients (NOTIFY_CONSUMER_IDS_CHANGED, CHECK_TRANSACTION_STATE).

import type net from 'node:net';
import { getLogger } from '../common/logger.js';
import { RemotingSendRequestError, RemotingTimeoutError } from './errors.js';
import { FLAG_ONEWAY, isResponse, type RemotingCommand } from './command.js';
import { decodeFrameContent, FrameDecoder, FrameWriter } from './frame.js';
import { formatAddress } from './address.js';
import type { InboundBudget } from './inbound-budget.js';
import { LogLimit } from './log-limit.js';

const log = getLogger('remoting');
const logLimit = new LogLimit();

export type RequestHandler = (conn: Connection, request: RemotingCommand) => void;

interface Pending {
  resolve: (cmd: RemotingCommand) => void;
  reject: (err: Error) => void;
  /** Date.now() after which the request fails with a timeout. */
  deadline: number;
  timeoutMs: number;
}

/** Why a connection stopped reading (bits): its peer does not read its replies, or sent too many requests. */
const PAUSE_WRITES = 1;
const PAUSE_PENDING = 2;

// One shared promise executor instead of a closure per request: it parks the resolvers for invoke to take.
let parkedResolve: (cmd: RemotingCommand) => void = () => undefined;
let parkedReject: (err: Error) => void = () => undefined;
function park(resolve: (cmd: RemotingCommand) => void, reject: (err: Error) => void): void {
  parkedResolve = resolve;
  parkedReject = reject;
}

export class Connection {
  readonly socket: net.Socket;
  /** The peer as "ip:port". */
  readonly remoteAddress: string;
  readonly localAddress: string;
  private readonly decoder = new FrameDecoder();
  private readonly pending = new Map<number, Pending>();
  /**
   * One timer per connection, armed at the earliest deadline of the requests in flight, replaces a
   * timer per request; when it fires it fails what is overdue and re-arms for the next deadline.
   */
  private timeoutTimer: ReturnType<typeof setTimeout> | null = null;
  private timeoutAt = Infinity;
  private closed = false;
  /** Frames written this tick; they leave together in one socket write at the end of it. */
  private readonly out = new FrameWriter();
  private flushScheduled = false;
  private readonly flushNow = (): void => {
    this.flushScheduled = false;
    this.flush();
  };
  private readonly onFrameBound = (content: Buffer): void => this.onFrame(content);
  private readonly closeListeners: Array<(conn: Connection) => void> = [];
  /** Free slot for the owner (client id, broker info...). */
  attachment: unknown = undefined;

  // ---- server side: what this peer may hold (see RemotingServer and server-limits.ts); 0 = no limit ----
  /** Why reading is paused (PAUSE_* bits); 0 while reading. */
  private paused = 0;
  /** Requests whose processing has not ended. */
  pendingRequests = 0;
  maxPendingRequests = 0;
  /** Requests handed off by park(): they no longer count as pending. */
  private parked: Set<RemotingCommand> | null = null;
  /** Reading pauses while more than this many bytes of replies wait to be sent. */
  writeHighWaterMark = 0;
  /** Date.now() when reading paused, while frames read before are still held back; else 0. */
  heldSince = 0;
  /** Where buffered bytes of unfinished frames are accounted, and this connection's part of it. */
  inbound: InboundBudget | null = null;
  chargedBytes = 0;
  frameSeq = 0;
  frameStartedAt = 0;

  /**
   * Frames written in one tick leave together at its end, or as soon as this many bytes are
   * waiting: a peer that answers requests starts on the first ones while later ones are still
   * being encoded, instead of both sides taking turns (Infinity: only at the end of the tick).
   */
  flushBytes = Infinity;

  constructor(socket: net.Socket, private readonly onRequest: RequestHandler) {
    this.socket = socket;
    this.remoteAddress = formatAddress(socket.remoteAddress ?? 'unknown', socket.remotePort ?? 0);
    this.localAddress = formatAddress(socket.localAddress ?? 'unknown', socket.localPort ?? 0);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => log.debug('connection error', { peer: this.remoteAddress, err }));
    socket.on('close', () => this.onClose());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  onClosed(fn: (conn: Connection) => void): void {
    if (this.closed) fn(this);
    else this.closeListeners.push(fn);
  }

  private onData(chunk: Buffer): void {
    try {
      this.decoder.push(chunk, this.onFrameBound);
    } catch (err) {
      const skipped = logLimit.take('bad-frame');
      if (skipped >= 0) {
        log.warn('closing connection after a bad frame', {
          peer: this.remoteAddress,
          err,
          ...(skipped > 0 ? { alsoClosedSinceLastLine: skipped } : {}),
        });
      }
      this.close();
      return;
    }
    if (this.inbound !== null && (this.chargedBytes !== 0 || this.decoder.buffered !== 0)) {
      this.inbound.update(this, this.decoder.buffered, this.decoder.frames);
    }
  }

  get readingPaused(): boolean {
    return this.paused !== 0;
  }

  private pauseReading(reason: number): void {
    if (this.paused === 0) {
      this.socket.pause();
      this.decoder.held = true;
      if (this.heldSince === 0) this.heldSince = Date.now();
    }
    this.paused |= reason;
  }

  private resumeReading(reason: number): void {
    if ((this.paused & reason) === 0) return;
    this.paused &= ~reason;
    if (this.paused !== 0 || this.closed) return;
    // Paused time does not count against the frame read deadline.
    this.frameStartedAt = Date.now();
    this.decoder.held = false;
    this.onData(EMPTY);
    if (this.paused === 0 && !this.closed) {
      this.heldSince = 0;
      this.socket.resume();
    }
  }

  /** Server side: a request's processing starts (requestEnded follows, whatever happens). */
  requestStarted(): void {
    this.pendingRequests++;
  }

  /** Server side: a request goes on after its handler returned; too many such stop the reading. */
  requestContinues(): void {
    if (this.pendingRequests > this.maxPendingRequests && this.maxPendingRequests > 0) this.pauseReading(PAUSE_PENDING);
  }

  /** Server side: the processing of `request` ended. */
  requestEnded(request: RemotingCommand): void {
    if (this.parked !== null && this.parked.delete(request)) return;
    this.requestLeft();
  }

  /**
   * A request that may wait long for its answer (a held pull) stops counting as pending, so a
   * consumer with many held pulls keeps being read. Its owner keeps what it needs of it.
   */
  park(request: RemotingCommand): void {
    if (this.closed) return;
    (this.parked ??= new Set()).add(request);
    this.requestLeft();
  }

  private requestLeft(): void {
    this.pendingRequests--;
    if ((this.paused & PAUSE_PENDING) !== 0 && this.pendingRequests < this.maxPendingRequests) this.resumeReading(PAUSE_PENDING);
  }

  private readonly onDrain = (): void => this.resumeReading(PAUSE_WRITES);

  private onFrame(content: Buffer): void {
    const cmd = decodeFrameContent(content);
    if (isResponse(cmd)) {
      const p = this.pending.get(cmd.opaque);
      if (!p) {
        log.debug('response without a pending request', { peer: this.remoteAddress, opaque: cmd.opaque });
        return;
      }
      this.pending.delete(cmd.opaque);
      p.resolve(cmd);
      return;
    }
    try {
      this.onRequest(this, cmd);
    } catch (err) {
      // A failing handler is a bug on our side, not a broken stream: keep the connection.
      log.error('request handler failed', {
        peer: this.remoteAddress,
        code: cmd.code,
        err: err instanceof Error ? err.stack ?? err.message : String(err),
      });
    }
  }

  /** Writes a command; frames leave together at the end of the tick, or once flushBytes wait. */
  write(cmd: RemotingCommand): void {
    if (this.closed) throw new RemotingSendRequestError(this.remoteAddress);
    this.out.add(cmd);
    if (this.out.pendingBytes >= this.flushBytes || (this.writeHighWaterMark > 0 && this.out.pendingBytes > this.writeHighWaterMark)) {
      this.flush();
      return;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flushNow);
    }
  }

  private flush(): void {
    const parts = this.out.take();
    if (this.closed || parts.length === 0) return;
    let room: boolean;
    if (parts.length === 1) {
      room = this.socket.write(parts[0]!);
    } else {
      this.socket.cork();
      room = true;
      for (const p of parts) room = this.socket.write(p);
      this.socket.uncork();
    }
    // A peer that does not read its replies is not read either, rather than queueing replies
    // without bound; 'drain' follows every write that found the buffer full.
    if (
      !room && this.writeHighWaterMark > 0 && (this.paused & PAUSE_WRITES) === 0 && this.socket.writableLength > this.writeHighWaterMark
    ) {
      this.pauseReading(PAUSE_WRITES);
      this.socket.once('drain', this.onDrain);
    }
  }

  /** Sends a request and waits for its response (which may carry an error code: callers check). */
  invoke(request: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    if (this.closed) return Promise.reject(new RemotingSendRequestError(this.remoteAddress));
    const promise = new Promise<RemotingCommand>(park);
    const opaque = request.opaque;
    const deadline = Date.now() + timeoutMs;
    this.pending.set(opaque, { resolve: parkedResolve, reject: parkedReject, deadline, timeoutMs });
    try {
      this.write(request);
    } catch (err) {
      this.pending.delete(opaque);
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    if (deadline < this.timeoutAt) this.armTimeout(deadline);
    return promise;
  }

  private armTimeout(at: number): void {
    if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
    this.timeoutAt = at;
    this.timeoutTimer = setTimeout(this.expire, Math.max(1, at - Date.now()));
    this.timeoutTimer.unref?.();
  }

  private readonly expire = (): void => {
    this.timeoutTimer = null;
    this.timeoutAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const [opaque, p] of this.pending) {
      if (p.deadline <= now) {
        this.pending.delete(opaque);
        p.reject(new RemotingTimeoutError(this.remoteAddress, p.timeoutMs));
      } else if (p.deadline < next) {
        next = p.deadline;
      }
    }
    if (next < Infinity && !this.closed) this.armTimeout(next);
  };

  /** Sends a request that expects no response. */
  invokeOneway(request: RemotingCommand): void {
    request.flag |= FLAG_ONEWAY;
    this.write(request);
  }

  close(): void {
    if (this.closed) return;
    this.socket.destroy();
    this.onClose();
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.inbound?.release(this);
    this.parked = null;
    if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
    this.timeoutTimer = null;
    for (const [opaque, p] of this.pending) {
      p.reject(new RemotingSendRequestError(this.remoteAddress));
      this.pending.delete(opaque);
    }
    for (const fn of this.closeListeners.splice(0)) {
      try {
        fn(this);
      } catch (err) {
        log.warn('close listener failed', { err });
      }
    }
  }
}

const EMPTY = Buffer.alloc(0);
