// What a slave copies from its master besides the commit log (Java's SlaveSynchronize): topics,
// consumer offsets, delay offsets and subscription groups, every 10 s after a first pass 3 s after
// start, and at once when the name server names a new master. Topics and groups are replaced only
// when the master's data version differs; the master's offsets overwrite the slave's key by key, so
// offsets committed here while the master was away survive for groups the master does not know.
// Without a master (none registered, or it is this broker) nothing is read. A failed read is logged
// and the next pass tries again.

import path from 'node:path';
import { type DataVersion, dataVersionEquals } from '../../common/data-version.js';
import { describeError } from '../../common/errors.js';
import { getLogger } from '../../common/logger.js';
import type { ConsumerOffsetManager } from '../offset/consumer-offset-manager.js';
import type { BrokerOuterAPI } from '../out/broker-outer-api.js';
import { ConfigFile } from '../persist/config-file.js';
import type { SubscriptionGroupManager } from '../subscription/subscription-group-manager.js';
import type { TopicConfigManager } from '../topic/topic-config-manager.js';

const log = getLogger('broker');

export const SLAVE_SYNC_FIRST_DELAY_MS = 3000;
export const SLAVE_SYNC_PERIOD_MS = 10_000;

export interface SlaveSyncHost {
  /** This broker's own address: a master address equal to it is not synced from. */
  readonly brokerAddr: string;
  readonly topicConfigManager: TopicConfigManager;
  readonly consumerOffsetManager: ConsumerOffsetManager;
  readonly subscriptionGroupManager: SubscriptionGroupManager;
}

/** A versioned table persisted to one config file: topics or subscription groups. */
interface VersionedTable<T> {
  readonly table: Map<string, T>;
  readonly dataVersion: DataVersion;
  readonly configFile: ConfigFile;
}

/** Replaces `local` with the master's table when the versions differ; true when it did. */
function replaceIfChanged<T>(local: VersionedTable<T>, table: ReadonlyMap<string, T>, version: DataVersion): boolean {
  if (dataVersionEquals(local.dataVersion, version)) return false;
  local.dataVersion.timestamp = version.timestamp;
  local.dataVersion.counter = version.counter;
  local.table.clear();
  for (const [k, v] of table) local.table.set(k, v);
  local.configFile.persist();
  return true;
}

export class SlaveSynchronize {
  private master: string | null = null;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly delayOffsetFile: ConfigFile;
  private delayOffsetText = '';
  /** Completed passes (tests and diagnostics). */
  passes = 0;

  constructor(private readonly host: SlaveSyncHost, private readonly api: BrokerOuterAPI, storeRoot: string) {
    this.delayOffsetFile = new ConfigFile(path.join(storeRoot, 'config', 'delayOffset.json'), () => this.delayOffsetText);
  }

  get masterAddr(): string | null {
    return this.master;
  }

  /** The master's broker address from the name server's answer (null: none registered); a new one is read at once. */
  setMasterAddr(addr: string | null): void {
    if (addr === this.master) return;
    this.master = addr;
    if (addr !== null && this.timer) void this.syncAll();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = setInterval(() => void this.syncAll(), SLAVE_SYNC_PERIOD_MS);
      this.timer.unref?.();
      void this.syncAll();
    }, SLAVE_SYNC_FIRST_DELAY_MS);
    this.timer.unref?.();
  }

  async shutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.delayOffsetFile.flush();
  }

  /** One pass over the four tables; a pass asked for while one runs joins it. */
  syncAll(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const master = this.master;
    if (master === null || master === this.host.brokerAddr) return;
    const h = this.host;
    await this.step('topic config', master, async () => {
      const w = await this.api.getAllTopicConfig(master);
      if (replaceIfChanged(h.topicConfigManager, w.topicConfigTable, w.dataVersion)) {
        log.info('slave topic config updated from master', { master, topics: w.topicConfigTable.size });
      }
    });
    await this.step('consumer offset', master, async () => {
      const offsets = await this.api.getAllConsumerOffset(master);
      for (const [key, queues] of offsets) h.consumerOffsetManager.table.set(key, queues);
      h.consumerOffsetManager.configFile.persist();
      log.debug('slave consumer offsets updated from master', { master });
    });
    await this.step('delay offset', master, async () => {
      this.delayOffsetText = await this.api.getAllDelayOffset(master);
      this.delayOffsetFile.persist();
      log.debug('slave delay offsets updated from master', { master });
    });
    await this.step('subscription group', master, async () => {
      const w = await this.api.getAllSubscriptionGroupConfig(master);
      if (replaceIfChanged(h.subscriptionGroupManager, w.subscriptionGroupTable, w.dataVersion)) {
        log.info('slave subscription groups updated from master', { master, groups: w.subscriptionGroupTable.size });
      }
    });
    this.passes++;
  }

  private async step(what: string, master: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      log.warn(`cannot sync ${what} from master`, { master, err: describeError(err) });
    }
  }
}
