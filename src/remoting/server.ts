// The remoting server: accepts connections and dispatches each request by its code to a
// registered processor. A reply always uses the serialize type and opaque of its request.
// Unknown codes are answered REQUEST_CODE_NOT_SUPPORTED; a frame that cannot be decoded closes
// only the connection that sent it. An optional request check (the broker's ACL) runs before the
// processor of every request, oneway ones and unknown codes included, as Java's server RPC hooks
// do; what it throws is answered like a processor's error. What one client may hold (connections,
// idle time, requests in progress, unread replies, unfinished frames) is bounded by setLimits().
// With TLS (tls.ts) a connection is served once its first byte says whether it speaks TLS or
// plain frames, and the mode allows that.

import net from 'node:net';
import { getLogger } from '../common/logger.js';
import { nowMs } from '../common/runtime.js';
import { createResponse, FLAG_RESPONSE, isOneway, type RemotingCommand } from './command.js';
import { Connection } from './connection.js';
import { RemotingCommandError, ServerResponseError } from './errors.js';
import { ResponseCode } from './response-code.js';
import { requestCodeName } from './request-code.js';
import { type ServerTls, TLS_HANDSHAKE_BYTE } from './tls.js';
import { formatAddress } from './address.js';
import { InboundBudget } from './inbound-budget.js';
import { type ServerLimits, serverLimits } from './server-limits.js';
import { LogLimit } from './log-limit.js';

const log = getLogger('remoting');
/**
 * A connection that sends nothing is closed after this long when the server waits for its first
 * byte (TLS modes): Java's idle handler sits before its handshake handler, with 120 s by default.
 */
const FIRST_BYTE_TIMEOUT_MS = 120_000;

export type ProcessorResult = RemotingCommand | null | undefined;
/** Handles one request. Return the response (or null for none); throw ServerResponseError to answer an error code. */
export type Processor = (request: RemotingCommand, conn: Connection) => ProcessorResult | Promise<ProcessorResult>;

/**
 * Runs before the processor of every request; throw ServerResponseError to refuse it with that code
 * and remark (nothing is answered to a oneway request, as for any other error).
 */
export type RequestCheck = (request: RemotingCommand, conn: Connection) => void;

/**
 * Looks at a request that waited `heldMs` in a paused connection before its turn (Java: in a
 * processor's queue); a response returned answers it instead of its processor (fast failure).
 */
export type HeldRequestCheck = (request: RemotingCommand, heldMs: number, conn: Connection) => RemotingCommand | null;

/**
 * Told of each request once it has been processed, with its response (null: oneway or none) and the
 * milliseconds since it arrived; what RocketMQ 5's rpc latency metric records.
 */
export type RequestObserver = (request: RemotingCommand, response: RemotingCommand | null, elapsedMs: number) => void;

export interface RemotingServerOptions {
  host?: string;
  port: number;
  /** Name used in logs ("namesrv", "broker"). */
  name?: string;
}

export class RemotingServer {
  private readonly processors = new Map<number, Processor>();
  private readonly servers: net.Server[] = [];
  readonly connections = new Set<Connection>();
  private readonly connectListeners: Array<(c: Connection) => void> = [];
  private readonly closeListeners: Array<(c: Connection) => void> = [];
  private shuttingDown = false;
  /** Accepted sockets not served yet: waiting for their first byte or in a TLS handshake (close() ends them). */
  private readonly sniffing = new Set<net.Socket>();
  private requestCheck: RequestCheck | undefined;
  private heldCheck: HeldRequestCheck | undefined;
  private limits: ServerLimits = serverLimits();
  private inbound: InboundBudget | null = null;
  /** Connections refused for serverMaxConnections since the last log line about it. */
  private refused = 0;
  private refusedLoggedAt = 0;
  private readonly logLimit = new LogLimit();
  private observer: RequestObserver | null = null;

  /** Without `tls` every connection is plain, as with tls.server.mode=disabled but without looking at the first byte. */
  constructor(private readonly name = 'server', private readonly tls?: ServerTls) {}

  /** Observes every request's outcome and time (one observer; the clock is read only when set). */
  observeRequests(fn: RequestObserver | null): void {
    this.observer = fn;
  }

  registerProcessor(code: number, processor: Processor): this {
    this.processors.set(code, processor);
    return this;
  }

  /** Installs the check run before every request (one; undefined removes it). */
  setRequestCheck(check: RequestCheck | undefined): this {
    this.requestCheck = check;
    return this;
  }

