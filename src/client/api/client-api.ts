// MQClientAPI: one typed method per remote call a producer or consumer makes (Java's
// MQClientAPIImpl). Each builds its request from the typed header codecs in remoting/protocol,
// sends it through the RemoteInvoker and decodes the answer; a failure code becomes MQBrokerError.
// Administrative calls live in admin-calls.ts (reached as `api.admin`), on the same invoker.

import { MessageConst } from '../../common/message/message-const.js';
import { getProperty } from '../../common/message/properties.js';
import { RequestCode } from '../../remoting/request-code.js';
import { ResponseCode } from '../../remoting/response-code.js';
import type { RemotingCommand } from '../../remoting/command.js';
import { GetRouteInfoRequestHeader } from '../../remoting/protocol/namesrv/headers.js';
import {
  type ClusterInfo,
  decodeClusterInfo,
  decodeTopicRouteData,
  type TopicRouteData,
} from '../../remoting/protocol/namesrv/route-data.js';
import { decodeTopicList, type TopicList } from '../../remoting/protocol/namesrv/lists.js';
import { encodeSendMessageRequestHeaderV2, type SendMessageRequest } from '../../remoting/protocol/send.js';
import { type PullMessageRequest, PullMessageRequestHeader } from '../../remoting/protocol/pull.js';
import {
  encodeCheckClientRequestBody,
  encodeHeartbeatData,
  type HeartbeatData,
  UnregisterClientRequestHeader,
} from '../../remoting/protocol/heartbeat.js';
import { decodeConsumerIdList, GetConsumerListByGroupRequestHeader } from '../../remoting/protocol/consumer-ids.js';
import {
  type QueryConsumerOffsetRequest,
  QueryConsumerOffsetRequestHeader,
  QueryConsumerOffsetResponseHeader,
  type UpdateConsumerOffsetRequest,
  UpdateConsumerOffsetRequestHeader,
} from '../../remoting/protocol/consumer-offset.js';
import {
  GetEarliestMsgStoretimeRequestHeader,
  GetEarliestMsgStoretimeResponseHeader,
  GetMaxOffsetRequestHeader,
  GetMaxOffsetResponseHeader,
  GetMinOffsetRequestHeader,
  GetMinOffsetResponseHeader,
  SearchOffsetRequestHeader,
  SearchOffsetResponseHeader,
} from '../../remoting/protocol/queue-offset.js';
import { ConsumerSendMsgBackRequestHeader } from '../../remoting/protocol/consumer-send-back.js';
import {
  decodeLockBatchResponseBody,
  encodeLockBatchRequestBody,
  encodeUnlockBatchRequestBody,
  type LockBatchRequestBody,
} from '../../remoting/protocol/lock.js';
import {
  type QueryMessageRequest,
  QueryMessageRequestHeader,
  QueryMessageResponseHeader,
  ViewMessageRequestHeader,
} from '../../remoting/protocol/query-message.js';
import { CreateTopicRequestHeader } from '../../remoting/protocol/topic-admin.js';
import type { TopicConfig } from '../../remoting/protocol/topic-config.js';
import { encodeSubscriptionGroupConfig, type SubscriptionGroupConfig } from '../../remoting/protocol/subscription-group.js';
import { type EndTransactionRequest, EndTransactionRequestHeader } from '../../remoting/protocol/transaction.js';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import type { SubscriptionData } from '../../remoting/protocol/subscription.js';
import { MQBrokerError } from '../../remoting/errors.js';
import { decodeMessageExt, decodeMessageExts } from '../message/decode.js';
import type { MessageExt } from '../message/message-ext.js';
import { processSendResponse, type SendResult } from '../producer/send-result.js';
import { processPullResponse, type RawPullResult } from '../consumer/pull-result.js';
import { MixAll } from '../mix-all.js';
import { RemoteInvoker } from './remote-invoker.js';
import { AdminCalls } from './admin-calls.js';

export interface QueryMessageResult {
  indexLastUpdateTimestamp: number;
  indexLastUpdatePhyoffset: number;
  messages: MessageExt[];
}

export class MQClientAPI {
  readonly invoker: RemoteInvoker;
  /** Administrative calls (mqadmin's), on the same connections. */
  readonly admin: AdminCalls;

  constructor(invoker: RemoteInvoker) {
    this.invoker = invoker;
    this.admin = new AdminCalls(invoker);
  }

  // ---- name server ----

