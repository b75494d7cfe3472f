// The remoting server: accepts connections and dispatches each request by its code to a
// registered processor. A reply always uses the serialize type and opaque of its request.
// Unknown codes are answered REQUEST_CODE_NOT_SUPPORTED; a frame that cannot be decoded closes
// only the connection that sent it. An optional request check (the broker's ACL) runs before the
// processor of every request, oneway ones and unknown codes included, as Java's server RPC hooks
// do; what it throws is answered like a processor's error.
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
    const conn = new Connection(socket, (c, req) => this.dispatch(c, req));
    this.connections.add(conn);
    conn.onClosed((c) => {
      this.connections.delete(c);
      for (const fn of this.closeListeners) fn(c);
    });
    for (const fn of this.connectListeners) fn(conn);
  }

  private dispatch(conn: Connection, request: RemotingCommand): void {
    const t0 = this.observer ? nowMs() : 0;
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
      log.warn('request code not supported', { peer: conn.remoteAddress, code: request.code });
      this.reply(
        conn,
        request,
        createResponse(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, ` request type ${request.code} not supported`),
        t0,
      );
      return;
    }
    let result: ProcessorResult | Promise<ProcessorResult>;
    try {
      result = processor(request, conn);
    } catch (err) {
      this.reply(conn, request, this.errorResponse(conn, request, err), t0);
      return;
    }
    if (result && typeof (result as Promise<ProcessorResult>).then === 'function') {
      (result as Promise<ProcessorResult>).then(
        (res) => this.reply(conn, request, res, t0),
        (err) => this.reply(conn, request, this.errorResponse(conn, request, err), t0),
      );
    } else {
      this.reply(conn, request, result as ProcessorResult, t0);
    }
  }

  private errorResponse(conn: Connection, request: RemotingCommand, err: unknown): RemotingCommand {
    if (err instanceof ServerResponseError) return createResponse(request, err.responseCode, err.message);
    if (err instanceof RemotingCommandError) return createResponse(request, ResponseCode.SYSTEM_ERROR, err.message);
    log.error('processor failed', {
      peer: conn.remoteAddress,
      code: requestCodeName(request.code),
      err: err instanceof Error ? err.stack ?? err.message : String(err),
    });
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
    const closing = this.servers.map((s) => new Promise<void>((r) => s.close(() => r())));
    for (const s of this.sniffing) s.destroy();
    for (const c of [...this.connections]) c.close();
    await Promise.all(closing);
  }
}