  /** Installs the check of requests that waited in a paused connection (one; undefined removes it). */
  setHeldRequestCheck(check: HeldRequestCheck | undefined): this {
    this.heldCheck = check;
    return this;
  }

  /** Sets what one client may hold (server-limits.ts); applies to connections accepted from now on. */
  setLimits(limits: ServerLimits): this {
    this.limits = limits;
    this.inbound?.stop();
    this.inbound = null;
    return this;
  }

  /** Bytes of frames received and not yet dispatched, over all connections (see InboundBudget). */
  get unfinishedFrameBytes(): number {
    return this.inbound?.used ?? 0;
  }

  /** The budget of unfinished frames of this server's connections. */
  private inboundBudget(): InboundBudget {
    return this.inbound ??= new InboundBudget(this.limits.partialFramesMaxBytes, this.limits.frameReadTimeoutMs, this.name);
  }

  onConnect(fn: (c: Connection) => void): void {
    this.connectListeners.push(fn);
  }

  onConnectionClosed(fn: (c: Connection) => void): void {
    this.closeListeners.push(fn);
  }

  /** Listens on `port` (0 picks a free one); returns the bound port. May be called once per port. */
  listen(port: number, host?: string): Promise<number> {
    const server = net.createServer((socket) => this.accept(socket));
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', (err) => log.error(`${this.name} listener error`, { err }));
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  private accept(socket: net.Socket): void {
    if (this.shuttingDown) {
      socket.destroy();
      return;
    }
    const limits = this.limits;
    // Sockets still in their TLS sniff or handshake count too: each holds memory like a connection.
    if (limits.maxConnections > 0 && this.connections.size + this.sniffing.size >= limits.maxConnections) {
      this.refuse(socket);
      return;
    }
    if (this.tls) this.sniff(socket, this.tls);
    else this.serve(socket);
  }

  /** Waits for the first byte, puts it back, and hands the socket to TLS or to a plain connection. */
  private sniff(socket: net.Socket, tls: ServerTls): void {
    const peer = formatAddress(socket.remoteAddress ?? 'unknown', socket.remotePort ?? 0);
    this.sniffing.add(socket);
    // Kept for the socket's life: the TLS layer or the connection reports what matters.
    socket.on('error', (err) => log.debug('connection error', { peer, err }));
    const silent = setTimeout(() => {
      log.warn(`connection from ${peer} closed: nothing received in ${FIRST_BYTE_TIMEOUT_MS / 1000} s`);
      socket.destroy();
    }, FIRST_BYTE_TIMEOUT_MS);
    silent.unref?.();
    socket.once('close', () => {
      clearTimeout(silent);
      this.sniffing.delete(socket);
    });
    socket.once('data', (chunk: Buffer) => {
      clearTimeout(silent);
      socket.pause();
      socket.unshift(chunk);
      const handshake = chunk[0] === TLS_HANDSHAKE_BYTE;
      if (handshake && tls.mode !== 'disabled') {
        this.sniffing.delete(socket);
        const s = tls.accept(socket, peer, (secure) => this.serve(secure));
        this.sniffing.add(s);
        s.once('close', () => this.sniffing.delete(s));
      } else if (handshake || tls.mode === 'enforcing') {
        log.warn(
          handshake
            ? `TLS handshake from ${peer} refused: ${this.name} runs with tls.server.mode=disabled`
            : `plain-text connection from ${peer} refused: ${this.name} runs with tls.server.mode=enforcing`,
        );
        socket.destroy();
      } else {
        this.serve(socket);
        socket.resume();
      }
    });
  }

  private serve(socket: net.Socket): void {
    this.sniffing.delete(socket);
    if (this.shuttingDown) {
      socket.destroy();
      return;
    }
    const limits = this.limits;
    const conn = new Connection(socket, (c, req) => this.dispatch(c, req));
    conn.maxPendingRequests = limits.maxPendingRequests;
    conn.writeHighWaterMark = limits.writeBufferHighWaterMark;
    if (limits.partialFramesMaxBytes > 0 || limits.frameReadTimeoutMs > 0) conn.inbound = this.inboundBudget();
    if (limits.channelMaxIdleMs > 0) {
      // Java's IdleStateHandler(0, 0, serverChannelMaxIdleTimeSeconds): no read and no write for that long.
      socket.setTimeout(limits.channelMaxIdleMs, () => {
        log.info(`${this.name}: closing idle connection`, { peer: conn.remoteAddress, idleMs: limits.channelMaxIdleMs });
        conn.close();
      });
    }
    this.connections.add(conn);
    conn.onClosed((c) => {
      this.connections.delete(c);
      for (const fn of this.closeListeners) fn(c);
    });
    for (const fn of this.connectListeners) fn(conn);
  }

  /** Closes a connection past serverMaxConnections; one log line per second at most. */
  private refuse(socket: net.Socket): void {
    socket.destroy();
    this.refused++;
    const now = Date.now();
    if (now - this.refusedLoggedAt < 1000) return;
    log.warn(
      `${this.name}: ${this.refused} connection(s) refused: ${this.connections.size} open, serverMaxConnections=${this.limits.maxConnections}`,
    );
    this.refused = 0;
    this.refusedLoggedAt = now;
  }

  private dispatch(conn: Connection, request: RemotingCommand): void {
    const t0 = this.observer ? nowMs() : 0;
    if (conn.heldSince > 0 && this.heldCheck) {
      const shed = this.heldCheck(request, Date.now() - conn.heldSince, conn);
      if (shed) {
        this.reply(conn, request, shed, t0);
        return;
      }
    }
    if (this.requestCheck) {
      try {
        this.requestCheck(request, conn);
      } catch (err) {
        this.reply(conn, request, this.errorResponse(conn, request, err), t0);
        return;
      }
    }
    const processor = this.processors.get(request.code);
    if (!processor) {
      const skipped = this.logLimit.take('unsupported');
      if (skipped >= 0) {
        log.warn('request code not supported', {
          peer: conn.remoteAddress,
          code: request.code,
          ...(skipped > 0 ? { alsoUnsupportedSinceLastLine: skipped } : {}),
        });
      }
      this.reply(
        conn,
        request,
        createResponse(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, ` request type ${request.code} not supported`),
        t0,
      );
      return;
    }
    let result: ProcessorResult | Promise<ProcessorResult>;
    conn.requestStarted();
    try {
      result = processor(request, conn);
    } catch (err) {
      conn.requestEnded(request);
      this.reply(conn, request, this.errorResponse(conn, request, err), t0);
      return;
    }
    if (result && typeof (result as Promise<ProcessorResult>).then === 'function') {
      conn.requestContinues();
      // Replied first: a reply that fills the peer's buffer pauses the reading before the end of
      // this request could resume it.
      (result as Promise<ProcessorResult>).then(
        (res) => {
          this.reply(conn, request, res, t0);
          conn.requestEnded(request);
        },
        (err) => {
          this.reply(conn, request, this.errorResponse(conn, request, err), t0);
          conn.requestEnded(request);
        },
      );
    } else {
      conn.requestEnded(request);
      this.reply(conn, request, result as ProcessorResult, t0);
    }
  }

  private errorResponse(conn: Connection, request: RemotingCommand, err: unknown): RemotingCommand {
    if (err instanceof ServerResponseError) return createResponse(request, err.responseCode, err.message);
    if (err instanceof RemotingCommandError) return createResponse(request, ResponseCode.SYSTEM_ERROR, err.message);
    const skipped = this.logLimit.take(`failed:${request.code}`);
    if (skipped >= 0) {
      log.error('processor failed', {
        peer: conn.remoteAddress,
        code: requestCodeName(request.code),
        err: err instanceof Error ? err.stack ?? err.message : String(err),
        ...(skipped > 0 ? { alsoFailedSinceLastLine: skipped } : {}),
      });
    }
    return createResponse(
      request,
      ResponseCode.SYSTEM_ERROR,
      `process request exception: ${err instanceof Error ? err.message : String(err)}`,
    );
  }

  private reply(conn: Connection, request: RemotingCommand, response: ProcessorResult, t0: number): void {
    if (this.observer) this.observer(request, response ?? null, nowMs() - t0);
    if (!response || isOneway(request) || !conn.isOpen) return;
    response.opaque = request.opaque;
    response.flag |= FLAG_RESPONSE;
    response.serializeType = request.serializeType;
    try {
      conn.write(response);
    } catch (err) {
      log.warn('failed to write response', { peer: conn.remoteAddress, err });
    }
  }

  /** Stops accepting, closes every connection, and resolves when the listeners are closed. */
  async close(): Promise<void> {
    this.shuttingDown = true;
    this.inbound?.stop();
    const closing = this.servers.map((s) => new Promise<void>((r) => s.close(() => r())));
    for (const s of this.sniffing) s.destroy();
    for (const c of [...this.connections]) c.close();
    await Promise.all(closing);
  }
}
