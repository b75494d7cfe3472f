// The name server's routing state (RouteInfoManager): which brokers exist, which cluster each
// belongs to, which topics each master serves, and when each broker last checked in.
//   clusterAddrTable   cluster -> broker names
//   brokerAddrTable    broker name -> {cluster, brokerId -> address}       (master = id 0)
//   topicQueueTable    topic -> broker name -> queue data                  (only masters publish topics)
//   brokerLiveTable    address -> {lastUpdateTimestamp, dataVersion, channel, haServerAddr}
//   filterServerTable  address -> filter servers
// Everything runs on one event loop, so there are no locks; the clock is injectable for tests.

import { getLogger } from '../common/logger.js';
import { RequestCode } from '../remoting/request-code.js';
import {
  type DataVersion,
  dataVersionEquals,
  hasUnitFlag,
  hasUnitSubFlag,
  PermName,
  type TopicConfig,
  type TopicConfigSerializeWrapper,
} from '../remoting/protocol/topic-config.js';
import {
  type BrokerData,
  type ClusterInfo,
  type QueueData,
  queueDataEquals,
  type TopicRouteData,
} from '../remoting/protocol/namesrv/route-data.js';
import type { TopicList } from '../remoting/protocol/namesrv/lists.js';

const log = getLogger('namesrv');

export const MASTER_ID = 0;

/** What the route table needs of a broker's connection: identity, and a way to drop it when it expires. */
export interface BrokerChannel {
  close(): void;
}

export interface BrokerLiveInfo {
  lastUpdateTimestamp: number;
  dataVersion: DataVersion;
  channel: BrokerChannel | null;
  haServerAddr: string;
}

export interface RegisterBrokerArgs {
  clusterName: string;
  brokerAddr: string;
  brokerName: string;
  brokerId: number;
  haServerAddr: string;
  topicConfigWrapper: TopicConfigSerializeWrapper;
  /** null leaves the broker's filter servers as they are; an empty list clears them. */
  filterServerList: string[] | null;
  channel: BrokerChannel | null;
}

/** For a slave: where its master is and where to replicate from. Empty for a master. */
export interface RegisterBrokerResult {
  haServerAddr?: string;
  masterAddr?: string;
}

export class RouteTable {
  readonly topicQueueTable = new Map<string, Map<string, QueueData>>();
  readonly brokerAddrTable = new Map<string, BrokerData>();
  readonly clusterAddrTable = new Map<string, Set<string>>();
  readonly brokerLiveTable = new Map<string, BrokerLiveInfo>();
  readonly filterServerTable = new Map<string, string[]>();

  constructor(private readonly now: () => number = Date.now) {}

  registerBroker(a: RegisterBrokerArgs): RegisterBrokerResult {
    let names = this.clusterAddrTable.get(a.clusterName);
    if (!names) this.clusterAddrTable.set(a.clusterName, names = new Set());
    names.add(a.brokerName);

    let brokerData = this.brokerAddrTable.get(a.brokerName);
    let registerFirst = false;
    if (!brokerData) {
      registerFirst = true;
      brokerData = { cluster: a.clusterName, brokerName: a.brokerName, brokerAddrs: new Map() };
      this.brokerAddrTable.set(a.brokerName, brokerData);
    }
    // A slave promoted to master re-registers the same address under id 0: one address, one id.
    for (const [id, addr] of brokerData.brokerAddrs) {
      if (addr === a.brokerAddr && id !== a.brokerId) brokerData.brokerAddrs.delete(id);
    }
    const oldAddr = brokerData.brokerAddrs.get(a.brokerId);
    brokerData.brokerAddrs.set(a.brokerId, a.brokerAddr);
    if (a.brokerId === MASTER_ID && oldAddr !== a.brokerAddr) {
      log.info('master address changed', { cluster: brokerData.cluster, broker: a.brokerName, from: oldAddr, to: a.brokerAddr });
    }
    registerFirst = registerFirst || oldAddr === undefined;

    if (a.brokerId === MASTER_ID && (registerFirst || this.isBrokerTopicConfigChanged(a.brokerAddr, a.topicConfigWrapper.dataVersion))) {
      for (const tc of a.topicConfigWrapper.topicConfigTable.values()) this.createAndUpdateQueueData(a.brokerName, tc);
    }

    const prev = this.brokerLiveTable.get(a.brokerAddr);
    this.brokerLiveTable.set(a.brokerAddr, {
      lastUpdateTimestamp: this.now(),
      dataVersion: { ...a.topicConfigWrapper.dataVersion },
      channel: a.channel,
      haServerAddr: a.haServerAddr,
    });
    if (!prev) log.info('new broker registered', { addr: a.brokerAddr, haServer: a.haServerAddr });

    if (a.filterServerList) {
      if (a.filterServerList.length === 0) this.filterServerTable.delete(a.brokerAddr);
      else this.filterServerTable.set(a.brokerAddr, [...a.filterServerList]);
    }

    const result: RegisterBrokerResult = {};
    if (a.brokerId !== MASTER_ID) {
      const masterAddr = brokerData.brokerAddrs.get(MASTER_ID);
      const master = masterAddr === undefined ? undefined : this.brokerLiveTable.get(masterAddr);
      if (masterAddr !== undefined && master) {
        result.haServerAddr = master.haServerAddr;
        result.masterAddr = masterAddr;
      }
    }
    return result;
  }

