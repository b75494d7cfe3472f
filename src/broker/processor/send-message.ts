// SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320): Java's
// SendMessageProcessor.asyncSendMessage / asyncSendBatchMessage. The header is decoded once, the
// topic checked and auto-created through TBW102, retry topics routed to the DLQ past their limit,
// the properties given CLUSTER (and WAIT dropped, as Java saves those bytes), then the store's
// verdict mapped to the response code Java answers.

import { decodeBatch } from '../../common/message/batch-codec.js';
import { MessageConst, SystemTopic } from '../../common/message/message-const.js';
import {
  getProperty,
  NAME_VALUE_SEPARATOR as NV,
  PROPERTY_SEPARATOR as SEP,
  putProperty,
  removeProperty,
} from '../../common/message/properties.js';
import { MessageSysFlag, transactionType } from '../../common/message/sysflag.js';
import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { decodeSendMessageRequestHeader, type SendMessageRequest } from '../../remoting/protocol/send.js';
import { PermName, type TopicConfig } from '../../remoting/protocol/topic-config.js';
import { type PutMessageInput, type PutMessageResult, PutMessageStatus } from '../../store/index.js';
import type { BrokerContext } from '../broker-context.js';
import { MessageType, type TopicPutStats } from '../stats/broker-stats-manager.js';
import {
  DLQ_NUMS_PER_GROUP,
  effectiveMaxReconsumeTimes,
  groupOfRetryTopic,
  randomQueueSeed,
  retrySendTarget,
} from '../retry/retry-policy.js';
import { bornHostOf, suggestTodo, timeMillisToHumanString2 } from './common.js';
import { msgCheck } from './send-check.js';
import { putStatusVerdict, type PutVerdict } from './put-status.js';
import { halfMessage } from './transaction-half.js';

const SEP_CODE = SEP.charCodeAt(0);
const WAIT_NAME = MessageConst.PROPERTY_WAIT_STORE_MSG_OK;
const SENT: PutVerdict = { code: ResponseCode.SUCCESS, remark: null, sendOK: true };
/** RocketMQ 5's property of FIFO messages, which its message_type metric label reads. */
const SHARDING_KEY = '__SHARDINGKEY';

/** The message_type label RocketMQ 5 gives a send (BrokerMetricsManager.getMessageType). */
function messageType(props: string | undefined, prepared: boolean, delay: number): number {
  if (prepared) return MessageType.TRANSACTION;
  if (getProperty(props, SHARDING_KEY) !== undefined) return MessageType.FIFO;
  return delay > 0 ? MessageType.DELAY : MessageType.NORMAL;
}

/** The properties without WAIT: one well-formed entry is spliced out, anything else goes the slow way. */
function dropWait(s: string): string {
  const entry = WAIT_NAME + NV;
  const at = s.indexOf(entry);
  if (at < 0) return s;
  if ((at !== 0 && s.charCodeAt(at - 1) !== SEP_CODE) || s.indexOf(entry, at + 1) >= 0) return removeProperty(s, WAIT_NAME);
  const end = s.indexOf(SEP, at);
  if (end >= 0) return s.slice(0, at) + s.slice(end + 1);
  return at === 0 ? '' : s.slice(0, at - 1);
}

/** The properties as stored: without WAIT (Java saves those bytes) and with CLUSTER. */
export function storedProperties(props: string, cluster: string): string {
  const s = dropWait(props);
  if (s.indexOf(MessageConst.PROPERTY_CLUSTER + NV) >= 0) return putProperty(s, MessageConst.PROPERTY_CLUSTER, cluster);
  return s.length === 0 ? MessageConst.PROPERTY_CLUSTER + NV + cluster : s + SEP + MessageConst.PROPERTY_CLUSTER + NV + cluster;
}

/** Message.isWaitStoreMsgOK: true unless WAIT says otherwise (Boolean.parseBoolean). */
export function waitStoreMsgOK(props: string | undefined): boolean {
  const w = getProperty(props, WAIT_NAME);
  return w === undefined || w.toLowerCase() === 'true';
}

/** Message.getDelayTimeLevel: the DELAY property as an int, 0 when absent. */
export function delayTimeLevel(props: string | undefined): number {
  const d = getProperty(props, MessageConst.PROPERTY_DELAY_TIME_LEVEL);
  if (d === undefined) return 0;
  const n = Number.parseInt(d, 10);
  return Number.isNaN(n) ? 0 : n;
}

