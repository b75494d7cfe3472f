// PULL_MESSAGE (11): Java's PullMessageProcessor. Checks the broker, group, topic and queue, takes
// the subscription from the request or from the group's heartbeat, reads from the store with its
// filter (tags, or a SQL92 expression: filter/sql-subscription.ts), and maps the store's status to
// SUCCESS / PULL_NOT_FOUND / PULL_RETRY_IMMEDIATELY / PULL_OFFSET_MOVED with nextBeginOffset,
// minOffset, maxOffset and suggestWhichBrokerId. A pull that finds nothing and may wait is held
// (long polling) and answered later, in the serialize type of its request. The body is the stored
// records back to back, sent as they were read.

import { getLogger } from '../../common/logger.js';
import { SystemTopic } from '../../common/message/message-const.js';
import { encodeProperties } from '../../common/message/properties.js';
import { MessageConst } from '../../common/message/message-const.js';
import { encodeSocketAddress, parseSocketAddress } from '../../common/message/socket-address.js';
import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import { ServerResponseError } from '../../remoting/errors.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { encodeBody } from '../../remoting/protocol/bean.js';
import { messageQueueToJson } from '../../remoting/protocol/message-queue.js';
import {
  hasCommitOffsetFlag,
  hasSubscriptionFlag,
  hasSuspendFlag,
  type PullMessageRequest,
  PullMessageRequestHeader,
} from '../../remoting/protocol/pull.js';
import { isReadable } from '../../remoting/protocol/topic-config.js';
import { type GetMessageResult, GetMessageStatus, type MessageFilter } from '../../store/index.js';
import type { BrokerContext } from '../broker-context.js';
import { type FilterRefusal as Refusal, isFilterRefusal, pullMessageFilter } from '../filter/sql-subscription.js';
import type { SubscriptionGroupConfig } from '../../remoting/protocol/subscription-group.js';
import { suggestTodo } from './common.js';

const log = getLogger('broker');

export class PullMessageProcessor {
  constructor(private readonly b: BrokerContext) {}

  readonly handle = (req: RemotingCommand, conn: Connection): Promise<RemotingCommand | null> => this.process(req, conn, true);

  private refuse(req: RemotingCommand, r: Refusal): RemotingCommand {
    return createResponse(req, r.code, r.remark);
  }

