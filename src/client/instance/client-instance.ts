// The client instance (Java's MQClientInstance): one per client id, shared by the producers and
// consumers of that id. It owns the connections (one per address, many requests in flight on
// each), the topic route and broker address tables, and the periodic work: route refresh every
// pollNameServerInterval (30 s), heartbeats every heartbeatBrokerInterval (30 s), consumer offset
// persistence every persistConsumerOffsetInterval (5 s) and rebalancing every 20 s (or at once
// when a broker says a group's membership changed).

import { clientTlsOptions } from '../../remoting/tls.js';
import { getLogger } from '../../common/logger.js';
import { MQBrokerError } from '../../remoting/errors.js';
import type { Connection } from '../../remoting/connection.js';
import type { RemotingCommand } from '../../remoting/command.js';
import type { TopicRouteData } from '../../remoting/protocol/namesrv/route-data.js';
import type { HeartbeatData } from '../../remoting/protocol/heartbeat.js';
import { ExpressionType } from '../../remoting/protocol/subscription.js';
import { MQClientAPI } from '../api/client-api.js';
import { RemoteInvoker } from '../api/remote-invoker.js';
import type { ClientConfig } from '../client-config.js';
import { isRetryTopic, MixAll } from '../mix-all.js';
import { topicRouteDataChanged, topicRouteDataToPublishInfo, topicRouteDataToSubscribeInfo } from '../route/topic-publish-info.js';
import { ConsumerStatsManager } from '../consumer/consumer-stats.js';
import type { ConsumerInner, ProducerInner } from './inner.js';
import { MQAdminImpl } from './admin-impl.js';
import { handleServerRequest } from './server-requests.js';

const log = getLogger('client');

/** Rebalance period of Java's RebalanceService (rocketmq.client.rebalance.waitInterval). */
export const REBALANCE_INTERVAL_MS = Number(process.env.ROCKETMQ_CLIENT_REBALANCE_WAIT_INTERVAL ?? 20_000);

export interface FindBrokerResult {
  brokerAddr: string;
  slave: boolean;
  brokerVersion: number;
}

/** For a producer falling back to the auto-create topic (TBW102) route. */
export interface DefaultTopicRoute {
  createTopicKey: string;
  defaultTopicQueueNums: number;
}

export type ClientInstanceState = 'CREATE_JUST' | 'RUNNING' | 'SHUTDOWN_ALREADY';

export class ClientInstance {
  readonly clientId: string;
  readonly config: ClientConfig;
  readonly invoker: RemoteInvoker;
  readonly api: MQClientAPI;
  readonly admin: MQAdminImpl;
  readonly consumerStats = new ConsumerStatsManager();
  readonly bootTimestamp = Date.now();
  /** topic -> the last route the name server gave. */
  readonly topicRouteTable = new Map<string, TopicRouteData>();
  /** brokerName -> brokerId -> address. */
  readonly brokerAddrTable = new Map<string, Map<number, string>>();
  /** brokerName -> address -> the remoting version its heartbeat answer carried. */
  readonly brokerVersionTable = new Map<string, Map<string, number>>();
  private readonly producers = new Map<string, ProducerInner>();
  private readonly consumers = new Map<string, ConsumerInner>();
  private state: ClientInstanceState = 'CREATE_JUST';
  private readonly timers: Array<ReturnType<typeof setTimeout>> = [];
  private readonly routeUpdates = new Map<string, Promise<boolean>>();
  private heartbeatRun: Promise<void> | undefined;
  private heartbeatAgain = false;
  private rebalanceRun: Promise<void> | undefined;
  private rebalanceAgain = false;
  private readonly onClose: (instance: ClientInstance) => void;

  constructor(config: ClientConfig, clientId: string, onClose: (instance: ClientInstance) => void = () => undefined) {
    this.config = config;
    this.clientId = clientId;
    this.onClose = onClose;
    this.invoker = new RemoteInvoker({
      namesrvAddrs: config.namesrvAddrs,
      serializeType: config.serializeType,
      vipChannelEnabled: config.vipChannelEnabled,
      connectTimeoutMillis: config.connectTimeoutMillis,
      rpcHook: config.requestHook(),
      tls: config.useTLS ? clientTlsOptions(config.tlsConfig) : undefined,
      onRequest: (conn, req) => this.onServerRequest(conn, req),
    });
    this.api = new MQClientAPI(this.invoker);
    this.admin = new MQAdminImpl(this);
  }

  get serviceState(): ClientInstanceState {
    return this.state;
  }

