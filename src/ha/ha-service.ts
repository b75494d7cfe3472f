// The master side of replication (Java's HAService): accepts slaves on the HA port, keeps one
// HAConnection per slave, tracks the highest offset any slave acknowledged, and makes SYNC_MASTER
// puts wait for it (GroupTransfer). One timer serves every connection: heartbeats to idle slaves
// and dropping slaves silent past haHousekeepingInterval. A store that is itself a slave gets an
// HAClient here too (updateMasterAddress), as Java's HAService holds one.

import net from 'node:net';
import { getLogger } from '../common/logger.js';
import { nowMs } from '../common/runtime.js';
import type { MessageStore } from '../store/message-store.js';
import { GroupTransfer, type ReplicaState } from './group-transfer.js';
import { HAClient } from './ha-client.js';
import { type ConnectionOwner, HAConnection } from './ha-connection.js';

const log = getLogger('ha');

export interface HAServiceOptions {
  /** A server already bound to the HA port (the broker binds its ports first); else start() binds one. */
  server?: net.Server;
  /** Whether start() follows cfg.haMasterAddress (default true); a broker that checks the address first says false. */
  followConfiguredMaster?: boolean;
  /** Address to bind when the service binds its own server (default: every interface). */
  host?: string;
}

/** One slave as the master sees it (runtime info, admin output). */
export interface SlaveInfo {
  addr: string;
  requestOffset: number;
  ackOffset: number;
  /** Bytes the master holds beyond the slave's acknowledgement. */
  behindBytes: number;
}

export class HAService implements ConnectionOwner, ReplicaState {
  readonly batchSize: number;
  readonly heartbeatMs: number;
  readonly housekeepingMs: number;
  /** Highest offset any slave acknowledged (Java's push2SlaveMaxOffset). */
  ackedOffset = 0;
  readonly waits: GroupTransfer;
  private readonly connections = new Set<HAConnection>();
  private server: net.Server | null = null;
  private ownServer = false;
  private timer: NodeJS.Timeout | null = null;
  private haClient: HAClient | null = null;
  private started = false;
  /** Refusals already warned about, by slave host (a refused slave reconnects every few seconds). */
  private readonly refused = new Map<string, Set<string>>();
  private readonly onConnection = (socket: net.Socket): void => this.accept(socket);

  constructor(
    readonly store: MessageStore,
    private readonly opts: HAServiceOptions = {},
  ) {
    const cfg = store.cfg;
    this.batchSize = Math.max(1, cfg.haTransferBatchSize);
    this.heartbeatMs = Math.max(1, cfg.haSendHeartbeatInterval);
    this.housekeepingMs = Math.max(1, cfg.haHousekeepingInterval);
    this.waits = new GroupTransfer(this, cfg.slaveTimeout);
  }

  /** Starts accepting slaves, makes SYNC_MASTER puts wait, and follows haMasterAddress when set. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.opts.server) {
      this.server = this.opts.server;
    } else {
      this.server = net.createServer();
      this.ownServer = true;
      const server = this.server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: this.store.cfg.haListenPort, host: this.opts.host }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    }
    this.server.on('connection', this.onConnection);
    this.store.setReplicationWaiter(this.waits);
    this.store.setCommitLogWrittenListener(() => this.wakeAll());
    const tick = Math.min(1000, Math.max(10, Math.floor(Math.min(this.heartbeatMs, this.housekeepingMs) / 4)));
    this.timer = setInterval(() => this.housekeep(), tick);
    this.timer.unref?.();
    if (this.store.cfg.haMasterAddress && this.opts.followConfiguredMaster !== false) {
      this.updateMasterAddress(this.store.cfg.haMasterAddress);
    }
    log.info('HA service started', { port: this.port, role: this.store.cfg.brokerRole });
  }

  /** The port slaves connect to (the bound one when haListenPort was 0). */
  get port(): number {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a.port : this.store.cfg.haListenPort;
  }

  /** Connected slaves (Java's connectionCount). */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** The slave side, once a master address was given. */
  get client(): HAClient | null {
    return this.haClient;
  }

  /** Sets (or changes) the master this store replicates from, as a slave (Java's updateHaMasterAddress); null stops. */
  updateMasterAddress(addr: string | null): void {
    if (!this.haClient) {
      if (addr === null) return;
      this.haClient = new HAClient(this.store);
      this.haClient.updateMasterAddress(addr);
      if (this.started) this.haClient.start();
      return;
    }
    this.haClient.updateMasterAddress(addr);
  }

  /**
   * Whether a put ending at `end` can wait for a slave (Java's isSlaveOK). Unlike Java, a connection
   * whose slave has not said where its log ends yet does not count: it may be one about to be refused.
   */
  isSlaveOK(end: number): boolean {
    if (end - this.ackedOffset >= this.store.cfg.haSlaveFallbehindMax) return false;
    for (const c of this.connections) if (c.slaveRequestOffset >= 0) return true;
    return false;
  }

  notifyTransferSome(offset: number): void {
    if (offset <= this.ackedOffset) return;
    this.ackedOffset = offset;
    this.waits.release(offset);
  }

  /** How far the best slave is behind this master, in bytes (Java's slaveFallBehindMuch). */
  slaveFallBehindMuch(): number {
    return this.store.getMaxPhyOffset() - this.ackedOffset;
  }

  slaves(): SlaveInfo[] {
    const max = this.store.getMaxPhyOffset();
    return Array.from(this.connections, (c) => ({
      addr: c.addr,
      requestOffset: c.slaveRequestOffset,
      ackOffset: c.slaveAckOffset,
      behindBytes: c.slaveAckOffset < 0 ? max : max - c.slaveAckOffset,
    }));
  }

  removeConnection(c: HAConnection): void {
    this.connections.delete(c);
  }

  firstRefusal(host: string, reason: string): boolean {
    let reasons = this.refused.get(host);
    if (!reasons) this.refused.set(host, reasons = new Set());
    if (reasons.has(reason)) return false;
    reasons.add(reason);
    return true;
  }

  accepted(host: string): void {
    this.refused.delete(host);
  }

  private accept(socket: net.Socket): void {
    if (!this.started) {
      socket.destroy();
      return;
    }
    log.info('HA connection accepted', { slave: `${socket.remoteAddress}:${socket.remotePort}` });
    this.connections.add(new HAConnection(this, socket));
  }

  private wakeAll(): void {
    for (const c of this.connections) if (c.isIdle) c.wake();
  }

  private housekeep(): void {
    const now = nowMs();
    for (const c of Array.from(this.connections)) {
      if (now - c.lastReadAt > this.housekeepingMs) {
        c.close('slave silent too long: closing', { silentMs: Math.round(now - c.lastReadAt) }, 'warn');
      } else if (c.isIdle && now - c.lastWriteAt >= this.heartbeatMs) c.wake();
    }
  }

  /** Stops the slave side, closes every slave connection (and the server it bound) and answers waiting puts. */
  async shutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.haClient?.shutdown();
    this.store.setReplicationWaiter(null);
    this.store.setCommitLogWrittenListener(null);
    const server = this.server;
    server?.off('connection', this.onConnection);
    for (const c of Array.from(this.connections)) c.close('HA service shutting down');
    if (server && this.ownServer) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = null;
    this.waits.shutdown();
  }
}