  /** The checks before the store is asked; the subscription's filter, or why the pull is refused. */
  private check(h: PullMessageRequest, conn: Connection): { sgc: SubscriptionGroupConfig; filter: MessageFilter | null } | Refusal {
    const b = this.b;
    if (!isReadable(b.brokerConfig.brokerPermission)) {
      return { code: ResponseCode.NO_PERMISSION, remark: `the broker[${b.brokerConfig.brokerIP1}] pulling message is forbidden` };
    }
    const sgc = b.subscriptionGroupManager.findSubscriptionGroupConfig(h.consumerGroup);
    if (!sgc) {
      return {
        code: ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
        remark: `subscription group [${h.consumerGroup}] does not exist, ${suggestTodo()}`,
      };
    }
    if (!sgc.consumeEnable) return { code: ResponseCode.NO_PERMISSION, remark: `subscription group no permission, ${h.consumerGroup}` };
    const tc = b.topicConfigManager.selectTopicConfig(h.topic);
    if (!tc) {
      log.error('the topic does not exist', { topic: h.topic, consumer: conn.remoteAddress });
      return { code: ResponseCode.TOPIC_NOT_EXIST, remark: `topic[${h.topic}] not exist, apply first please! ${suggestTodo()}` };
    }
    if (!isReadable(tc.perm)) return { code: ResponseCode.NO_PERMISSION, remark: `the topic[${h.topic}] pulling message is forbidden` };
    if (h.queueId < 0 || h.queueId >= tc.readQueueNums) {
      return {
        code: ResponseCode.SYSTEM_ERROR,
        remark:
          `queueId[${h.queueId}] is illegal, topic:[${h.topic}] topicConfig.readQueueNums:[${tc.readQueueNums}] consumer:[${conn.remoteAddress}]`,
      };
    }
    let expressionType: string;
    let tagFilter: MessageFilter | null;
    if (hasSubscriptionFlag(h.sysFlag)) {
      try {
        const c = b.subscriptions.fromRequest(h.topic, h.subscription, h.expressionType);
        expressionType = c.subscription.expressionType;
        tagFilter = c.filter;
      } catch {
        log.warn('cannot parse the consumer subscription', { group: h.consumerGroup, subscription: h.subscription });
        return { code: ResponseCode.SUBSCRIPTION_PARSE_FAILED, remark: "parse the consumer's subscription failed" };
      }
    } else {
      const cgi = b.consumerManager.getConsumerGroupInfo(h.consumerGroup);
      if (!cgi) return { code: ResponseCode.SUBSCRIPTION_NOT_EXIST, remark: `the consumer's group info not exist${suggestTodo()}` };
      if (!sgc.consumeBroadcastEnable && cgi.messageModel === 'BROADCASTING') {
        return { code: ResponseCode.NO_PERMISSION, remark: `the consumer group[${h.consumerGroup}] can not consume by broadcast way` };
      }
      const sd = cgi.subscriptionTable.get(h.topic);
      if (!sd) return { code: ResponseCode.SUBSCRIPTION_NOT_EXIST, remark: `the consumer's subscription not exist${suggestTodo()}` };
      if (sd.subVersion < h.subVersion) {
        return { code: ResponseCode.SUBSCRIPTION_NOT_LATEST, remark: "the consumer's subscription not latest" };
      }
      expressionType = sd.expressionType;
      tagFilter = b.subscriptions.forSubscription(sd);
    }
    const filter = pullMessageFilter({
      topic: h.topic,
      consumerGroup: h.consumerGroup,
      expressionType,
      subVersion: h.subVersion,
      ...(hasSubscriptionFlag(h.sysFlag) ? { requestExpression: h.subscription ?? '' } : {}),
      tagFilter,
      manager: b.consumerFilterManager,
      enablePropertyFilter: b.brokerConfig.enablePropertyFilter,
      filterSupportRetry: b.brokerConfig.filterSupportRetry,
      now: b.now(),
    });
    if (isFilterRefusal(filter)) return filter;
    return { sgc, filter };
  }

  private async process(req: RemotingCommand, conn: Connection, allowSuspend: boolean): Promise<RemotingCommand | null> {
    const b = this.b;
    const startedAt = b.now();
    const h = PullMessageRequestHeader.decode(req.extFields);
    const checked = this.check(h, conn);
    if ('code' in checked) return this.refuse(req, checked);
    const { sgc, filter } = checked;
    const r = await b.store.getMessage(h.consumerGroup, h.topic, h.queueId, h.queueOffset, h.maxMsgNums, undefined, filter);
    let res: RemotingCommand | Promise<RemotingCommand | null>;
    if (!r) {
      res = createResponse(req, ResponseCode.SYSTEM_ERROR, 'store getMessage return null');
    } else {
      res = this.answer(req, conn, h, r, sgc, filter, allowSuspend, startedAt);
    }
    if (allowSuspend && hasCommitOffsetFlag(h.sysFlag) && !b.isSlave) {
      b.consumerOffsetManager.commitOffset(conn.remoteAddress, h.consumerGroup, h.topic, h.queueId, h.commitOffset);
    }
    return res;
  }