  /** Starts the periodic work once; later calls do nothing. */
  start(): void {
    if (this.state !== 'CREATE_JUST') return;
    this.state = 'RUNNING';
    const c = this.config;
    this.schedule(10, c.pollNameServerInterval, () => this.updateTopicRouteInfoFromNameServerAll());
    this.schedule(1000, c.heartbeatBrokerInterval, async () => {
      this.cleanOfflineBroker();
      await this.sendHeartbeatToAllBrokerWithLock();
    });
    this.schedule(10_000, c.persistConsumerOffsetInterval, () => this.persistAllConsumerOffset());
    this.schedule(REBALANCE_INTERVAL_MS, REBALANCE_INTERVAL_MS, () => this.doRebalance());
    log.debug('client instance started', { clientId: this.clientId, namesrv: c.namesrvAddrs.join(';') });
  }

  /** Runs `fn` after `delay` and then every `interval` ms; a run still going skips its next turn. */
  private schedule(delay: number, interval: number, fn: () => Promise<void>): void {
    let running = false;
    const tick = () => {
      if (running || this.state !== 'RUNNING') return;
      running = true;
      fn().catch((err) => log.warn('scheduled task failed', { clientId: this.clientId, err })).finally(() => {
        running = false;
      });
    };
    const first = setTimeout(() => {
      tick();
      const t = setInterval(tick, interval);
      t.unref?.();
      this.timers.push(t);
    }, delay);
    first.unref?.();
    this.timers.push(first);
  }

  // ---- producers and consumers ----

  registerProducer(p: ProducerInner): boolean {
    if (this.producers.has(p.groupName)) return false;
    this.producers.set(p.groupName, p);
    return true;
  }

  async unregisterProducer(group: string): Promise<void> {
    this.producers.delete(group);
    await this.unregisterClient(group, undefined);
  }

  registerConsumer(c: ConsumerInner): boolean {
    if (this.consumers.has(c.groupName)) return false;
    this.consumers.set(c.groupName, c);
    return true;
  }

  async unregisterConsumer(group: string): Promise<void> {
    this.consumers.delete(group);
    await this.unregisterClient(undefined, group);
  }

  selectProducer(group: string): ProducerInner | undefined {
    return this.producers.get(group);
  }

  selectConsumer(group: string): ConsumerInner | undefined {
    return this.consumers.get(group);
  }

  private async unregisterClient(producerGroup: string | undefined, consumerGroup: string | undefined): Promise<void> {
    const calls: Array<Promise<void>> = [];
    for (const addrs of this.brokerAddrTable.values()) {
      for (const addr of addrs.values()) {
        calls.push(
          this.api.unregisterClient(addr, this.clientId, producerGroup, consumerGroup, this.config.mqClientApiTimeout)
            .catch((err) => log.warn('unregister client failed', { broker: addr, err })),
        );
      }
    }
    await Promise.all(calls);
  }

  /** Stops the instance once no producer or consumer uses it any more. */
  async shutdown(): Promise<void> {
    if (this.consumers.size > 0 || this.producers.size > 0) return;
    if (this.state !== 'RUNNING' && this.state !== 'CREATE_JUST') return;
    this.state = 'SHUTDOWN_ALREADY';
    for (const t of this.timers.splice(0)) clearTimeout(t);
    await this.invoker.close();
    this.onClose(this);
    log.debug('client instance stopped', { clientId: this.clientId });
  }

  // ---- routes ----

  private async updateTopicRouteInfoFromNameServerAll(): Promise<void> {
    const topics = new Set<string>();
    for (const c of this.consumers.values()) for (const sd of c.subscriptions()) topics.add(sd.topic);
    for (const p of this.producers.values()) for (const t of p.publishTopics()) topics.add(t);
    for (const topic of topics) {
      try {
        await this.updateTopicRouteInfoFromNameServer(topic);
      } catch (err) {
        // A refresh cut short by shutdown closing the connections is no news.
        if (this.state === 'RUNNING') log.warn('route refresh failed', { topic, err });
      }
    }
  }

  /**
   * Fetches the route of `topic` (or, with `defaultTopic`, the auto-create topic's route capped to
   * the producer's default queue count, stored as the route of `topic`) and hands it to every
   * producer and consumer when it changed. Returns whether it changed. A topic the name server
   * does not know returns false; an unreachable name server throws.
   */
  updateTopicRouteInfoFromNameServer(topic: string, defaultTopic?: DefaultTopicRoute): Promise<boolean> {
    const key = defaultTopic ? `${topic}\u0000${defaultTopic.createTopicKey}` : topic;
    const running = this.routeUpdates.get(key);
    if (running) return running;
    const p = this.doUpdateTopicRoute(topic, defaultTopic).finally(() => this.routeUpdates.delete(key));
    this.routeUpdates.set(key, p);
    return p;
  }

