// The administrative remote calls of Java's MQClientAPIImpl (what mqadmin and DefaultMQAdminExt
// use), one typed method each, on the client's RemoteInvoker. The admin layer (src/admin) builds
// its operations on these; it adds no transport of its own. Broker calls take the broker address
// as the caller resolved it; `vip()` is applied here exactly where Java applies it.

import { RequestCode } from '../../remoting/request-code.js';
import { ResponseCode } from '../../remoting/response-code.js';
import {
  AddWritePermOfBrokerRequestHeader,
  AddWritePermOfBrokerResponseHeader,
  DeleteKVConfigRequestHeader,
  DeleteTopicFromNamesrvRequestHeader,
  GetKVConfigRequestHeader,
  GetKVConfigResponseHeader,
  GetKVListByNamespaceRequestHeader,
  GetTopicsByClusterRequestHeader,
  PutKVConfigRequestHeader,
  WipeWritePermOfBrokerRequestHeader,
  WipeWritePermOfBrokerResponseHeader,
} from '../../remoting/protocol/namesrv/headers.js';
import {
  decodeKVTable,
  decodePropertiesBody,
  decodeTopicList,
  encodePropertiesBody,
  type TopicList,
} from '../../remoting/protocol/namesrv/lists.js';
import { decodeTopicStatsTable, GetTopicStatsInfoRequestHeader, type TopicStatsTable } from '../../remoting/protocol/topic-stats.js';
import {
  type ConsumeStats,
  type ConsumeStatsList,
  decodeConsumeStats,
  decodeConsumeStatsList,
  GetConsumeStatsInBrokerHeader,
  GetConsumeStatsRequestHeader,
} from '../../remoting/protocol/consume-stats.js';
import {
  type ClientConnection,
  type ConsumerConnection,
  decodeConsumerConnection,
  decodeProducerConnection,
  decodeProducerTableInfo,
  GetConsumerConnectionListRequestHeader,
  GetProducerConnectionListRequestHeader,
  type ProducerInfo,
} from '../../remoting/protocol/connection-info.js';
import {
  type BrokerStatsData,
  decodeBrokerStatsData,
  GetBrokerConfigResponseHeader,
  ViewBrokerStatsDataRequestHeader,
} from '../../remoting/protocol/broker-admin.js';
import {
  type ConsumerRunningInfo,
  decodeConsumerRunningInfo,
  GetConsumerRunningInfoRequestHeader,
} from '../../remoting/protocol/consumer-running-info.js';
import {
  type ConsumeMessageDirectlyResult,
  ConsumeMessageDirectlyResultRequestHeader,
  decodeConsumeMessageDirectlyResult,
} from '../../remoting/protocol/consume-directly.js';
import {
  decodeGetConsumerStatusBody,
  decodeResetOffsetBody,
  type GetConsumerStatusBody,
  GetConsumerStatusRequestHeader,
  ResetOffsetRequestHeader,
} from '../../remoting/protocol/reset-offset.js';
import { decodeGroupList, QueryTopicConsumeByWhoRequestHeader } from '../../remoting/protocol/consume-by-who.js';
import {
  decodeQueryConsumeTimeSpanBody,
  decodeQueryCorrectionOffsetBody,
  QueryConsumeTimeSpanRequestHeader,
  QueryCorrectionOffsetHeader,
  type QueueTimeSpan,
} from '../../remoting/protocol/consume-time-span.js';
import {
  decodeQueryConsumeQueueResponseBody,
  type QueryConsumeQueueRequest,
  QueryConsumeQueueRequestHeader,
  type QueryConsumeQueueResponseBody,
} from '../../remoting/protocol/consume-queue.js';
import { decodeTopicConfigWrapper, DeleteTopicRequestHeader } from '../../remoting/protocol/topic-admin.js';
import type { TopicConfigSerializeWrapper } from '../../remoting/protocol/topic-config.js';
import {
  decodeSubscriptionGroupWrapper,
  DeleteSubscriptionGroupRequestHeader,
  type SubscriptionGroupWrapper,
} from '../../remoting/protocol/subscription-group.js';
import {
  type CloneGroupOffsetRequest,
  CloneGroupOffsetRequestHeader,
  type ConsumerOffsetTable,
  decodeConsumerOffsetTable,
} from '../../remoting/protocol/consumer-offset.js';
import type { MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import {
  accessConfigToRequest,
  clusterAclVersionFromHeader,
  type ClusterAclVersionInfo,
  CreateAccessConfigRequestHeader,
  DeleteAccessConfigRequestHeader,
  GetBrokerAclConfigResponseHeader,
  type PlainAccessConfig,
  UpdateGlobalWhiteAddrsConfigRequestHeader,
} from '../../remoting/protocol/acl.js';
import { ResumeCheckHalfMessageRequestHeader } from '../../remoting/protocol/transaction.js';
import type { RemoteInvoker } from './remote-invoker.js';

const EMPTY = Buffer.from('{}');

export class AdminCalls {
  constructor(private readonly invoker: RemoteInvoker) {}

  /** Sends a broker request and returns the successful answer. */
  private async broker(addr: string, code: number, ext: Record<string, string> | null, timeoutMs: number, body?: Uint8Array | null) {
    return this.invoker.invokeOk(addr, this.invoker.request(code, ext, body ?? null), timeoutMs);
  }

  /** To one name server when `addr` is given (mqadmin addresses each in turn), else to whichever answers. */
  private async namesrv(
    code: number,
    ext: Record<string, string> | null,
    timeoutMs: number,
    body?: Uint8Array | null,
    okCodes?: readonly number[],
    addr?: string,
  ) {
    const req = this.invoker.request(code, ext, body ?? null);
    if (addr !== undefined) return this.invoker.invokeOk(addr, req, timeoutMs, okCodes);
    return this.invoker.invokeNamesrvOk(req, timeoutMs, okCodes);
  }

  // ---- brokers: stats and connections ----

  async getTopicStatsInfo(addr: string, topic: string, timeoutMs: number): Promise<TopicStatsTable> {
    const res = await this.broker(
      this.invoker.vip(addr),
      RequestCode.GET_TOPIC_STATS_INFO,
      GetTopicStatsInfoRequestHeader.encode({ topic }),
      timeoutMs,
    );
    return decodeTopicStatsTable(res.body ?? EMPTY);
  }

  async getConsumeStats(addr: string, consumerGroup: string, topic: string | undefined, timeoutMs: number): Promise<ConsumeStats> {
    const header = topic === undefined ? { consumerGroup } : { consumerGroup, topic };
    const res = await this.broker(
      this.invoker.vip(addr),
      RequestCode.GET_CONSUME_STATS,
      GetConsumeStatsRequestHeader.encode(header),
      timeoutMs,
    );
    return decodeConsumeStats(res.body ?? EMPTY);
  }

  async getBrokerConsumeStats(addr: string, isOrder: boolean, timeoutMs: number): Promise<ConsumeStatsList> {
    const res = await this.broker(addr, RequestCode.GET_BROKER_CONSUME_STATS, GetConsumeStatsInBrokerHeader.encode({ isOrder }), timeoutMs);
    return decodeConsumeStatsList(res.body ?? EMPTY);
  }

  async getConsumerConnectionList(addr: string, consumerGroup: string, timeoutMs: number): Promise<ConsumerConnection> {
    const res = await this.broker(
      this.invoker.vip(addr),
      RequestCode.GET_CONSUMER_CONNECTION_LIST,
      GetConsumerConnectionListRequestHeader.encode({ consumerGroup }),
      timeoutMs,
    );
    return decodeConsumerConnection(res.body ?? EMPTY);
  }

  async getProducerConnectionList(addr: string, producerGroup: string, timeoutMs: number): Promise<ClientConnection[]> {
    const res = await this.broker(
      this.invoker.vip(addr),
      RequestCode.GET_PRODUCER_CONNECTION_LIST,
      GetProducerConnectionListRequestHeader.encode({ producerGroup }),
      timeoutMs,
    );
    return decodeProducerConnection(res.body ?? EMPTY);
  }

  async getAllProducerInfo(addr: string, timeoutMs: number): Promise<Map<string, ProducerInfo[]>> {
    const res = await this.broker(addr, RequestCode.GET_ALL_PRODUCER_INFO, null, timeoutMs);
    return decodeProducerTableInfo(res.body ?? EMPTY);
  }

  async getBrokerRuntimeInfo(addr: string, timeoutMs: number): Promise<Map<string, string>> {
    const res = await this.broker(addr, RequestCode.GET_BROKER_RUNTIME_INFO, null, timeoutMs);
    return decodeKVTable(res.body ?? Buffer.from('{"table":{}}'));
  }

  async viewBrokerStatsData(addr: string, statsName: string, statsKey: string, timeoutMs: number): Promise<BrokerStatsData> {
    const res = await this.broker(
      this.invoker.vip(addr),
      RequestCode.VIEW_BROKER_STATS_DATA,
      ViewBrokerStatsDataRequestHeader.encode({ statsName, statsKey }),
      timeoutMs,
    );
    return decodeBrokerStatsData(res.body ?? EMPTY);
  }

  // ---- brokers: configuration ----

  /** GET_BROKER_CONFIG: every setting, plus the configuration's data version (JSON text). */
  async getBrokerConfig(addr: string, timeoutMs: number): Promise<{ config: Map<string, string>; version: string | undefined }> {
    const res = await this.broker(addr, RequestCode.GET_BROKER_CONFIG, null, timeoutMs);
    return { config: decodePropertiesBody(res.body), version: GetBrokerConfigResponseHeader.decode(res.extFields).version };
  }

  async updateBrokerConfig(addr: string, properties: Iterable<[string, string]>, timeoutMs: number): Promise<void> {
    await this.broker(addr, RequestCode.UPDATE_BROKER_CONFIG, null, timeoutMs, encodePropertiesBody(properties));
  }

  async getAllTopicConfig(addr: string, timeoutMs: number): Promise<TopicConfigSerializeWrapper> {
    const res = await this.broker(addr, RequestCode.GET_ALL_TOPIC_CONFIG, null, timeoutMs);
    return decodeTopicConfigWrapper(res.body ?? EMPTY);
  }

  async getAllSubscriptionGroup(addr: string, timeoutMs: number): Promise<SubscriptionGroupWrapper> {
    const res = await this.broker(addr, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, null, timeoutMs);
    return decodeSubscriptionGroupWrapper(res.body ?? EMPTY);
  }

  async getAllConsumerOffset(addr: string, timeoutMs: number): Promise<ConsumerOffsetTable> {
    const res = await this.broker(addr, RequestCode.GET_ALL_CONSUMER_OFFSET, null, timeoutMs);
    return decodeConsumerOffsetTable(res.body ?? EMPTY);
  }

  async deleteTopicInBroker(addr: string, topic: string, timeoutMs: number): Promise<void> {
    await this.broker(addr, RequestCode.DELETE_TOPIC_IN_BROKER, DeleteTopicRequestHeader.encode({ topic }), timeoutMs);
  }

  async deleteSubscriptionGroup(addr: string, groupName: string, removeOffset: boolean, timeoutMs: number): Promise<void> {
    await this.broker(
      addr,
      RequestCode.DELETE_SUBSCRIPTIONGROUP,
      DeleteSubscriptionGroupRequestHeader.encode({ groupName, removeOffset }),
      timeoutMs,
    );
  }

  async cloneGroupOffset(addr: string, header: CloneGroupOffsetRequest, timeoutMs: number): Promise<void> {
    await this.broker(addr, RequestCode.CLONE_GROUP_OFFSET, CloneGroupOffsetRequestHeader.encode(header), timeoutMs);
  }

  async getSystemTopicListFromBroker(addr: string, timeoutMs: number): Promise<TopicList> {
    const res = await this.broker(this.invoker.vip(addr), RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER, null, timeoutMs);
    return decodeTopicList(res.body ?? EMPTY);
  }

  // ---- brokers: store maintenance (each true on SUCCESS, a non-success answer thrown, as Java's) ----

  async cleanExpiredConsumeQueue(addr: string, timeoutMs: number): Promise<boolean> {
    await this.broker(this.invoker.vip(addr), RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, null, timeoutMs);
    return true;
  }

  async deleteExpiredCommitLog(addr: string, timeoutMs: number): Promise<boolean> {
    await this.broker(this.invoker.vip(addr), RequestCode.DELETE_EXPIRED_COMMITLOG, null, timeoutMs);
    return true;
  }

  async cleanUnusedTopicByAddr(addr: string, timeoutMs: number): Promise<boolean> {
    await this.broker(this.invoker.vip(addr), RequestCode.CLEAN_UNUSED_TOPIC, null, timeoutMs);
    return true;
  }

  /** RESUME_CHECK_HALF_MESSAGE: false (Java logs the remark) when the broker could not put it back. */
  async resumeCheckHalfMessage(addr: string, msgId: string, timeoutMs: number): Promise<boolean> {
    const req = this.invoker.request(RequestCode.RESUME_CHECK_HALF_MESSAGE, ResumeCheckHalfMessageRequestHeader.encode({ msgId }), null);
    const res = await this.invoker.invoke(this.invoker.vip(addr), req, timeoutMs);
    return res.code === ResponseCode.SUCCESS;
  }

  // ---- brokers: plain ACL (sent on the VIP channel when it is on, as Java's) ----

  async createPlainAccessConfig(addr: string, config: PlainAccessConfig, timeoutMs: number): Promise<void> {
    const ext = CreateAccessConfigRequestHeader.encode(accessConfigToRequest(config));
    await this.broker(this.invoker.vip(addr), RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, ext, timeoutMs);
  }

  async deletePlainAccessConfig(addr: string, accessKey: string, timeoutMs: number): Promise<void> {
    await this.broker(
      this.invoker.vip(addr),
      RequestCode.DELETE_ACL_CONFIG,
      DeleteAccessConfigRequestHeader.encode({ accessKey }),
      timeoutMs,
    );
  }

  /** `globalWhiteAddrs` is the comma-separated list; no file: the default one. */
  async updateGlobalWhiteAddrsConfig(addr: string, globalWhiteAddrs: string, aclFileFullPath: string | undefined, timeoutMs: number) {
    const ext = UpdateGlobalWhiteAddrsConfigRequestHeader.encode(
      aclFileFullPath === undefined ? { globalWhiteAddrs } : { globalWhiteAddrs, aclFileFullPath },
    );
    await this.broker(this.invoker.vip(addr), RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, ext, timeoutMs);
  }

  async getBrokerClusterAclInfo(addr: string, timeoutMs: number): Promise<ClusterAclVersionInfo> {
    const res = await this.broker(this.invoker.vip(addr), RequestCode.GET_BROKER_CLUSTER_ACL_INFO, null, timeoutMs);
    return clusterAclVersionFromHeader(GetBrokerAclConfigResponseHeader.decode(res.extFields));
  }

  // ---- brokers: consumers ----

  /** GET_CONSUMER_RUNNING_INFO, forwarded by the broker to the client. */
  async getConsumerRunningInfo(
    addr: string,
    consumerGroup: string,
    clientId: string,
    jstackEnable: boolean,
    timeoutMs: number,
  ): Promise<ConsumerRunningInfo> {
    const res = await this.broker(
      addr,
      RequestCode.GET_CONSUMER_RUNNING_INFO,
      GetConsumerRunningInfoRequestHeader.encode({ consumerGroup, clientId, jstackEnable }),
      timeoutMs,
    );
    return decodeConsumerRunningInfo(res.body ?? EMPTY);
  }

  /** CONSUME_MESSAGE_DIRECTLY, forwarded by the broker to one client. */
  async consumeMessageDirectly(
    addr: string,
    consumerGroup: string,
    clientId: string,
    msgId: string,
    brokerName: string | undefined,
    timeoutMs: number,
  ): Promise<ConsumeMessageDirectlyResult> {
    const header: Parameters<typeof ConsumeMessageDirectlyResultRequestHeader.encode>[0] = { consumerGroup, clientId, msgId };
    if (brokerName !== undefined) header.brokerName = brokerName;
    const res = await this.broker(
      addr,
      RequestCode.CONSUME_MESSAGE_DIRECTLY,
      ConsumeMessageDirectlyResultRequestHeader.encode(header),
      timeoutMs,
    );
    return decodeConsumeMessageDirectlyResult(res.body ?? EMPTY);
  }

  /** INVOKE_BROKER_TO_RESET_OFFSET: the broker resets the group's offsets to `timestamp` and tells its clients. */
  async invokeBrokerToResetOffset(
    addr: string,
    topic: string,
    group: string,
    timestamp: number,
    isForce: boolean,
    timeoutMs: number,
  ): Promise<MessageQueueMap<number>> {
    const res = await this.broker(
      this.invoker.vip(addr),
      RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
      ResetOffsetRequestHeader.encode({ topic, group, timestamp, isForce }),
      timeoutMs,
    );
    return decodeResetOffsetBody(res.body ?? EMPTY);
  }

  async invokeBrokerToGetConsumerStatus(
    addr: string,
    topic: string,
    group: string,
    clientAddr: string | undefined,
    timeoutMs: number,
  ): Promise<GetConsumerStatusBody> {
    const header = clientAddr === undefined ? { topic, group } : { topic, group, clientAddr };
    const res = await this.broker(
      this.invoker.vip(addr),
      RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS,
      GetConsumerStatusRequestHeader.encode(header),
      timeoutMs,
    );
    return decodeGetConsumerStatusBody(res.body ?? EMPTY);
  }

  async queryTopicConsumeByWho(addr: string, topic: string, timeoutMs: number): Promise<string[]> {
    const res = await this.broker(
      this.invoker.vip(addr),
      RequestCode.QUERY_TOPIC_CONSUME_BY_WHO,
      QueryTopicConsumeByWhoRequestHeader.encode({ topic }),
      timeoutMs,
    );
    return decodeGroupList(res.body ?? EMPTY);
  }

  async queryConsumeTimeSpan(addr: string, topic: string, group: string, timeoutMs: number): Promise<QueueTimeSpan[]> {
    const res = await this.broker(
      this.invoker.vip(addr),
      RequestCode.QUERY_CONSUME_TIME_SPAN,
      QueryConsumeTimeSpanRequestHeader.encode({ topic, group }),
      timeoutMs,
    );
    return decodeQueryConsumeTimeSpanBody(res.body ?? EMPTY);
  }

  async queryCorrectionOffset(
    addr: string,
    topic: string,
    compareGroup: string,
    filterGroups: string | undefined,
    timeoutMs: number,
  ): Promise<Map<number, number>> {
    const header = filterGroups === undefined ? { topic, compareGroup } : { topic, compareGroup, filterGroups };
    const res = await this.broker(addr, RequestCode.QUERY_CORRECTION_OFFSET, QueryCorrectionOffsetHeader.encode(header), timeoutMs);
    return decodeQueryCorrectionOffsetBody(res.body ?? EMPTY);
  }

  async queryConsumeQueue(addr: string, header: QueryConsumeQueueRequest, timeoutMs: number): Promise<QueryConsumeQueueResponseBody> {
    const res = await this.broker(addr, RequestCode.QUERY_CONSUME_QUEUE, QueryConsumeQueueRequestHeader.encode(header), timeoutMs);
    return decodeQueryConsumeQueueResponseBody(res.body ?? EMPTY);
  }

  // ---- name servers ----

  async deleteTopicInNameServer(topic: string, clusterName: string | undefined, timeoutMs: number, namesrvAddr?: string): Promise<void> {
    const header = clusterName === undefined ? { topic } : { topic, clusterName };
    await this.namesrv(
      RequestCode.DELETE_TOPIC_IN_NAMESRV,
      DeleteTopicFromNamesrvRequestHeader.encode(header),
      timeoutMs,
      null,
      undefined,
      namesrvAddr,
    );
  }

  async getTopicsByCluster(cluster: string, timeoutMs: number): Promise<TopicList> {
    const res = await this.namesrv(RequestCode.GET_TOPICS_BY_CLUSTER, GetTopicsByClusterRequestHeader.encode({ cluster }), timeoutMs);
    return decodeTopicList(res.body ?? EMPTY);
  }

  async getSystemTopicList(timeoutMs: number): Promise<TopicList> {
    const res = await this.namesrv(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, null, timeoutMs);
    return decodeTopicList(res.body ?? EMPTY);
  }

  async wipeWritePermOfBroker(brokerName: string, timeoutMs: number, namesrvAddr?: string): Promise<number> {
    const res = await this.namesrv(
      RequestCode.WIPE_WRITE_PERM_OF_BROKER,
      WipeWritePermOfBrokerRequestHeader.encode({ brokerName }),
      timeoutMs,
      null,
      undefined,
      namesrvAddr,
    );
    return WipeWritePermOfBrokerResponseHeader.decode(res.extFields).wipeTopicCount;
  }

  async addWritePermOfBroker(brokerName: string, timeoutMs: number, namesrvAddr?: string): Promise<number> {
    const res = await this.namesrv(
      RequestCode.ADD_WRITE_PERM_OF_BROKER,
      AddWritePermOfBrokerRequestHeader.encode({ brokerName }),
      timeoutMs,
      null,
      undefined,
      namesrvAddr,
    );
    return AddWritePermOfBrokerResponseHeader.decode(res.extFields).addTopicCount;
  }

  async putKVConfigValue(namespace: string, key: string, value: string, timeoutMs: number, namesrvAddr?: string): Promise<void> {
    await this.namesrv(
      RequestCode.PUT_KV_CONFIG,
      PutKVConfigRequestHeader.encode({ namespace, key, value }),
      timeoutMs,
      null,
      undefined,
      namesrvAddr,
    );
  }

  /** The value, or undefined when the key is not set. */
  async getKVConfigValue(namespace: string, key: string, timeoutMs: number): Promise<string | undefined> {
    const res = await this.namesrv(RequestCode.GET_KV_CONFIG, GetKVConfigRequestHeader.encode({ namespace, key }), timeoutMs, null, [
      ResponseCode.QUERY_NOT_FOUND,
    ]);
    return res.code === ResponseCode.SUCCESS ? GetKVConfigResponseHeader.decode(res.extFields).value : undefined;
  }

  async deleteKVConfigValue(namespace: string, key: string, timeoutMs: number, namesrvAddr?: string): Promise<void> {
    await this.namesrv(
      RequestCode.DELETE_KV_CONFIG,
      DeleteKVConfigRequestHeader.encode({ namespace, key }),
      timeoutMs,
      null,
      undefined,
      namesrvAddr,
    );
  }

  async getKVListByNamespace(namespace: string, timeoutMs: number): Promise<Map<string, string>> {
    const res = await this.namesrv(
      RequestCode.GET_KVLIST_BY_NAMESPACE,
      GetKVListByNamespaceRequestHeader.encode({ namespace }),
      timeoutMs,
      null,
      [ResponseCode.QUERY_NOT_FOUND],
    );
    return res.code === ResponseCode.SUCCESS && res.body ? decodeKVTable(res.body) : new Map();
  }

  /** GET_NAMESRV_CONFIG of one name server (or of the one the invoker picks). */
  async getNamesrvConfig(addr: string | undefined, timeoutMs: number): Promise<Map<string, string>> {
    const req = this.invoker.request(RequestCode.GET_NAMESRV_CONFIG);
    const res = addr === undefined ? await this.invoker.invokeNamesrvOk(req, timeoutMs) : await this.invoker.invokeOk(addr, req, timeoutMs);
    return decodePropertiesBody(res.body);
  }

  async updateNamesrvConfig(addr: string | undefined, properties: Iterable<[string, string]>, timeoutMs: number): Promise<void> {
    const req = this.invoker.request(RequestCode.UPDATE_NAMESRV_CONFIG, null, encodePropertiesBody(properties));
    if (addr === undefined) await this.invoker.invokeNamesrvOk(req, timeoutMs);
    else await this.invoker.invokeOk(addr, req, timeoutMs);
  }
}