  isBrokerTopicConfigChanged(brokerAddr: string, dataVersion: DataVersion | undefined): boolean {
    const prev = this.queryBrokerTopicConfig(brokerAddr);
    return !prev || !dataVersionEquals(prev, dataVersion);
  }

  queryBrokerTopicConfig(brokerAddr: string): DataVersion | undefined {
    return this.brokerLiveTable.get(brokerAddr)?.dataVersion;
  }

  updateBrokerInfoUpdateTimestamp(brokerAddr: string, timestamp: number = this.now()): void {
    const live = this.brokerLiveTable.get(brokerAddr);
    if (live) live.lastUpdateTimestamp = timestamp;
  }

  private createAndUpdateQueueData(brokerName: string, tc: TopicConfig): void {
    const qd: QueueData = {
      brokerName,
      readQueueNums: tc.readQueueNums,
      writeQueueNums: tc.writeQueueNums,
      perm: tc.perm,
      topicSysFlag: tc.topicSysFlag,
    };
    const byBroker = this.topicQueueTable.get(tc.topicName);
    if (!byBroker) {
      this.topicQueueTable.set(tc.topicName, new Map([[brokerName, qd]]));
      log.info('new topic registered', { topic: tc.topicName, broker: brokerName });
      return;
    }
    const old = byBroker.get(brokerName);
    byBroker.set(brokerName, qd);
    if (old && !queueDataEquals(old, qd)) {
      log.info('topic changed', {
        topic: tc.topicName,
        broker: brokerName,
        perm: qd.perm,
        read: qd.readQueueNums,
        write: qd.writeQueueNums,
      });
    }
  }

  unregisterBroker(clusterName: string, brokerAddr: string, brokerName: string, brokerId: number): void {
    const live = this.brokerLiveTable.delete(brokerAddr);
    log.info('unregister broker', { addr: brokerAddr, wasLive: live });
    this.filterServerTable.delete(brokerAddr);
    const brokerData = this.brokerAddrTable.get(brokerName);
    if (!brokerData) return;
    brokerData.brokerAddrs.delete(brokerId);
    if (brokerData.brokerAddrs.size > 0) return;
    this.brokerAddrTable.delete(brokerName);
    const names = this.clusterAddrTable.get(clusterName);
    if (names) {
      names.delete(brokerName);
      if (names.size === 0) this.clusterAddrTable.delete(clusterName);
    }
    this.removeTopicsOfBroker(brokerName);
  }

  private removeTopicsOfBroker(brokerName: string): void {
    for (const [topic, byBroker] of this.topicQueueTable) {
      byBroker.delete(brokerName);
      if (byBroker.size === 0) {
        this.topicQueueTable.delete(topic);
        log.info('topic has no broker left', { topic });
      }
    }
  }

  /** Removes a topic everywhere, or only from the brokers of `clusterName` when given. */
  deleteTopic(topic: string, clusterName?: string): void {
    if (!clusterName) {
      this.topicQueueTable.delete(topic);
      return;
    }
    const names = this.clusterAddrTable.get(clusterName);
    const byBroker = this.topicQueueTable.get(topic);
    if (!names || names.size === 0 || !byBroker) return;
    for (const name of names) byBroker.delete(name);
    if (byBroker.size === 0) this.topicQueueTable.delete(topic);
  }

  getAllTopicList(): TopicList {
    return { topicList: new Set(this.topicQueueTable.keys()) };
  }

  getAllClusterInfo(): ClusterInfo {
    return { brokerAddrTable: this.brokerAddrTable, clusterAddrTable: this.clusterAddrTable };
  }

  /** Route data for a topic, or undefined when no live broker serves it. Returns copies. */
  pickupTopicRouteData(topic: string): TopicRouteData | undefined {
    const byBroker = this.topicQueueTable.get(topic);
    if (!byBroker) return undefined;
    const route: TopicRouteData = {
      queueDatas: [...byBroker.values()].map((q) => ({ ...q })),
      brokerDatas: [],
      filterServerTable: new Map(),
    };
    for (const name of byBroker.keys()) {
      const bd = this.brokerAddrTable.get(name);
      if (!bd) continue;
      const copy: BrokerData = { cluster: bd.cluster, brokerName: bd.brokerName, brokerAddrs: new Map(bd.brokerAddrs) };
      route.brokerDatas.push(copy);
      for (const addr of copy.brokerAddrs.values()) {
        const fs = this.filterServerTable.get(addr);
        if (fs) route.filterServerTable.set(addr, [...fs]);
      }
    }
    return route.brokerDatas.length > 0 ? route : undefined;
  }