  private async doUpdateTopicRoute(topic: string, defaultTopic: DefaultTopicRoute | undefined): Promise<boolean> {
    let route: TopicRouteData;
    try {
      if (defaultTopic) {
        route = await this.api.getTopicRouteInfoFromNameServer(defaultTopic.createTopicKey, this.config.mqClientApiTimeout);
        for (const qd of route.queueDatas) {
          const n = Math.min(defaultTopic.defaultTopicQueueNums, qd.readQueueNums);
          qd.readQueueNums = n;
          qd.writeQueueNums = n;
        }
      } else {
        route = await this.api.getTopicRouteInfoFromNameServer(topic, this.config.mqClientApiTimeout);
      }
    } catch (err) {
      if (err instanceof MQBrokerError) {
        if (!isRetryTopic(topic) && !defaultTopic) log.debug('no route for topic', { topic, err });
        return false;
      }
      throw err;
    }
    const old = this.topicRouteTable.get(topic);
    let changed = topicRouteDataChanged(old, route);
    if (!changed) changed = this.isNeedUpdateTopicRouteInfo(topic);
    if (!changed) return false;
    for (const bd of route.brokerDatas) this.brokerAddrTable.set(bd.brokerName, new Map(bd.brokerAddrs));
    if (this.producers.size > 0) {
      const info = topicRouteDataToPublishInfo(topic, route);
      info.haveTopicRouterInfo = true;
      for (const p of this.producers.values()) p.updateTopicPublishInfo(topic, info);
    }
    if (this.consumers.size > 0) {
      const mqs = topicRouteDataToSubscribeInfo(topic, route);
      for (const c of this.consumers.values()) c.updateTopicSubscribeInfo(topic, mqs);
    }
    this.topicRouteTable.set(topic, route);
    log.debug('topic route changed', { topic, brokers: route.brokerDatas.map((b) => b.brokerName).join(',') });
    return true;
  }

  private isNeedUpdateTopicRouteInfo(topic: string): boolean {
    for (const p of this.producers.values()) if (p.isPublishTopicNeedUpdate(topic)) return true;
    for (const c of this.consumers.values()) if (c.isSubscribeTopicNeedUpdate(topic)) return true;
    return false;
  }

  /** Forgets brokers no route mentions any more. */
  private cleanOfflineBroker(): void {
    const live = new Set<string>();
    for (const route of this.topicRouteTable.values()) {
      for (const bd of route.brokerDatas) for (const a of bd.brokerAddrs.values()) live.add(a);
    }
    for (const [name, addrs] of this.brokerAddrTable) {
      for (const [id, addr] of addrs) if (!live.has(addr)) addrs.delete(id);
      if (addrs.size === 0) this.brokerAddrTable.delete(name);
    }
  }

  // ---- broker addresses ----

  /** The master of a broker set. */
  findBrokerAddressInPublish(brokerName: string): string | undefined {
    return this.brokerAddrTable.get(brokerName)?.get(MixAll.MASTER_ID);
  }

  /** MQClientInstance.findBrokerAddressInSubscribe: `brokerId`, its next slave, or (unless `onlyThisBroker`) any. */
  findBrokerAddressInSubscribe(brokerName: string, brokerId: number, onlyThisBroker: boolean): FindBrokerResult | undefined {
    const map = this.brokerAddrTable.get(brokerName);
    if (!map || map.size === 0) return undefined;
    let addr = map.get(brokerId);
    let slave = brokerId !== MixAll.MASTER_ID;
    if (addr === undefined && slave) addr = map.get(brokerId + 1);
    if (addr === undefined && !onlyThisBroker) {
      const [id, a] = map.entries().next().value as [number, string];
      addr = a;
      slave = id !== MixAll.MASTER_ID;
    }
    if (addr === undefined) return undefined;
    return { brokerAddr: addr, slave, brokerVersion: this.brokerVersionTable.get(brokerName)?.get(addr) ?? 0 };
  }

  /** Some broker serving `topic` (its master if registered). */
  findBrokerAddrByTopic(topic: string): string | undefined {
    const route = this.topicRouteTable.get(topic);
    if (!route || route.brokerDatas.length === 0) return undefined;
    const bd = route.brokerDatas[Math.floor(Math.random() * route.brokerDatas.length)]!;
    const master = bd.brokerAddrs.get(MixAll.MASTER_ID);
    if (master !== undefined) return master;
    const all = [...bd.brokerAddrs.values()];
    return all[Math.floor(Math.random() * all.length)];
  }

