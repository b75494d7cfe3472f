// The periodic transaction check (Java's TransactionalMessageCheckService): every
// transactionCheckInterval a pass of TransactionalMessageCheck asks producers about half messages
// left unsettled longer than transactionTimeOut. One timer, armed again when a pass ends, so
// passes never overlap; the config is read at each pass, so UPDATE_BROKER_CONFIG takes effect at
// the next one. Only a master runs it.

import type { BrokerConfig } from '../../common/config/broker-config.js';
import type { MessageStoreConfig } from '../../common/config/message-store-config.js';
import { getLogger } from '../../common/logger.js';
import type { ProducerManager } from '../client/producer-manager.js';
import { type CheckListener, DefaultCheckListener } from './transaction-check-listener.js';
import { TransactionalMessageBridge, type TransactionBridgeDeps } from './transactional-message-bridge.js';
import { TransactionalMessageCheck } from './transactional-message-check.js';

const log = getLogger('broker');

export interface TransactionalMessageCheckServiceOptions extends TransactionBridgeDeps {
  brokerConfig: Pick<BrokerConfig, 'transactionCheckInterval' | 'transactionTimeOut' | 'transactionCheckMax'>;
  messageStoreConfig: Pick<MessageStoreConfig, 'fileReservedTime'>;
  producerManager: Pick<ProducerManager, 'getAvailableChannel'>;
  /** Replaces the default listener (asks producers, discards to TRANS_CHECK_MAX_TIME_TOPIC). */
  listener?: CheckListener;
  now?: () => number;
  /** Arms and disarms the timer of the next pass; tests fire passes themselves through it. */
  passTimer?: PassTimer;
}

export interface PassTimer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: PassTimer = {
  set(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class TransactionalMessageCheckService {
  readonly bridge: TransactionalMessageBridge;
  readonly checker: TransactionalMessageCheck;
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  private started = false;
  private stopping = false;
  /** Passes finished so far (tests wait on it). */
  passes = 0;

  constructor(private readonly opts: TransactionalMessageCheckServiceOptions) {
    this.bridge = new TransactionalMessageBridge(opts);
    this.checker = new TransactionalMessageCheck(this.bridge, opts.listener ?? new DefaultCheckListener(this.bridge, opts.producerManager));
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    log.info('transaction check service started', { intervalMs: this.opts.brokerConfig.transactionCheckInterval });
    this.arm();
  }

  async shutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.stopping = true;
    if (this.timer !== null) (this.opts.passTimer ?? realTimer).clear(this.timer);
    this.timer = null;
    await this.running;
    this.stopping = false;
  }

  private arm(): void {
    if (!this.started) return;
    const interval = Math.max(1, this.opts.brokerConfig.transactionCheckInterval);
    this.timer = (this.opts.passTimer ?? realTimer).set(() => {
      this.timer = null;
      void this.checkNow().finally(() => this.arm());
    }, interval);
  }

  /** Runs one pass now (or waits for the one under way); works without start(). */
  checkNow(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const bc = this.opts.brokerConfig;
    const now = this.opts.now ?? Date.now;
    const begin = now();
    log.debug('begin to check half messages', { begin });
    try {
      await this.checker.check({
        transactionTimeOut: bc.transactionTimeOut,
        transactionCheckMax: bc.transactionCheckMax,
        fileReservedTimeHours: this.opts.messageStoreConfig.fileReservedTime,
        now,
        stopped: () => this.stopping || !this.opts.store.isOpen,
      });
    } catch (err) {
      log.error('transaction check failed', { err });
    }
    this.passes++;
    log.debug('end of the half message check', { tookMs: now() - begin });
  }
}