  /** GET_ROUTEINFO_BY_TOPIC. A missing topic is MQBrokerError TOPIC_NOT_EXIST (17). */
  async getTopicRouteInfoFromNameServer(topic: string, timeoutMs: number): Promise<TopicRouteData> {
    const req = this.invoker.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, GetRouteInfoRequestHeader.encode({ topic }));
    const { response, addr } = await this.invoker.invokeNamesrv(req, timeoutMs);
    if (response.code === ResponseCode.SUCCESS && response.body) return decodeTopicRouteData(response.body);
    throw new MQBrokerError(response.code, response.remark, addr);
  }

  /** GET_BROKER_CLUSTER_INFO. */
  async getBrokerClusterInfo(timeoutMs: number): Promise<ClusterInfo> {
    const res = await this.invoker.invokeNamesrvOk(this.invoker.request(RequestCode.GET_BROKER_CLUSTER_INFO), timeoutMs);
    return decodeClusterInfo(res.body ?? Buffer.from('{}'));
  }

  /** GET_ALL_TOPIC_LIST_FROM_NAMESERVER. */
  async getTopicListFromNameServer(timeoutMs: number): Promise<TopicList> {
    const res = await this.invoker.invokeNamesrvOk(this.invoker.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER), timeoutMs);
    return decodeTopicList(res.body ?? Buffer.from('{}'));
  }

  // ---- send ----

  /** The SEND_MESSAGE_V2 request for a header and body: SEND_BATCH_MESSAGE for a batch, SEND_REPLY_MESSAGE_V2 for a reply. */
  sendRequest(header: SendMessageRequest, body: Uint8Array): RemotingCommand {
    const code = header.batch
      ? RequestCode.SEND_BATCH_MESSAGE
      : getProperty(header.properties, MessageConst.PROPERTY_MESSAGE_TYPE) === MixAll.REPLY_MESSAGE_FLAG
      ? RequestCode.SEND_REPLY_MESSAGE_V2
      : RequestCode.SEND_MESSAGE_V2;
    return this.invoker.request(code, encodeSendMessageRequestHeaderV2(header), body);
  }

  /** A send that waits for the broker: the SendResult, or MQBrokerError. `uniqMsgId` goes into the result. */
  sendMessage(
    addr: string,
    brokerName: string,
    request: RemotingCommand,
    topic: string,
    uniqMsgId: string,
    timeoutMs: number,
  ): Promise<SendResult> {
    return this.invoker.invoke(addr, request, timeoutMs).then((response) =>
      processSendResponse(response, topic, brokerName, uniqMsgId, addr)
    );
  }

  /** A send nobody waits for. */
  sendMessageOneway(addr: string, request: RemotingCommand): Promise<void> {
    return this.invoker.invokeOneway(addr, request);
  }

  // ---- pull ----

  pullRequest(header: PullMessageRequest): RemotingCommand {
    return this.invoker.request(RequestCode.PULL_MESSAGE, PullMessageRequestHeader.encode(header));
  }

  /** PULL_MESSAGE: status, offsets and the undecoded body. */
  async pullMessage(addr: string, header: PullMessageRequest, timeoutMs: number): Promise<RawPullResult> {
    const response = await this.invoker.invoke(addr, this.pullRequest(header), timeoutMs);
    return processPullResponse(response, addr);
  }

  // ---- client registration ----

  /** HEART_BEAT; returns the broker's remoting version. */
  async sendHeartbeat(addr: string, heartbeat: HeartbeatData, timeoutMs: number): Promise<number> {
    const res = await this.invoker.invokeOk(
      addr,
      this.invoker.request(RequestCode.HEART_BEAT, null, encodeHeartbeatData(heartbeat)),
      timeoutMs,
    );
    return res.version;
  }

  /** UNREGISTER_CLIENT. */
  async unregisterClient(
    addr: string,
    clientID: string,
    producerGroup: string | undefined,
    consumerGroup: string | undefined,
    timeoutMs: number,
  ): Promise<void> {
    const header: Parameters<typeof UnregisterClientRequestHeader.encode>[0] = { clientID };
    if (producerGroup !== undefined) header.producerGroup = producerGroup;
    if (consumerGroup !== undefined) header.consumerGroup = consumerGroup;
    await this.invoker.invokeOk(
      addr,
      this.invoker.request(RequestCode.UNREGISTER_CLIENT, UnregisterClientRequestHeader.encode(header)),
      timeoutMs,
    );
  }

  /** CHECK_CLIENT_CONFIG: whether the broker accepts a (non-tag) subscription. */
  async checkClientInBroker(
    addr: string,
    group: string,
    clientId: string,
    subscriptionData: SubscriptionData,
    timeoutMs: number,
  ): Promise<void> {
    const body = encodeCheckClientRequestBody({ clientId, group, subscriptionData });
    await this.invoker.invokeOk(addr, this.invoker.request(RequestCode.CHECK_CLIENT_CONFIG, null, body), timeoutMs);
  }

  /** GET_CONSUMER_LIST_BY_GROUP: the client ids of a group's live consumers. */
  async getConsumerIdListByGroup(addr: string, consumerGroup: string, timeoutMs: number): Promise<string[]> {
    const req = this.invoker.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP, GetConsumerListByGroupRequestHeader.encode({ consumerGroup }));
    const res = await this.invoker.invokeOk(this.invoker.vip(addr), req, timeoutMs);
    if (!res.body) throw new MQBrokerError(res.code, res.remark, addr);
    return decodeConsumerIdList(res.body);
  }

  // ---- offsets ----

  /** QUERY_CONSUMER_OFFSET. A group that never committed on the queue is MQBrokerError QUERY_NOT_FOUND (22). */
  async queryConsumerOffset(addr: string, header: QueryConsumerOffsetRequest, timeoutMs: number): Promise<number> {
    const req = this.invoker.request(RequestCode.QUERY_CONSUMER_OFFSET, QueryConsumerOffsetRequestHeader.encode(header));
    const res = await this.invoker.invokeOk(this.invoker.vip(addr), req, timeoutMs);
    return QueryConsumerOffsetResponseHeader.decode(res.extFields).offset;
  }

  /** UPDATE_CONSUMER_OFFSET, waiting for the answer. */
  async updateConsumerOffset(addr: string, header: UpdateConsumerOffsetRequest, timeoutMs: number): Promise<void> {
    const req = this.invoker.request(RequestCode.UPDATE_CONSUMER_OFFSET, UpdateConsumerOffsetRequestHeader.encode(header));
    await this.invoker.invokeOk(this.invoker.vip(addr), req, timeoutMs);
  }

  /** UPDATE_CONSUMER_OFFSET, oneway (what push consumers send). */
  updateConsumerOffsetOneway(addr: string, header: UpdateConsumerOffsetRequest): Promise<void> {
    const req = this.invoker.request(RequestCode.UPDATE_CONSUMER_OFFSET, UpdateConsumerOffsetRequestHeader.encode(header));
    return this.invoker.invokeOneway(this.invoker.vip(addr), req);
  }

  /** GET_MAX_OFFSET: the offset the next message of the queue will get. */
  async getMaxOffset(addr: string, mq: MessageQueue, timeoutMs: number): Promise<number> {
    const req = this.invoker.request(
      RequestCode.GET_MAX_OFFSET,
      GetMaxOffsetRequestHeader.encode({ topic: mq.topic, queueId: mq.queueId, bname: mq.brokerName }),
    );
    return GetMaxOffsetResponseHeader.decode((await this.invoker.invokeOk(this.invoker.vip(addr), req, timeoutMs)).extFields).offset;
  }

  /** GET_MIN_OFFSET: the oldest offset still stored. */
  async getMinOffset(addr: string, mq: MessageQueue, timeoutMs: number): Promise<number> {
    const req = this.invoker.request(
      RequestCode.GET_MIN_OFFSET,
      GetMinOffsetRequestHeader.encode({ topic: mq.topic, queueId: mq.queueId, bname: mq.brokerName }),
    );
    return GetMinOffsetResponseHeader.decode((await this.invoker.invokeOk(this.invoker.vip(addr), req, timeoutMs)).extFields).offset;
  }

  /** SEARCH_OFFSET_BY_TIMESTAMP. */
  async searchOffset(addr: string, mq: MessageQueue, timestamp: number, timeoutMs: number): Promise<number> {
    const header = { topic: mq.topic, queueId: mq.queueId, timestamp, bname: mq.brokerName };
    const req = this.invoker.request(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, SearchOffsetRequestHeader.encode(header));
    return SearchOffsetResponseHeader.decode((await this.invoker.invokeOk(this.invoker.vip(addr), req, timeoutMs)).extFields).offset;
  }

  /** GET_EARLIEST_MSG_STORETIME. */
  async getEarliestMsgStoretime(addr: string, mq: MessageQueue, timeoutMs: number): Promise<number> {
    const header = { topic: mq.topic, queueId: mq.queueId, bname: mq.brokerName };
    const req = this.invoker.request(RequestCode.GET_EARLIEST_MSG_STORETIME, GetEarliestMsgStoretimeRequestHeader.encode(header));
    return GetEarliestMsgStoretimeResponseHeader.decode((await this.invoker.invokeOk(this.invoker.vip(addr), req, timeoutMs)).extFields)
      .timestamp;
  }

  // ---- consuming ----

  /** CONSUMER_SEND_MSG_BACK: return a message for redelivery through the group's retry topic. */
  async consumerSendMessageBack(
    addr: string,
    brokerName: string,
    msg: MessageExt,
    consumerGroup: string,
    delayLevel: number,
    timeoutMs: number,
    maxReconsumeTimes: number,
  ): Promise<void> {
    const header = ConsumerSendMsgBackRequestHeader.encode({
      offset: msg.commitLogOffset,
      group: consumerGroup,
      delayLevel,
      originMsgId: msg.msgId,
      originTopic: msg.topic,
      unitMode: false,
      maxReconsumeTimes,
      bname: brokerName,
    });
    await this.invoker.invokeOk(this.invoker.vip(addr), this.invoker.request(RequestCode.CONSUMER_SEND_MSG_BACK, header), timeoutMs);
  }

  /** LOCK_BATCH_MQ: the queues this client now holds the lock of. */
  async lockBatchMQ(addr: string, body: LockBatchRequestBody, timeoutMs: number): Promise<MessageQueue[]> {
    const res = await this.invoker.invokeOk(
      this.invoker.vip(addr),
      this.invoker.request(RequestCode.LOCK_BATCH_MQ, null, encodeLockBatchRequestBody(body)),
      timeoutMs,
    );
    return res.body ? decodeLockBatchResponseBody(res.body) : [];
  }

  /** UNLOCK_BATCH_MQ, oneway or waiting. */
  async unlockBatchMQ(addr: string, body: LockBatchRequestBody, timeoutMs: number, oneway: boolean): Promise<void> {
    const req = this.invoker.request(RequestCode.UNLOCK_BATCH_MQ, null, encodeUnlockBatchRequestBody(body));
    if (oneway) await this.invoker.invokeOneway(this.invoker.vip(addr), req);
    else await this.invoker.invokeOk(this.invoker.vip(addr), req, timeoutMs);
  }

  // ---- messages ----

  /** VIEW_MESSAGE_BY_ID: the stored message at a commit-log offset. */
  async viewMessage(addr: string, phyOffset: number, timeoutMs: number): Promise<MessageExt> {
    const req = this.invoker.request(RequestCode.VIEW_MESSAGE_BY_ID, ViewMessageRequestHeader.encode({ offset: phyOffset }));
    const res = await this.invoker.invokeOk(this.invoker.vip(addr), req, timeoutMs);
    const m = res.body ? decodeMessageExt(Buffer.from(res.body)) : undefined;
    if (!m) throw new MQBrokerError(ResponseCode.SYSTEM_ERROR, 'VIEW_MESSAGE_BY_ID answered without a message', addr);
    return m;
  }

  /** QUERY_MESSAGE by key (or, with uniqueKeyQuery, by unique key). No match is an empty list. */
  async queryMessage(addr: string, header: QueryMessageRequest, timeoutMs: number): Promise<QueryMessageResult> {
    const req = this.invoker.request(
      RequestCode.QUERY_MESSAGE,
      QueryMessageRequestHeader.encode({ ...header, uniqueKeyQuery: header.uniqueKeyQuery ?? false }),
    );
    const res = await this.invoker.invokeOk(this.invoker.vip(addr), req, timeoutMs, [ResponseCode.QUERY_NOT_FOUND]);
    if (res.code === ResponseCode.QUERY_NOT_FOUND) return { indexLastUpdateTimestamp: 0, indexLastUpdatePhyoffset: 0, messages: [] };
    const h = QueryMessageResponseHeader.decode(res.extFields);
    return { ...h, messages: res.body ? decodeMessageExts(Buffer.from(res.body)) : [] };
  }

  // ---- topics and groups ----

  /** UPDATE_AND_CREATE_TOPIC on one broker. */
  async createTopic(addr: string, defaultTopic: string, topicConfig: TopicConfig, timeoutMs: number): Promise<void> {
    const header = CreateTopicRequestHeader.encode({
      topic: topicConfig.topicName,
      defaultTopic,
      readQueueNums: topicConfig.readQueueNums,
      writeQueueNums: topicConfig.writeQueueNums,
      perm: topicConfig.perm,
      topicFilterType: topicConfig.topicFilterType,
      topicSysFlag: topicConfig.topicSysFlag,
      order: topicConfig.order,
    });
    await this.invoker.invokeOk(addr, this.invoker.request(RequestCode.UPDATE_AND_CREATE_TOPIC, header), timeoutMs);
  }

  /** UPDATE_AND_CREATE_SUBSCRIPTIONGROUP on one broker. */
  async createSubscriptionGroup(addr: string, config: SubscriptionGroupConfig, timeoutMs: number): Promise<void> {
    const req = this.invoker.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, null, encodeSubscriptionGroupConfig(config));
    await this.invoker.invokeOk(addr, req, timeoutMs);
  }

  // ---- transactions ----

  /** END_TRANSACTION, oneway: commit or roll back a half message. */
  endTransactionOneway(addr: string, header: EndTransactionRequest, remark: string | undefined): Promise<void> {
    const req = this.invoker.request(RequestCode.END_TRANSACTION, EndTransactionRequestHeader.encode(header));
    if (remark !== undefined) req.remark = remark;
    return this.invoker.invokeOneway(addr, req);
  }
}