export class SendMessageProcessor {
  constructor(private readonly b: BrokerContext) {}

  readonly handle = (req: RemotingCommand, conn: Connection): RemotingCommand | Promise<RemotingCommand> => {
    const h = decodeSendMessageRequestHeader(req);
    const bc = this.b.brokerConfig;
    const ext: Record<string, string> = { MSG_REGION: bc.regionId, TRACE_ON: bc.traceOn ? 'true' : 'false' };
    if (bc.startAcceptSendRequestTimeStamp > 0 && this.b.now() < bc.startAcceptSendRequestTimeStamp) {
      return createResponse(
        req,
        ResponseCode.SYSTEM_ERROR,
        `broker unable to service, until ${timeMillisToHumanString2(bc.startAcceptSendRequestTimeStamp)}`,
        ext,
      );
    }
    const checked = msgCheck(this.b, h, conn.remoteAddress);
    if ('code' in checked) return createResponse(req, checked.code, checked.remark, ext);
    const tc = checked.tc;
    const queueId = h.queueId < 0 ? randomQueueSeed() % tc.writeQueueNums : h.queueId;
    if (h.batch) return this.sendBatch(req, conn, h, tc, queueId, ext);
    return this.sendOne(req, conn, h, tc, queueId, ext);
  };

  private sendOne(
    req: RemotingCommand,
    conn: Connection,
    h: SendMessageRequest,
    tc: TopicConfig,
    queueId: number,
    ext: Record<string, string>,
  ): RemotingCommand | Promise<RemotingCommand> {
    const b = this.b;
    const reconsumeTimes = h.reconsumeTimes ?? 0;
    // The response names the queue asked for, even when the message went to the DLQ (as Java's does).
    const answeredQueueId = queueId;
    let topic = h.topic;
    let delay = delayTimeLevel(h.properties);
    const group = groupOfRetryTopic(topic);
    if (group !== undefined) {
      const sgc = b.subscriptionGroupManager.findSubscriptionGroupConfig(group);
      if (!sgc) {
        return createResponse(
          req,
          ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
          `subscription group not exist, ${group} ${suggestTodo()}`,
          ext,
        );
      }
      const max = effectiveMaxReconsumeTimes(sgc.retryMaxTimes, h.maxReconsumeTimes, req.version);
      const dlq = retrySendTarget(group, reconsumeTimes, max, randomQueueSeed());
      if (dlq) {
        b.stats.incSendToDlq(h.producerGroup, h.topic);
        b.topicConfigManager.createTopicInSendMessageBackMethod(dlq.topic, DLQ_NUMS_PER_GROUP, PermName.PERM_WRITE | PermName.PERM_READ, 0);
        topic = dlq.topic;
        queueId = dlq.queueId;
        delay = 0;
      }
    }
    let sysFlag = h.sysFlag;
    if (tc.topicFilterType === 'MULTI_TAG') sysFlag |= MessageSysFlag.MULTI_TAGS_FLAG;
    const body = req.body
      ? (Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength))
      : Buffer.alloc(0);
    let input: PutMessageInput = {
      topic,
      queueId,
      flag: h.flag,
      body,
      propertiesString: storedProperties(h.properties ?? '', b.brokerConfig.brokerClusterName),
      sysFlag,
      bornTimestamp: h.bornTimestamp,
      bornHost: bornHostOf(conn),
      reconsumeTimes,
      delayTimeLevel: delay,
      waitStoreMsgOK: waitStoreMsgOK(h.properties),
    };
    const tran = getProperty(h.properties, MessageConst.PROPERTY_TRANSACTION_PREPARED);
    const prepared = tran !== undefined && tran.toLowerCase() === 'true';
    if (prepared) {
      if (b.brokerConfig.rejectTransactionMessage) {
        return createResponse(
          req,
          ResponseCode.NO_PERMISSION,
          `the broker[${b.brokerConfig.brokerIP1}] sending transaction message is forbidden`,
          ext,
        );
      }
      input = halfMessage(input);
    }
    // Java counts a put under the topic the store keeps it in: SCHEDULE_TOPIC_XXXX for a delayed one.
    const level = input.delayTimeLevel ?? 0;
    const stats = b.stats.topicPut(level > 0 ? SystemTopic.SCHEDULE : input.topic);
    const type = messageType(h.properties, prepared, delay);
    // One promise per request: the store's, answered straight from its settlement.
    return b.store.putMessage(input).then((r) => this.respond(req, r, answeredQueueId, ext, stats, type, level));
  }

  private async sendBatch(
    req: RemotingCommand,
    conn: Connection,
    h: SendMessageRequest,
    tc: TopicConfig,
    queueId: number,
    ext: Record<string, string>,
  ): Promise<RemotingCommand> {
    const b = this.b;
    if (h.topic.length > 127) {
      return createResponse(req, ResponseCode.MESSAGE_ILLEGAL, `message topic length too long ${h.topic.length}`, ext);
    }
    let entries;
    try {
      entries = decodeBatch(req.body ? Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength) : Buffer.alloc(0));
    } catch (err) {
      return createResponse(req, ResponseCode.MESSAGE_ILLEGAL, `the batch body cannot be decoded: ${(err as Error).message}`, ext);
    }
    let sysFlag = h.sysFlag;
    if (tc.topicFilterType === 'MULTI_TAG') sysFlag |= MessageSysFlag.MULTI_TAGS_FLAG;
    if (transactionType(sysFlag) !== MessageSysFlag.TRANSACTION_NOT_TYPE || delayTimeLevel(h.properties) > 0 || entries.length === 0) {
      return this.respond(req, await b.store.putMessages([]), queueId, ext, null, 0, 0);
    }
    // Each stored message is its own properties followed by the batch's (with CLUSTER), as Java's batch encoder writes them.
    const batchProps = putProperty(h.properties ?? '', MessageConst.PROPERTY_CLUSTER, b.brokerConfig.brokerClusterName);
    const bornHost = bornHostOf(conn);
    const wait = waitStoreMsgOK(h.properties);
    const msgs: PutMessageInput[] = entries.map((e) => ({
      topic: h.topic,
      queueId,
      flag: e.flag,
      body: e.body,
      propertiesString: e.propertiesString.length === 0
        ? batchProps
        : e.propertiesString.endsWith(SEP)
        ? e.propertiesString + batchProps
        : e.propertiesString + SEP + batchProps,
      sysFlag,
      bornTimestamp: h.bornTimestamp,
      bornHost,
      reconsumeTimes: h.reconsumeTimes ?? 0,
      waitStoreMsgOK: wait,
    }));
    const stats = b.stats.topicPut(h.topic);
    const type = messageType(h.properties, false, 0);
    return b.store.putMessages(msgs).then((r) => this.respond(req, r, queueId, ext, stats, type, 0));
  }

  /** The response to a put; synchronous when it went well, as nearly all do. */
  private respond(
    req: RemotingCommand,
    r: PutMessageResult,
    queueId: number,
    ext: Record<string, string>,
    stats: TopicPutStats | null,
    type: number,
    level: number,
  ): RemotingCommand | Promise<RemotingCommand> {
    if (r.status === PutMessageStatus.PUT_OK) {
      if (stats) this.count(r, stats, type, level);
      return this.verdictResponse(req, r, queueId, ext, SENT);
    }
    return putStatusVerdict(r.status, this.b).then((v) => {
      if (v.sendOK && stats) this.count(r, stats, type, level);
      return this.verdictResponse(req, r, queueId, ext, v);
    });
  }

  private verdictResponse(
    req: RemotingCommand,
    r: PutMessageResult,
    queueId: number,
    ext: Record<string, string>,
    v: PutVerdict,
  ): RemotingCommand {
    if (v.sendOK) {
      ext.msgId = r.msgId;
      ext.queueId = String(queueId);
      ext.queueOffset = String(r.queueOffset);
    }
    return createResponse(req, v.code, v.remark, ext);
  }

  /** Java's statistics of a stored send; a delayed one also counts a put of its SCHEDULE_TOPIC_XXXX queue. */
  private count(r: PutMessageResult, stats: TopicPutStats, type: number, level: number): void {
    stats.put(r.msgNum, r.wroteBytes, type);
    if (level > 0) {
      const queueId = Math.min(level, this.b.schedule?.maxDelayLevel ?? level) - 1;
      this.b.stats.incQueuePutNums(SystemTopic.SCHEDULE, queueId, r.msgNum, 1);
      this.b.stats.incQueuePutSize(SystemTopic.SCHEDULE, queueId, r.wroteBytes);
    }
  }
}
