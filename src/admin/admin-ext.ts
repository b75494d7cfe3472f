// The admin client (Java's DefaultMQAdminExt / DefaultMQAdminExtImpl): what every mqadmin command
// starts from. It owns one client instance (its own client id, so it shares nothing with producers
// and consumers of the same process), signs every request with the tools credentials as mqadmin
// does (ROCKETMQ_ACCESS_KEY / ROCKETMQ_SECRET_KEY, else conf/tools.yml under ROCKETMQ_HOME), and offers the "examine" lookups the commands compose: cluster, routes, topic and consume
// stats, connections, runtime figures. Operations that change things live beside it (topics.ts,
// groups.ts, offsets.ts, messages.ts, namesrv.ts, brokers.ts). No transport of its own: every call
// goes through src/client's typed API.

import { aclHook, ClientConfig } from '../client/client-config.js';
import { ClientInstance } from '../client/instance/client-instance.js';
import type { MQClientAPI } from '../client/api/client-api.js';
import type { AdminCalls } from '../client/api/admin-calls.js';
import { noNameServerError } from '../client/errors.js';
import { getRetryTopic } from '../client/mix-all.js';
import { MQClientError } from '../common/errors.js';
import type { SessionCredentials } from '../remoting/acl-signature.js';
import { resolveCredentials, toolsHome } from '../acl/index.js';
import { MQBrokerError } from '../remoting/errors.js';
import { ResponseCode } from '../remoting/response-code.js';
import type { ClusterInfo, TopicRouteData } from '../remoting/protocol/namesrv/route-data.js';
import { selectBrokerAddr } from '../remoting/protocol/namesrv/route-data.js';
import { MessageQueueMap } from '../remoting/protocol/message-queue.js';
import type { TopicOffset } from '../remoting/protocol/topic-stats.js';
import type { ConsumeStats, OffsetWrapper } from '../remoting/protocol/consume-stats.js';
import type { ClientConnection, ConsumerConnection } from '../remoting/protocol/connection-info.js';
import type { ConsumerRunningInfo } from '../remoting/protocol/consumer-running-info.js';

export interface AdminExtOptions {
  /** "a:9876;b:9876"; default NAMESRV_ADDR. */
  namesrvAddr?: string | readonly string[];
  /** Per-call timeout (DefaultMQAdminExt: 5 s). */
  timeoutMs?: number;
  /**
   * Credentials every request is signed with; null for none. Default: ROCKETMQ_ACCESS_KEY and
   * ROCKETMQ_SECRET_KEY, else conf/tools.yml under ROCKETMQ_HOME (this package's: rocketmq2), as mqadmin.
   */
  credentials?: SessionCredentials | null;
  /** Connect over TLS (ClientConfig.useTLS). Default: tls.enable, as Java's mqadmin. */
  useTLS?: boolean;
}

/** Java's DefaultMQAdminExt timeoutMillis. */
export const ADMIN_TIMEOUT_MS = 5000;

let instanceSeq = 0;

export class AdminExt {
  readonly config: ClientConfig;
  readonly timeoutMs: number;
  private inst: ClientInstance | undefined;

  constructor(opts: AdminExtOptions = {}) {
    const credentials = opts.credentials === undefined ? resolveCredentials({ rocketmqHome: toolsHome() }) : opts.credentials;
    this.config = new ClientConfig({
      namesrvAddr: opts.namesrvAddr,
      // Java names the admin's instance by the current time; a counter keeps two in one process apart.
      instanceName: `admin-${Date.now()}-${++instanceSeq}`,
      ...(credentials ? { rpcHook: aclHook(credentials) } : {}),
      ...(opts.useTLS !== undefined ? { useTLS: opts.useTLS } : {}),
    });
    this.timeoutMs = opts.timeoutMs ?? ADMIN_TIMEOUT_MS;
  }

  /** Checks there is a name server to ask and opens the client instance (no timers: the admin only asks). */
  start(): this {
    if (this.inst) return this;
    if (this.config.namesrvAddrs.length === 0) throw noNameServerError();
    this.inst = new ClientInstance(this.config, this.config.buildMQClientId());
    return this;
  }

