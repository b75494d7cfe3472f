// One TCP connection speaking the remoting protocol in both directions. It matches responses to
// pending requests by opaque, and hands inbound requests to a handler. Servers and clients both
// use it, because brokers also call their clients (NOTIFY_CONSUMER_IDS_CHANGED, CHECK_TRANSACTION_STATE).

import type net from 'node:net';
import { getLogger } from '../common/logger.js';
import { RemotingSendRequestError, RemotingTimeoutError } from './errors.js';
import { isResponse, FLAG_ONEWAY, type RemotingCommand } from './command.js';
import { decodeFrameContent, encodeFrame, FrameDecoder } from './frame.js';
import { formatAddress } from './address.js';

const log = getLogger('remoting');

export type RequestHandler = (conn: Connection, request: RemotingCommand) => void;

interface Pending {
  resolve: (cmd: RemotingCommand) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class Connection {
  readonly socket: net.Socket;
  /** The peer as "ip:port". */
  readonly remoteAddress: string;
  readonly localAddress: string;
  private readonly decoder = new FrameDecoder();
  private readonly pending = new Map<number, Pending>();
  private closed = false;
  private corked = false;
  private readonly closeListeners: Array<(conn: Connection) => void> = [];
  /** Free slot for the owner (client id, broker info...). */
  attachment: unknown = undefined;

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
      this.decoder.push(chunk, (content) => this.onFrame(content));
    } catch (err) {
      log.warn('closing connection after a bad frame', { peer: this.remoteAddress, err });
      this.close();
    }
  }

  private onFrame(content: Buffer): void {
    const cmd = decodeFrameContent(content);
    if (isResponse(cmd)) {
      const p = this.pending.get(cmd.opaque);
      if (!p) {
        log.debug('response without a pending request', { peer: this.remoteAddress, opaque: cmd.opaque });
        return;
      }
      this.pending.delete(cmd.opaque);
      clearTimeout(p.timer);
      p.resolve(cmd);
      return;
    }
    try {
      this.onRequest(this, cmd);
    } catch (err) {
      // A failing handler is a bug on our side, not a broken stream: keep the connection.
      log.error('request handler failed', { peer: this.remoteAddress, code: cmd.code, err: err instanceof Error ? err.stack ?? err.message : String(err) });
    }
  }

  /** Writes a command; frames written in the same tick leave in one syscall. */
  write(cmd: RemotingCommand): void {
    if (this.closed) throw new RemotingSendRequestError(this.remoteAddress);
    const parts = encodeFrame(cmd);
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    for (const p of parts) this.socket.write(p);
  }

  /** Sends a request and waits for its response (which may carry an error code: callers check). */
  invoke(request: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new RemotingSendRequestError(this.remoteAddress));
        return;
      }
      const opaque = request.opaque;
      const timer = setTimeout(() => {
        this.pending.delete(opaque);
        reject(new RemotingTimeoutError(this.remoteAddress, timeoutMs));
      }, timeoutMs);
      this.pending.set(opaque, { resolve, reject, timer });
      try {
        this.write(request);
      } catch (err) {
        clearTimeout(timer);
        this.pending.delete(opaque);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

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
    for (const [opaque, p] of this.pending) {
      clearTimeout(p.timer);
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
