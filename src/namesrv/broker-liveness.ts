// Broker liveness (the scan task of NamesrvController plus BrokerHousekeepingService): a broker
// that has not registered for `brokerExpiredMs` is dropped on the next scan, and a broker whose
// connection closes, errors or idles out (the server closes idle connections) is dropped at once. Intervals and the route table's clock
// are injectable, so tests drive expiry without waiting.

import { getLogger } from '../common/logger.js';
import type { Connection } from '../remoting/connection.js';
import type { RemotingServer } from '../remoting/server.js';
import type { RouteTable } from './route-table.js';

const log = getLogger('namesrv');

export interface LivenessOptions {
  /** Time between scans (Java: every 10 s). */
  scanIntervalMs?: number;
  /** Delay before the first scan (Java: 5 s). */
  initialDelayMs?: number;
  /** Silence after which a broker is dropped (Java: 2 minutes). */
  brokerExpiredMs?: number;
}

export const BROKER_EXPIRED_MS = 120_000;
export const SCAN_INTERVAL_MS = 10_000;
export const SCAN_INITIAL_DELAY_MS = 5_000;

export class BrokerLiveness {
  readonly scanIntervalMs: number;
  readonly initialDelayMs: number;
  readonly brokerExpiredMs: number;
  private startTimer: ReturnType<typeof setTimeout> | null = null;
  private scanTimer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly routes: RouteTable, opts: LivenessOptions = {}) {
    this.scanIntervalMs = opts.scanIntervalMs ?? SCAN_INTERVAL_MS;
    this.initialDelayMs = opts.initialDelayMs ?? SCAN_INITIAL_DELAY_MS;
    this.brokerExpiredMs = opts.brokerExpiredMs ?? BROKER_EXPIRED_MS;
  }

  /** Hooks connection events of `server` to the route table. */
  attach(server: RemotingServer): void {
    server.onConnectionClosed((conn) => this.onChannelClosed(conn));
  }

  onChannelClosed(conn: Connection): void {
    this.routes.onChannelDestroy(conn.remoteAddress, conn);
  }

  /** One scan now; returns the addresses of the brokers it dropped. */
  scan(): string[] {
    try {
      return this.routes.scanNotActiveBroker(this.brokerExpiredMs);
    } catch (err) {
      log.error('broker liveness scan failed', { err });
      return [];
    }
  }

  start(): void {
    if (this.startTimer || this.scanTimer) return;
    this.startTimer = setTimeout(() => {
      this.startTimer = null;
      this.scan();
      this.scanTimer = setInterval(() => this.scan(), this.scanIntervalMs);
      this.scanTimer.unref?.();
    }, this.initialDelayMs);
    this.startTimer.unref?.();
  }

  stop(): void {
    if (this.startTimer) clearTimeout(this.startTimer);
    if (this.scanTimer) clearInterval(this.scanTimer);
    this.startTimer = null;
    this.scanTimer = null;
  }
}