  async shutdown(): Promise<void> {
    const i = this.inst;
    this.inst = undefined;
    await i?.shutdown();
  }

  get instance(): ClientInstance {
    if (!this.inst) throw new MQClientError(-1, 'the admin client is not started');
    return this.inst;
  }

  get api(): MQClientAPI {
    return this.instance.api;
  }

  get calls(): AdminCalls {
    return this.instance.api.admin;
  }

  get nameServerAddressList(): readonly string[] {
    return this.config.namesrvAddrs;
  }

  // ---- name server lookups ----

  examineBrokerClusterInfo(): Promise<ClusterInfo> {
    return this.api.getBrokerClusterInfo(this.timeoutMs);
  }

  /** The route of a topic; a topic the name server does not know is a one-line MQClientError. */
  async examineTopicRouteInfo(topic: string): Promise<TopicRouteData> {
    try {
      return await this.api.getTopicRouteInfoFromNameServer(topic, this.timeoutMs);
    } catch (err) {
      if (err instanceof MQBrokerError && err.responseCode === ResponseCode.TOPIC_NOT_EXIST) throw topicNotExist(topic, err);
      throw err;
    }
  }

  async fetchAllTopicList(): Promise<string[]> {
    return [...(await this.api.getTopicListFromNameServer(this.timeoutMs)).topicList];
  }

  // ---- broker lookups ----

  fetchBrokerRuntimeStats(brokerAddr: string): Promise<Map<string, string>> {
    return this.calls.getBrokerRuntimeInfo(brokerAddr, this.timeoutMs);
  }

  /** Offsets of every queue of a topic on every broker that serves it. */
  async examineTopicStats(topic: string): Promise<MessageQueueMap<TopicOffset>> {
    const route = await this.examineTopicRouteInfo(topic);
    const out = new MessageQueueMap<TopicOffset>();
    for (const bd of route.brokerDatas) {
      const addr = selectBrokerAddr(bd);
      if (addr === undefined) continue;
      for (const [mq, off] of (await this.calls.getTopicStatsInfo(addr, topic, this.timeoutMs)).offsetTable) out.set(mq, off);
    }
    if (out.size === 0) throw new MQClientError(ResponseCode.TOPIC_NOT_EXIST, `topic ${topic} has no queues on any broker`);
    return out;
  }

  /**
   * A group's consume stats merged over the brokers its retry topic lives on (every broker that
   * ever saw the group). A group no broker knows is CONSUMER_NOT_ONLINE, as in Java.
   */
  async examineConsumeStats(group: string, topic?: string): Promise<ConsumeStats> {
    let route: TopicRouteData;
    try {
      route = await this.examineTopicRouteInfo(getRetryTopic(group));
    } catch (err) {
      if (err instanceof MQClientError && err.responseCode === ResponseCode.TOPIC_NOT_EXIST) throw groupNotFound(group);
      throw err;
    }
    const offsetTable = new MessageQueueMap<OffsetWrapper>();
    let consumeTps = 0;
    for (const bd of route.brokerDatas) {
      const addr = selectBrokerAddr(bd);
      if (addr === undefined) continue;
      const cs = await this.calls.getConsumeStats(addr, group, topic, this.timeoutMs * 3);
      for (const [mq, w] of cs.offsetTable) offsetTable.set(mq, w);
      consumeTps += cs.consumeTps;
    }
    if (offsetTable.size === 0) {
      throw new MQClientError(
        ResponseCode.CONSUMER_NOT_ONLINE,
        `consumer group ${group} has no consume progress${topic ? ` on topic ${topic}` : ''} (it has not consumed any message)`,
      );
    }
    return { offsetTable, consumeTps };
  }