  private answer(
    req: RemotingCommand,
    conn: Connection,
    h: PullMessageRequest,
    r: GetMessageResult,
    sgc: SubscriptionGroupConfig,
    filter: MessageFilter | null,
    allowSuspend: boolean,
    startedAt: number,
  ): RemotingCommand | Promise<RemotingCommand | null> {
    const b = this.b;
    let suggest = 0;
    if (b.brokerConfig.slaveReadEnable) suggest = r.suggestPullingFromSlave ? sgc.whichBrokerWhenConsumeSlowly : sgc.brokerId;
    let code: number;
    switch (r.status) {
      case GetMessageStatus.FOUND:
        code = ResponseCode.SUCCESS;
        break;
      case GetMessageStatus.MESSAGE_WAS_REMOVING:
      case GetMessageStatus.NO_MATCHED_MESSAGE:
        code = ResponseCode.PULL_RETRY_IMMEDIATELY;
        break;
      case GetMessageStatus.NO_MATCHED_LOGIC_QUEUE:
      case GetMessageStatus.NO_MESSAGE_IN_QUEUE:
        code = h.queueOffset !== 0 ? ResponseCode.PULL_OFFSET_MOVED : ResponseCode.PULL_NOT_FOUND;
        break;
      case GetMessageStatus.OFFSET_OVERFLOW_BADLY:
      case GetMessageStatus.OFFSET_TOO_SMALL:
        code = ResponseCode.PULL_OFFSET_MOVED;
        break;
      default:
        code = ResponseCode.PULL_NOT_FOUND;
    }
    if (code === ResponseCode.PULL_NOT_FOUND && allowSuspend && hasSuspendFlag(h.sysFlag)) {
      const timeoutMs = b.brokerConfig.longPollingEnable ? h.suspendTimeoutMillis : b.brokerConfig.shortPollingTimeMills;
      // Marked on the request the server observes (its latency counts as long polling).
      req.suspended = true;
      // A held pull keeps only its header (a body or extra fields could pin up to a frame for the
      // whole hold), and stops counting against the connection's requests in progress.
      conn.park(req);
      req = { ...req, body: null, bodyParts: null, extFields: PullMessageRequestHeader.encode(h) };
      return new Promise((resolve) => {
        b.pullHold.suspendPullRequest(h.topic, h.queueId, {
          offset: h.queueOffset,
          filter,
          suspendedAt: b.now(),
          timeoutMs,
          alive: () => conn.isOpen,
          wake: () =>
            queueMicrotask(() => {
              this.process(req, conn, false).then(resolve, (err: unknown) => {
                const e = err instanceof ServerResponseError ? err : null;
                resolve(createResponse(req, e ? e.responseCode : ResponseCode.SYSTEM_ERROR, e ? e.message : String(err)));
              });
            }),
        });
      });
    }
    if (code === ResponseCode.PULL_OFFSET_MOVED) {
      if (!b.isSlave || b.messageStoreConfig.offsetCheckInSlave) {
        void this.offsetMovedEvent(h, r.nextBeginOffset);
        log.warn('PULL_OFFSET_MOVED: correction offset', {
          topic: h.topic,
          group: h.consumerGroup,
          requestOffset: h.queueOffset,
          newOffset: r.nextBeginOffset,
        });
      } else {
        suggest = sgc.brokerId;
        code = ResponseCode.PULL_RETRY_IMMEDIATELY;
      }
    }
    const res = createResponse(req, code, r.status, {
      suggestWhichBrokerId: String(suggest),
      nextBeginOffset: String(r.nextBeginOffset),
      minOffset: String(r.minOffset),
      maxOffset: String(r.maxOffset),
    });
    if (code === ResponseCode.SUCCESS) {
      const g = b.stats.groupGet(h.topic, h.consumerGroup);
      g.got(r.messageCount, r.bufferTotalSize);
      g.pullOffsets[h.queueId] = r.nextBeginOffset;
      // Java times the pull only when it copies the messages through the heap (its default).
      if (b.brokerConfig.transferMsgByHeap) g.latency(h.queueId, b.now() - startedAt);
      res.bodyParts = r.messageBuffers;
    }
    return res;
  }

  /** Records an OffsetMovedEvent in OFFSET_MOVED_EVENT (tag and key: the group), as Java does. */
  private async offsetMovedEvent(h: PullMessageRequest, offsetNew: number): Promise<void> {
    const b = this.b;
    try {
      const mq = { topic: h.topic, brokerName: b.brokerConfig.brokerName, queueId: h.queueId };
      const body = encodeBody({
        consumerGroup: h.consumerGroup,
        messageQueue: messageQueueToJson(mq),
        offsetNew,
        offsetRequest: h.queueOffset,
      });
      const host = parseSocketAddress(b.brokerAddr);
      const hostBytes = encodeSocketAddress(host.host, host.port);
      await b.store.putMessage({
        topic: SystemTopic.OFFSET_MOVED_EVENT,
        queueId: 0,
        flag: 0,
        body,
        propertiesString: encodeProperties({
          [MessageConst.PROPERTY_TAGS]: h.consumerGroup,
          [MessageConst.PROPERTY_KEYS]: h.consumerGroup,
        }),
        sysFlag: 0,
        bornTimestamp: Date.now(),
        bornHost: hostBytes,
        storeHost: hostBytes,
        delayTimeLevel: 0,
      });
    } catch (err) {
      log.warn('cannot record an offset moved event', { err });
    }
  }
}
