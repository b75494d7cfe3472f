// Consumer group settings (Java's SubscriptionGroupManager): the built-in groups, groups created on
// first use when autoCreateSubscriptionGroup is on (system groups always), and
// subscriptionGroup.json read and written in Java's format.

import path from 'node:path';
import type { BrokerConfig } from '../../common/config/broker-config.js';
import { getLogger } from '../../common/logger.js';
import { stringifyFastjson } from '../../remoting/fastjson.js';
import {
  createSubscriptionGroupConfig,
  decodeSubscriptionGroupWrapper,
  type SubscriptionGroupConfig,
  subscriptionGroupWrapperToJson,
} from '../../remoting/protocol/subscription-group.js';
import { createDataVersion, type DataVersion, nextDataVersion } from '../../remoting/protocol/topic-config.js';
import { ConfigFile } from '../persist/config-file.js';

const log = getLogger('broker');

/** Groups of RocketMQ's own components (MixAll), created at start-up as Java does. */
export const SystemGroup = {
  TOOLS_CONSUMER: 'TOOLS_CONSUMER',
  FILTERSRV_CONSUMER: 'FILTERSRV_CONSUMER',
  SELF_TEST_CONSUMER: 'SELF_TEST_C_GROUP',
  ONS_HTTP_PROXY: 'CID_ONS-HTTP-PROXY',
  CID_ONSAPI_PULL: 'CID_ONSAPI_PULL',
  CID_ONSAPI_PERMISSION: 'CID_ONSAPI_PERMISSION',
  CID_ONSAPI_OWNER: 'CID_ONSAPI_OWNER',
} as const;

/** Consumer groups named with this prefix belong to the broker (the transaction checker's). */
export const CID_RMQ_SYS_PREFIX = 'CID_RMQ_SYS_';

export function isSysConsumerGroup(group: string): boolean {
  return group.startsWith(CID_RMQ_SYS_PREFIX);
}

export class SubscriptionGroupManager {
  readonly table = new Map<string, SubscriptionGroupConfig>();
  readonly dataVersion: DataVersion;
  readonly configFile: ConfigFile;
  private readonly now: () => number;

  constructor(private readonly brokerConfig: BrokerConfig, storeRoot: string, now: () => number = Date.now) {
    this.now = now;
    this.dataVersion = createDataVersion(now());
    this.configFile = new ConfigFile(path.join(storeRoot, 'config', 'subscriptionGroup.json'), () => this.encode(true));
    for (const g of [SystemGroup.TOOLS_CONSUMER, SystemGroup.FILTERSRV_CONSUMER, SystemGroup.SELF_TEST_CONSUMER]) {
      this.table.set(g, createSubscriptionGroupConfig(g));
    }
    for (
      const g of [SystemGroup.ONS_HTTP_PROXY, SystemGroup.CID_ONSAPI_PULL, SystemGroup.CID_ONSAPI_PERMISSION, SystemGroup.CID_ONSAPI_OWNER]
    ) {
      this.table.set(g, createSubscriptionGroupConfig(g, { consumeBroadcastEnable: true }));
    }
  }

  load(): void {
    const text = this.configFile.loadText();
    if (text === null) return;
    const w = decodeSubscriptionGroupWrapper(text);
    for (const [name, c] of w.subscriptionGroupTable) this.table.set(name, c);
    this.dataVersion.counter = w.dataVersion.counter;
    this.dataVersion.timestamp = w.dataVersion.timestamp;
  }

  /** The wrapper JSON, pretty as on disk or compact as GET_ALL_SUBSCRIPTIONGROUP_CONFIG sends it. */
  encode(pretty = false): string {
    return stringifyFastjson(subscriptionGroupWrapperToJson({ subscriptionGroupTable: this.table, dataVersion: this.dataVersion }), {
      pretty,
    });
  }

  private changed(): void {
    nextDataVersion(this.dataVersion, this.now());
    this.configFile.persist();
  }

  /** The group's settings; an unknown group is created when auto-creation is on or it is a system group. */
  findSubscriptionGroupConfig(group: string): SubscriptionGroupConfig | undefined {
    const c = this.table.get(group);
    if (c || !(this.brokerConfig.autoCreateSubscriptionGroup || isSysConsumerGroup(group))) return c;
    const created = createSubscriptionGroupConfig(group);
    this.table.set(group, created);
    log.info('auto create a subscription group', { group });
    this.changed();
    return created;
  }

  updateSubscriptionGroupConfig(config: SubscriptionGroupConfig): void {
    const old = this.table.get(config.groupName);
    this.table.set(config.groupName, config);
    log.info(old ? 'update subscription group config' : 'create new subscription group', { group: config.groupName });
    this.changed();
  }

  deleteSubscriptionGroupConfig(group: string): boolean {
    if (!this.table.delete(group)) {
      log.warn('delete subscription group failed: no such group', { group });
      return false;
    }
    log.info('delete subscription group OK', { group });
    this.changed();
    return true;
  }

  /** Stops a group from pulling (Java's protectBroker for slow readers). */
  disableConsume(group: string): void {
    const c = this.table.get(group);
    if (!c) return;
    c.consumeEnable = false;
    nextDataVersion(this.dataVersion, this.now());
  }
}