  wipeWritePermOfBroker(brokerName: string): number {
    return this.operateWritePerm(brokerName, RequestCode.WIPE_WRITE_PERM_OF_BROKER);
  }

  addWritePermOfBroker(brokerName: string): number {
    return this.operateWritePerm(brokerName, RequestCode.ADD_WRITE_PERM_OF_BROKER);
  }

  /** Returns how many topics of the broker were touched. */
  private operateWritePerm(brokerName: string, code: number): number {
    let count = 0;
    for (const byBroker of this.topicQueueTable.values()) {
      const qd = byBroker.get(brokerName);
      if (!qd) continue;
      // Adding write permission restores plain read-write, dropping any other bit, as Java does.
      qd.perm = code === RequestCode.WIPE_WRITE_PERM_OF_BROKER ? qd.perm & ~PermName.PERM_WRITE : PermName.PERM_READ | PermName.PERM_WRITE;
      count++;
    }
    return count;
  }

  /** Drops brokers silent for longer than `expiredMs`; returns their addresses. */
  scanNotActiveBroker(expiredMs: number): string[] {
    const now = this.now();
    const removed: string[] = [];
    for (const [addr, live] of this.brokerLiveTable) {
      if (live.lastUpdateTimestamp + expiredMs >= now) continue;
      this.brokerLiveTable.delete(addr);
      log.warn('broker channel expired', { addr, silentMs: now - live.lastUpdateTimestamp });
      try {
        live.channel?.close();
      } catch (err) {
        log.debug('closing expired broker channel failed', { addr, err });
      }
      this.onChannelDestroy(addr, live.channel);
      removed.push(addr);
    }
    return removed;
  }

  /**
   * A connection closed: forget the broker that registered through it (found by channel, else by
   * `remoteAddr`), its address, and when it was the last of its name, the name and its topics.
   */
  onChannelDestroy(remoteAddr: string, channel: BrokerChannel | null): void {
    let brokerAddr: string | undefined;
    if (channel) {
      for (const [addr, live] of this.brokerLiveTable) {
        if (live.channel === channel) {
          brokerAddr = addr;
          break;
        }
      }
    }
    if (brokerAddr) log.info('broker channel closed, removing its routes', { addr: brokerAddr });
    else brokerAddr = remoteAddr;
    if (!brokerAddr) return;

    this.brokerLiveTable.delete(brokerAddr);
    this.filterServerTable.delete(brokerAddr);
    let brokerName: string | undefined;
    let nameGone = false;
    for (const [name, bd] of this.brokerAddrTable) {
      for (const [id, addr] of bd.brokerAddrs) {
        if (addr === brokerAddr) {
          brokerName = bd.brokerName;
          bd.brokerAddrs.delete(id);
          break;
        }
      }
      if (bd.brokerAddrs.size === 0) {
        nameGone = true;
        this.brokerAddrTable.delete(name);
      }
      if (brokerName !== undefined) break;
    }
    if (brokerName === undefined || !nameGone) return;
    for (const [cluster, names] of this.clusterAddrTable) {
      if (!names.delete(brokerName)) continue;
      if (names.size === 0) this.clusterAddrTable.delete(cluster);
      break;
    }
    this.removeTopicsOfBroker(brokerName);
  }

  /** Cluster names and broker names (each is a system topic), plus one broker to ask for more. */
  getSystemTopicList(): TopicList {
    const list: TopicList = { topicList: new Set() };
    for (const [cluster, names] of this.clusterAddrTable) {
      list.topicList.add(cluster);
      for (const n of names) list.topicList.add(n);
    }
    for (const bd of this.brokerAddrTable.values()) {
      const firstId = [...bd.brokerAddrs.keys()].sort((x, y) => x - y)[0];
      if (firstId !== undefined) {
        list.brokerAddr = bd.brokerAddrs.get(firstId);
        break;
      }
    }
    return list;
  }

  getTopicsByCluster(cluster: string): TopicList {
    const list: TopicList = { topicList: new Set() };
    for (const name of this.clusterAddrTable.get(cluster) ?? []) {
      for (const [topic, byBroker] of this.topicQueueTable) if (byBroker.has(name)) list.topicList.add(topic);
    }
    return list;
  }

  getUnitTopics(): TopicList {
    return this.topicsWhere((f) => hasUnitFlag(f));
  }

  getHasUnitSubTopicList(): TopicList {
    return this.topicsWhere((f) => hasUnitSubFlag(f));
  }

  getHasUnitSubUnUnitTopicList(): TopicList {
    return this.topicsWhere((f) => !hasUnitFlag(f) && hasUnitSubFlag(f));
  }

  // Java judges a topic by its first queue data only.
  private topicsWhere(pick: (topicSysFlag: number) => boolean): TopicList {
    const list: TopicList = { topicList: new Set() };
    for (const [topic, byBroker] of this.topicQueueTable) {
      const first = byBroker.values().next().value;
      if (first && pick(first.topicSysFlag)) list.topicList.add(topic);
    }
    return list;
  }
}
