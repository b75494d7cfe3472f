// Client liveness (Java's ClientHousekeepingService): a closed connection leaves the producer and
// consumer tables at once (and its consumer groups hear of it); every `scanIntervalMs` (10 s) the
// tables drop clients whose last heartbeat is older than `channelExpiredTimeoutMs` (120 s).

import { getLogger } from '../../common/logger.js';
import { CHANNEL_EXPIRED_TIMEOUT_MS, type ClientChannel } from './client-channel.js';
import type { ConsumerManager } from './consumer-manager.js';
import type { ProducerManager } from './producer-manager.js';

const log = getLogger('broker');

export interface ClientHousekeepingOptions {
  scanIntervalMs?: number;
  channelExpiredTimeoutMs?: number;
}

export class ClientHousekeepingService {
  readonly scanIntervalMs: number;
  readonly channelExpiredTimeoutMs: number;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly producers: ProducerManager,
    private readonly consumers: ConsumerManager,
    opts: ClientHousekeepingOptions = {},
  ) {
    this.scanIntervalMs = opts.scanIntervalMs ?? 10_000;
    this.channelExpiredTimeoutMs = opts.channelExpiredTimeoutMs ?? CHANNEL_EXPIRED_TIMEOUT_MS;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.scan(), this.scanIntervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass over both tables (the timer's work; tests call it directly). */
  scan(): void {
    try {
      this.producers.scanNotActiveChannel(this.channelExpiredTimeoutMs);
      this.consumers.scanNotActiveChannel(this.channelExpiredTimeoutMs);
    } catch (err) {
      log.error('client scan failed', { err });
    }
  }

  onChannelClose(channel: ClientChannel): void {
    this.producers.doChannelCloseEvent(channel);
    this.consumers.doChannelCloseEvent(channel);
  }
}