  /** Who is connected as `group`, from one broker of its retry topic (or the one given). */
  async examineConsumerConnectionInfo(group: string, brokerAddr?: string): Promise<ConsumerConnection> {
    let addr = brokerAddr;
    if (addr === undefined) {
      const route = await this.examineTopicRouteInfo(getRetryTopic(group)).catch((err: unknown) => {
        if (err instanceof MQClientError && err.responseCode === ResponseCode.TOPIC_NOT_EXIST) throw groupNotOnline(group);
        throw err;
      });
      const bd = route.brokerDatas[Math.floor(Math.random() * route.brokerDatas.length)];
      addr = bd ? selectBrokerAddr(bd) : undefined;
    }
    let cc: ConsumerConnection | undefined;
    if (addr !== undefined) {
      try {
        cc = await this.calls.getConsumerConnectionList(addr, group, this.timeoutMs);
      } catch (err) {
        if (err instanceof MQBrokerError && err.responseCode === ResponseCode.CONSUMER_NOT_ONLINE) throw groupNotOnline(group);
        throw err;
      }
    }
    if (!cc || cc.connectionSet.length === 0) throw groupNotOnline(group);
    return cc;
  }

  /** Producers of `group` connected to a broker of `topic`. */
  async examineProducerConnectionInfo(group: string, topic: string): Promise<ClientConnection[]> {
    const route = await this.examineTopicRouteInfo(topic);
    const bd = route.brokerDatas[Math.floor(Math.random() * route.brokerDatas.length)];
    const addr = bd ? selectBrokerAddr(bd) : undefined;
    let conns: ClientConnection[] = [];
    if (addr !== undefined) {
      try {
        conns = await this.calls.getProducerConnectionList(addr, group, this.timeoutMs);
      } catch (err) {
        if (!(err instanceof MQBrokerError)) throw err;
      }
    }
    if (conns.length === 0) {
      throw new MQClientError(
        ResponseCode.SYSTEM_ERROR,
        `producer group ${group} is not online (no producer of it is connected to a broker of ${topic})`,
      );
    }
    return conns;
  }

  /** The groups that subscribe to or have offsets on `topic`, from its first broker. */
  async queryTopicConsumeByWho(topic: string): Promise<string[]> {
    const route = await this.examineTopicRouteInfo(topic);
    const bd = route.brokerDatas[0];
    const addr = bd ? selectBrokerAddr(bd) : undefined;
    return addr === undefined ? [] : this.calls.queryTopicConsumeByWho(addr, topic, this.timeoutMs);
  }

  /** A consumer's running info, asked through a broker of the group's retry topic. */
  async getConsumerRunningInfo(group: string, clientId: string, jstack: boolean): Promise<ConsumerRunningInfo> {
    const route = await this.examineTopicRouteInfo(getRetryTopic(group));
    for (const bd of route.brokerDatas) {
      const addr = selectBrokerAddr(bd);
      if (addr !== undefined) return this.calls.getConsumerRunningInfo(addr, group, clientId, jstack, this.timeoutMs * 3);
    }
    throw groupNotOnline(group);
  }

  /** The clusters whose brokers serve `topic` (those holding its first broker, as Java). */
  async getTopicClusterList(topic: string): Promise<string[]> {
    const [info, route] = await Promise.all([this.examineBrokerClusterInfo(), this.examineTopicRouteInfo(topic)]);
    const brokerName = route.brokerDatas[0]?.brokerName;
    const out: string[] = [];
    for (const [cluster, names] of info.clusterAddrTable) if (brokerName !== undefined && names.has(brokerName)) out.push(cluster);
    return out;
  }
}

export function topicNotExist(topic: string, cause?: unknown): MQClientError {
  return new MQClientError(ResponseCode.TOPIC_NOT_EXIST, `topic ${topic} does not exist (the name server has no route for it)`, { cause });
}

export function groupNotOnline(group: string): MQClientError {
  return new MQClientError(ResponseCode.CONSUMER_NOT_ONLINE, `consumer group ${group} is not online (no consumer of it is connected)`);
}

export function groupNotFound(group: string): MQClientError {
  return new MQClientError(
    ResponseCode.CONSUMER_NOT_ONLINE,
    `consumer group ${group} does not exist (no broker has its retry topic %RETRY%${group})`,
  );
}

/** Runs `fn` with a started admin client, shutting it down afterwards. */
export async function withAdmin<T>(opts: AdminExtOptions, fn: (admin: AdminExt) => Promise<T>): Promise<T> {
  const admin = new AdminExt(opts).start();
  try {
    return await fn(admin);
  } finally {
    await admin.shutdown();
  }
}
