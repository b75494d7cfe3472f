// Requests brokers send to clients (Java's ClientRemotingProcessor):
//   NOTIFY_CONSUMER_IDS_CHANGED (oneway)   rebalance now
//   RESET_CONSUMER_CLIENT_OFFSET (oneway)  move a group's offsets (mqadmin resetOffsetByTime)
//   GET_CONSUMER_STATUS_FROM_CLIENT        the offsets this client holds for a topic
//   GET_CONSUMER_RUNNING_INFO              ConsumerRunningInfo (mqadmin consumerStatus)
//   CONSUME_MESSAGE_DIRECTLY               consume one message now and report the result
//   CHECK_TRANSACTION_STATE (oneway)       ask a transactional producer about a half message
//   PUSH_REPLY_MESSAGE_TO_CLIENT           the reply to a request this process sent
// Answers use the serialize type of the request (brokers start these in JSON).

import { getLogger } from '../../common/logger.js';
import { MessageConst } from '../../common/message/message-const.js';
import { createResponse, isOneway, type RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import { RequestCode } from '../../remoting/request-code.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { NotifyConsumerIdsChangedRequestHeader } from '../../remoting/protocol/consumer-ids.js';
import {
  decodeResetOffsetBody,
  encodeGetConsumerStatusBody,
  GetConsumerStatusRequestHeader,
  ResetOffsetRequestHeader,
} from '../../remoting/protocol/reset-offset.js';
import { encodeConsumerRunningInfo, GetConsumerRunningInfoRequestHeader } from '../../remoting/protocol/consumer-running-info.js';
import { ConsumeMessageDirectlyResultRequestHeader, encodeConsumeMessageDirectlyResult } from '../../remoting/protocol/consume-directly.js';
import { CheckTransactionStateRequestHeader } from '../../remoting/protocol/transaction.js';
import { MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import { ReplyMessageRequestHeader } from '../../remoting/protocol/reply.js';
import { decodeMessageExt } from '../message/decode.js';
import { replyFromPush } from '../message/reply.js';
import { processReplyMessage } from '../producer/request-response.js';
import { stripMessageTopics } from '../namespace.js';
import { clientVersionDesc } from '../version.js';
import type { ClientInstance } from './client-instance.js';

const log = getLogger('client');

function reply(conn: Connection, request: RemotingCommand, code: number, remark: string | null, body?: Uint8Array): void {
  if (isOneway(request) || !conn.isOpen) return;
  try {
    conn.write(createResponse(request, code, remark, null, body ?? null));
  } catch (err) {
    log.debug('could not answer a broker request', { peer: conn.remoteAddress, code: request.code, err });
  }
}

export function handleServerRequest(instance: ClientInstance, conn: Connection, request: RemotingCommand): void {
  handle(instance, conn, request).catch((err) => {
    log.warn('broker request failed', { peer: conn.remoteAddress, code: request.code, err });
    reply(conn, request, ResponseCode.SYSTEM_ERROR, (err as Error).message ?? String(err));
  });
}

async function handle(instance: ClientInstance, conn: Connection, request: RemotingCommand): Promise<void> {
  switch (request.code) {
    case RequestCode.NOTIFY_CONSUMER_IDS_CHANGED: {
      const h = NotifyConsumerIdsChangedRequestHeader.decode(request.extFields);
      log.debug('consumer ids changed', { broker: conn.remoteAddress, group: h.consumerGroup });
      void instance.rebalanceImmediately();
      return;
    }
    case RequestCode.RESET_CONSUMER_CLIENT_OFFSET: {
      const h = ResetOffsetRequestHeader.decode(request.extFields);
      const offsets = request.body ? decodeResetOffsetBody(request.body) : new MessageQueueMap<number>();
      const consumer = instance.selectConsumer(h.group);
      if (consumer?.resetOffset) await consumer.resetOffset(h.topic, offsets);
      reply(conn, request, ResponseCode.SUCCESS, null);
      return;
    }
    case RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT: {
      const h = GetConsumerStatusRequestHeader.decode(request.extFields);
      const consumer = instance.selectConsumer(h.group);
      const table = consumer ? consumer.cloneOffsetTable(h.topic) : new MessageQueueMap<number>();
      reply(conn, request, ResponseCode.SUCCESS, null, encodeGetConsumerStatusBody({ messageQueueTable: table, consumerTable: new Map() }));
      return;
    }
    case RequestCode.GET_CONSUMER_RUNNING_INFO: {
      const h = GetConsumerRunningInfoRequestHeader.decode(request.extFields);
      const consumer = instance.selectConsumer(h.consumerGroup);
      if (!consumer) {
        reply(conn, request, ResponseCode.SYSTEM_ERROR, `The Consumer Group <${h.consumerGroup}> not exist in this consumer`);
        return;
      }
      const info = consumer.consumerRunningInfo();
      info.properties.set('PROP_NAMESERVER_ADDR', instance.invoker.nameServerAddressList.map((a) => a + ';').join(''));
      info.properties.set('PROP_CONSUME_TYPE', consumer.consumeType);
      info.properties.set('PROP_CLIENT_VERSION', clientVersionDesc());
      if (h.jstackEnable) info.jstack = new Error('stack of the event loop').stack ?? '';
      reply(conn, request, ResponseCode.SUCCESS, null, encodeConsumerRunningInfo(info));
      return;
    }
    case RequestCode.CONSUME_MESSAGE_DIRECTLY: {
      const h = ConsumeMessageDirectlyResultRequestHeader.decode(request.extFields);
      const consumer = instance.selectConsumer(h.consumerGroup);
      const msg = request.body ? decodeMessageExt(Buffer.from(request.body)) : undefined;
      if (!consumer?.consumeMessageDirectly || !msg) {
        reply(conn, request, ResponseCode.SYSTEM_ERROR, `The Consumer Group <${h.consumerGroup}> not exist in this consumer`);
        return;
      }
      const result = await consumer.consumeMessageDirectly(msg, h.brokerName);
      reply(conn, request, ResponseCode.SUCCESS, null, encodeConsumeMessageDirectlyResult(result));
      return;
    }
    case RequestCode.CHECK_TRANSACTION_STATE: {
      const h = CheckTransactionStateRequestHeader.decode(request.extFields);
      const msg = request.body ? decodeMessageExt(Buffer.from(request.body)) : undefined;
      if (!msg) {
        log.warn('checkTransactionState, decode message failed', { broker: conn.remoteAddress });
        return;
      }
      stripMessageTopics(instance.config.namespace, [msg]);
      const group = msg.getProperty(MessageConst.PROPERTY_PRODUCER_GROUP);
      const producer = group === undefined ? undefined : instance.selectProducer(group);
      if (producer?.checkTransactionState) producer.checkTransactionState(conn.remoteAddress, msg, h);
      else log.debug('checkTransactionState, no transactional producer for the group', { group });
      return;
    }
    case RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT: {
      const arrived = Date.now();
      try {
        processReplyMessage(replyFromPush(ReplyMessageRequestHeader.decode(request.extFields), request.body, arrived));
      } catch (err) {
        log.warn('unknown err when receiveReplyMsg', { broker: conn.remoteAddress, err });
        reply(conn, request, ResponseCode.SYSTEM_ERROR, 'process reply message fail');
        return;
      }
      reply(conn, request, ResponseCode.SUCCESS, null);
      return;
    }
    default:
      reply(conn, request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, `request type ${request.code} not supported`);
  }
}
