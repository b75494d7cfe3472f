// SEND_REPLY_MESSAGE (324) and SEND_REPLY_MESSAGE_V2 (325): Java's ReplyMessageProcessor. A
// responder sends the reply to `<cluster>_REPLY_TOPIC` like any message (same header, same checks);
// the broker pushes it at once (PUSH_REPLY_MESSAGE_TO_CLIENT) over the connection of the client its
// REPLY_TO_CLIENT names, a producer that heartbeated here, waiting up to 10 s for the client's
// answer; then, with storeReplyMessageEnable, stores it as received. The answer is SUCCESS when the
// push went through (msgId "0" and queueOffset 0 unless the message was also stored), and
// SYSTEM_ERROR with Java's remark and one log line when the requester cannot be reached.

import { getLogger } from '../../common/logger.js';
import { MessageConst } from '../../common/message/message-const.js';
import { getProperty, putProperty } from '../../common/message/properties.js';
import { MessageSysFlag } from '../../common/message/sysflag.js';
import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import { RequestCode } from '../../remoting/request-code.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { ReplyMessageRequestHeader } from '../../remoting/protocol/reply.js';
import { decodeSendMessageRequestHeader, type SendMessageRequest } from '../../remoting/protocol/send.js';
import type { Processor } from '../../remoting/server.js';
import { PutMessageStatus } from '../../store/index.js';
import type { BrokerContext } from '../broker-context.js';
import { MessageType } from '../stats/broker-stats-manager.js';
import { callClient } from '../client/broker2client.js';
import { randomQueueSeed } from '../retry/retry-policy.js';
import { bornHostOf, timeMillisToHumanString2 } from './common.js';
import { msgCheck } from './send-check.js';
import { waitStoreMsgOK } from './send-message.js';

const log = getLogger('broker');

const REPLY_TO = MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT;
const COMPRESSION_BITS = MessageSysFlag.COMPRESSED_FLAG | MessageSysFlag.COMPRESSION_TYPE_COMPARATOR;

/** Put outcomes Java counts as stored for a reply. */
const STORED: ReadonlySet<string> = new Set([
  PutMessageStatus.PUT_OK,
  PutMessageStatus.FLUSH_DISK_TIMEOUT,
  PutMessageStatus.FLUSH_SLAVE_TIMEOUT,
  PutMessageStatus.SLAVE_NOT_AVAILABLE,
]);

/** Java's "host:port" of an address (IPv6 without brackets, as InetAddress.getHostAddress writes it). */
function hostPort(addr: string): string {
  const m = /^\[(.*)\]:(\d+)$/.exec(addr);
  return m ? `${m[1]}:${m[2]}` : addr;
}

export function replyMessageProcessors(b: BrokerContext): Array<[number, Processor]> {
  /** Pushes the reply to its requester; the remark of a failure, or null when the requester took it. */
  const push = async (req: RemotingCommand, conn: Connection, h: SendMessageRequest): Promise<string | null> => {
    const senderId = getProperty(h.properties, REPLY_TO);
    if (senderId === undefined) {
      log.warn(`${REPLY_TO} is null, can not reply message`);
      return `reply message properties[${REPLY_TO}] is null`;
    }
    const channel = b.producerManager.findChannel(senderId);
    if (channel === undefined) {
      const remark = `push reply message fail, channel of <${senderId}> not found.`;
      log.warn(remark);
      return remark;
    }
    const header = ReplyMessageRequestHeader.encode({
      ...h,
      properties: putProperty(h.properties ?? '', MessageConst.PROPERTY_PUSH_REPLY_TIME, String(Date.now())),
      bornHost: hostPort(conn.remoteAddress),
      storeHost: hostPort(b.brokerAddr),
      storeTimestamp: Date.now(),
    });
    // Java's remark, missing space included.
    const failed = `push reply message to ${senderId}fail.`;
    try {
      const res = await callClient(channel, RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, header, req.body);
      if (res.code === ResponseCode.SUCCESS) return null;
      log.warn('push reply message returned a failure', { client: senderId, code: res.code, remark: res.remark });
      return failed;
    } catch (err) {
      log.warn('push reply message failed', { client: senderId, addr: channel.remoteAddress, err });
      return failed;
    }
  };

  const handle = async (req: RemotingCommand, conn: Connection): Promise<RemotingCommand> => {
    const h = decodeSendMessageRequestHeader(req);
    const bc = b.brokerConfig;
    const ext: Record<string, string> = { MSG_REGION: bc.regionId, TRACE_ON: bc.traceOn ? 'true' : 'false' };
    if (b.now() < bc.startAcceptSendRequestTimeStamp) {
      const remark = `broker unable to service, until ${timeMillisToHumanString2(bc.startAcceptSendRequestTimeStamp)}`;
      return createResponse(req, ResponseCode.SYSTEM_ERROR, remark, ext);
    }
    const checked = msgCheck(b, h, conn.remoteAddress);
    if ('code' in checked) return createResponse(req, checked.code, checked.remark, ext);
    const queueId = h.queueId < 0 ? randomQueueSeed() % checked.tc.writeQueueNums : h.queueId;
    const pushFailure = await push(req, conn, h);
    if (pushFailure === null) Object.assign(ext, { msgId: '0', queueId: String(queueId), queueOffset: '0' });
    if (bc.storeReplyMessageEnable) {
      const body = req.body ? Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength) : Buffer.alloc(0);
      const r = await b.store.putMessage({
        topic: h.topic,
        queueId,
        flag: h.flag,
        body,
        // Stored as the responder sent them: Java adds no CLUSTER here and keeps WAIT.
        propertiesString: h.properties ?? '',
        // Java stores a reply with sysFlag 0, so a compressed body reads back as garbage there;
        // keeping the compression bits stores what the body is. Nothing else of the header's
        // sysFlag applies to a reply (it is never a half message).
        sysFlag: h.sysFlag & COMPRESSION_BITS,
        bornTimestamp: h.bornTimestamp,
        bornHost: bornHostOf(conn),
        reconsumeTimes: h.reconsumeTimes ?? 0,
        waitStoreMsgOK: waitStoreMsgOK(h.properties),
      });
      if (STORED.has(r.status)) {
        b.stats.topicPut(h.topic).put(r.msgNum || 1, r.wroteBytes, MessageType.NORMAL);
        Object.assign(ext, { msgId: r.msgId, queueId: String(queueId), queueOffset: String(r.queueOffset) });
      } else {
        log.warn('process reply message, store putMessage failed', { topic: h.topic, status: r.status });
      }
    }
    if (pushFailure !== null) return createResponse(req, ResponseCode.SYSTEM_ERROR, pushFailure, ext);
    return createResponse(req, ResponseCode.SUCCESS, null, ext);
  };

  return [
    [RequestCode.SEND_REPLY_MESSAGE, handle],
    [RequestCode.SEND_REPLY_MESSAGE_V2, handle],
  ];
}
