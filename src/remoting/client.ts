// The remoting client: one connection per address, opened on first use and reopened after it
// closes. Requests are matched to responses by opaque with a timeout; oneway requests expect nothing.
// With `tls` every connection is a TLS connection (Java's useTLS), ready once its handshake is done.

import net from 'node:net';
import { getLogger } from '../common/logger.js';
import type { RemotingCommand } from './command.js';
import { Connection } from './connection.js';
import { RemotingConnectError, RemotingTlsError } from './errors.js';
import { parseAddress } from './address.js';
import { type ClientTlsOptions, connectTls, describeTlsError } from './tls.js';

const log = getLogger('remoting');
/**
 * A client's requests leave in writes of about this size rather than one per tick: with 16
 * synchronous senders of 128-byte messages the broker starts on the first seven while the rest are
 * encoded, 51k -> 73k sends/s at the same CPU per message (bench:e2e).
 */
const DEFAULT_FLUSH_BYTES = 2048;

export interface RemotingClientOptions {
  /** Milliseconds to wait for a TCP connect (Java's connectTimeoutMillis). */
  connectTimeoutMs?: number;
  /** Requests leave once this many bytes wait, not only at the end of the tick (see Connection.flushBytes). */
  flushBytes?: number;
  /** Handles requests a server sends us (NOTIFY_CONSUMER_IDS_CHANGED and friends). */
  onRequest?: (conn: Connection, request: RemotingCommand) => void;
  /** Connect with TLS (clientTlsOptions() from the tls.* settings); plain TCP without. */
  tls?: ClientTlsOptions;
}

export class RemotingClient {
  private readonly conns = new Map<string, Promise<Connection>>();
  /** Connections established and open, for requests that need no await to find theirs. */
  private readonly open = new Map<string, Connection>();
  /** Sockets still connecting, so close() can abort them and their timers. */
  private readonly connecting = new Set<net.Socket>();
  private readonly connectTimeoutMs: number;
  private readonly flushBytes: number;
  private readonly onRequest: (conn: Connection, request: RemotingCommand) => void;
  private readonly tls: ClientTlsOptions | undefined;
  private closed = false;

  constructor(opts: RemotingClientOptions = {}) {
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 3000;
    this.flushBytes = opts.flushBytes ?? DEFAULT_FLUSH_BYTES;
    this.tls = opts.tls;
    this.onRequest = opts.onRequest ?? ((conn, req) => log.debug('ignoring server request', { peer: conn.remoteAddress, code: req.code }));
  }

  /** The open connection to `addr`, connecting if needed. */
  getConnection(addr: string): Promise<Connection> {
    if (this.closed) return Promise.reject(new RemotingConnectError(addr, new Error('client closed')));
    const existing = this.conns.get(addr);
    if (existing) return existing;
    const p = this.connect(addr);
    this.conns.set(addr, p);
    p.then(
      (conn) => {
        if (conn.isOpen && this.conns.get(addr) === p) this.open.set(addr, conn);
        conn.onClosed(() => {
          if (this.conns.get(addr) === p) this.conns.delete(addr);
          if (this.open.get(addr) === conn) this.open.delete(addr);
        });
      },
      () => {
        if (this.conns.get(addr) === p) this.conns.delete(addr);
      },
    );
    return p;
  }

  private connect(addr: string): Promise<Connection> {
    let hp: { host: string; port: number };
    try {
      hp = parseAddress(addr);
    } catch (err) {
      return Promise.reject(new RemotingConnectError(addr, err));
    }
    return new Promise((resolve, reject) => {
      const tls = this.tls;
      const socket = tls ? connectTls(hp.host, hp.port, tls) : net.connect({ host: hp.host, port: hp.port });
      this.connecting.add(socket);
      const fail = (err: Error) => {
        clearTimeout(timer);
        this.connecting.delete(socket);
        socket.destroy();
        const tlsFailure = tls && !(err as NodeJS.ErrnoException).syscall;
        reject(tlsFailure ? new RemotingTlsError(addr, describeTlsError(err), err) : new RemotingConnectError(addr, err));
      };
      const timer = setTimeout(() => fail(new Error(`timeout after ${this.connectTimeoutMs} ms`)), this.connectTimeoutMs);
      socket.once('error', fail);
      // close() destroys a connecting socket without an error; that must settle the promise too.
      socket.once('close', () => fail(new Error('closed while connecting')));
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        this.connecting.delete(socket);
        socket.removeListener('error', fail);
        socket.removeAllListeners('close');
        if (this.closed) {
          socket.destroy();
          reject(new RemotingConnectError(addr, new Error('client closed')));
          return;
        }
        const conn = new Connection(socket, this.onRequest);
        conn.flushBytes = this.flushBytes;
        // Under TLS 1.3 a server refuses a client certificate after our handshake is done: say why once.
        if (tls) {
          socket.once('error', (err: NodeJS.ErrnoException) => {
            if (err.code?.startsWith('ERR_SSL')) log.warn(`TLS connection to ${addr} ended: ${describeTlsError(err)}`);
          });
        }
        resolve(conn);
      });
    });
  }

  invoke(addr: string, request: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    const open = this.open.get(addr);
    if (open !== undefined && open.isOpen) return open.invoke(request, timeoutMs);
    return this.getConnection(addr).then((conn) => conn.invoke(request, timeoutMs));
  }

  async invokeOneway(addr: string, request: RemotingCommand): Promise<void> {
    const conn = await this.getConnection(addr);
    conn.invokeOneway(request);
  }

  /** Closes the connection to one address (the next request reconnects). */
  closeConnection(addr: string): void {
    const p = this.conns.get(addr);
    this.conns.delete(addr);
    this.open.delete(addr);
    p?.then((c) => c.close(), () => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.open.clear();
    for (const socket of this.connecting) socket.destroy();
    const all = [...this.conns.values()];
    this.conns.clear();
    await Promise.all(all.map((p) => p.then((c) => c.close(), () => undefined)));
  }
}