  /** The client ids of a group's consumers, from a broker of `topic`; undefined when none answers. */
  async findConsumerIdList(topic: string, group: string): Promise<string[] | undefined> {
    if (this.state !== 'RUNNING') return undefined;
    let addr = this.findBrokerAddrByTopic(topic);
    if (addr === undefined) {
      await this.updateTopicRouteInfoFromNameServer(topic).catch(() => false);
      addr = this.findBrokerAddrByTopic(topic);
    }
    if (addr === undefined) return undefined;
    try {
      return await this.api.getConsumerIdListByGroup(addr, group, this.config.mqClientApiTimeout);
    } catch (err) {
      if (this.state === 'RUNNING' && this.consumers.has(group)) log.warn('getConsumerIdListByGroup failed', { broker: addr, group, err });
      return undefined;
    }
  }

  // ---- heartbeats ----

  private prepareHeartbeatData(): HeartbeatData {
    const hb: HeartbeatData = { clientID: this.clientId, producerDataSet: [], consumerDataSet: [] };
    for (const c of this.consumers.values()) {
      hb.consumerDataSet.push({
        groupName: c.groupName,
        consumeType: c.consumeType,
        messageModel: c.messageModel,
        consumeFromWhere: c.consumeFromWhere,
        subscriptionDataSet: c.subscriptions(),
        unitMode: c.unitMode,
      });
    }
    for (const group of this.producers.keys()) hb.producerDataSet.push({ groupName: group });
    return hb;
  }

  /**
   * Heartbeats every known broker (only masters when there is no consumer). When one is already
   * under way, another follows it, so state changed meanwhile reaches the brokers.
   */
  sendHeartbeatToAllBrokerWithLock(): Promise<void> {
    if (this.heartbeatRun) {
      this.heartbeatAgain = true;
      return this.heartbeatRun;
    }
    const run = async (): Promise<void> => {
      do {
        this.heartbeatAgain = false;
        await this.sendHeartbeatToAllBroker();
      } while (this.heartbeatAgain && this.state === 'RUNNING');
    };
    this.heartbeatRun = run().finally(() => {
      this.heartbeatRun = undefined;
    });
    return this.heartbeatRun;
  }

  private async sendHeartbeatToAllBroker(): Promise<void> {
    const hb = this.prepareHeartbeatData();
    const consumerEmpty = hb.consumerDataSet.length === 0;
    if (consumerEmpty && hb.producerDataSet.length === 0) return;
    const calls: Array<Promise<void>> = [];
    for (const [brokerName, addrs] of this.brokerAddrTable) {
      for (const [id, addr] of addrs) {
        if (consumerEmpty && id !== MixAll.MASTER_ID) continue;
        calls.push(
          this.api.sendHeartbeat(addr, hb, this.config.mqClientApiTimeout).then(
            (version) => {
              let m = this.brokerVersionTable.get(brokerName);
              if (!m) this.brokerVersionTable.set(brokerName, m = new Map());
              m.set(addr, version);
            },
            (err) => log.warn('heartbeat failed', { broker: addr, err }),
          ),
        );
      }
    }
    await Promise.all(calls);
  }

  /** CHECK_CLIENT_CONFIG for subscriptions that are not plain tag expressions. */
  async checkClientInBroker(): Promise<void> {
    for (const c of this.consumers.values()) {
      for (const sd of c.subscriptions()) {
        if (sd.expressionType === ExpressionType.TAG || !sd.expressionType) continue;
        const addr = this.findBrokerAddrByTopic(sd.topic);
        if (addr === undefined) continue;
        await this.api.checkClientInBroker(addr, c.groupName, this.clientId, sd, this.config.mqClientApiTimeout);
      }
    }
  }

  // ---- rebalance and offsets ----

  /** Rebalances every consumer soon; requests arriving during a run cause one more run after it. */
  rebalanceImmediately(): Promise<void> {
    return this.doRebalance();
  }

  doRebalance(): Promise<void> {
    if (this.rebalanceRun) {
      this.rebalanceAgain = true;
      return this.rebalanceRun;
    }
    const run = async (): Promise<void> => {
      do {
        this.rebalanceAgain = false;
        for (const c of [...this.consumers.values()]) {
          try {
            await c.doRebalance();
          } catch (err) {
            log.error('rebalance failed', { group: c.groupName, err });
          }
        }
      } while (this.rebalanceAgain && this.state === 'RUNNING');
    };
    this.rebalanceRun = run().finally(() => {
      this.rebalanceRun = undefined;
    });
    return this.rebalanceRun;
  }

  async persistAllConsumerOffset(): Promise<void> {
    for (const c of [...this.consumers.values()]) {
      try {
        await c.persistConsumerOffset();
      } catch (err) {
        log.warn('persisting consumer offsets failed', { group: c.groupName, err });
      }
    }
  }

  // ---- requests from brokers ----

  private onServerRequest(conn: Connection, request: RemotingCommand): void {
    handleServerRequest(this, conn, request);
  }

  /** Every consumer group registered here. */
  consumerGroups(): string[] {
    return [...this.consumers.keys()];
  }
}
