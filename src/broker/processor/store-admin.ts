// Store maintenance on request (Java's AdminBrokerProcessor): CLEAN_EXPIRED_CONSUMEQUEUE (306) drops
// queues whose messages are all gone from the commit log, CLEAN_UNUSED_TOPIC (316) drops the queues
// of topics the broker no longer declares, DELETE_EXPIRED_COMMITLOG (329) lets the next retention
// passes delete expired segments whatever deleteWhen says (Java's flag, then a pass at once so the
// caller sees its effect), and RESUME_CHECK_HALF_MESSAGE (323) writes a half message again into
// RMQ_SYS_TRANS_HALF_TOPIC queue 0 with its check count at 0, so the check-back asks its producer
// again (for one given up on, whose copy sits in TRANS_CHECK_MAX_TIME_TOPIC). None of them checks
// for a slave, as in Java.

import { getLogger } from '../../common/logger.js';
import { MessageConst, SystemTopic } from '../../common/message/message-const.js';
import { decodeMessageId } from '../../common/message/message-id.js';
import { decodeMessage } from '../../common/message/record-codec.js';
import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import { ResumeCheckHalfMessageRequestHeader } from '../../remoting/protocol/transaction.js';
import { RequestCode } from '../../remoting/request-code.js';
import { ResponseCode } from '../../remoting/response-code.js';
import type { Processor } from '../../remoting/server.js';
import type { BrokerContext } from '../broker-context.js';
import { storedCopy } from '../transaction/transactional-message-bridge.js';

const log = getLogger('broker');

const PUT_BACK_FAILED = 'Put message back to RMQ_SYS_TRANS_HALF_TOPIC failed.';
const PUT_BACK_THREW = 'Exception was thrown when putting message back to RMQ_SYS_TRANS_HALF_TOPIC.';

export function storeAdminProcessors(b: BrokerContext): Array<[number, Processor]> {
  const cleanExpiredConsumeQueue = async (req: RemotingCommand, conn: Connection): Promise<RemotingCommand> => {
    log.warn('invoke cleanExpiredConsumeQueue start.', { by: conn.remoteAddress });
    await b.store.cleanExpiredConsumerQueue();
    log.warn('invoke cleanExpiredConsumeQueue end.');
    return createResponse(req, ResponseCode.SUCCESS);
  };

  const deleteExpiredCommitLog = async (req: RemotingCommand, conn: Connection): Promise<RemotingCommand> => {
    log.warn('invoke deleteExpiredCommitLog start.', { by: conn.remoteAddress });
    b.store.executeDeleteFilesManually();
    // Java's clean service runs every cleanResourceInterval (10 s) and would take the first of its 20
    // manual passes then; one now spares the caller the wait and uses one of them.
    await b.store.runRetention();
    log.warn('invoke deleteExpiredCommitLog end.');
    return createResponse(req, ResponseCode.SUCCESS);
  };

  const cleanUnusedTopic = async (req: RemotingCommand, conn: Connection): Promise<RemotingCommand> => {
    log.warn('invoke cleanUnusedTopic start.', { by: conn.remoteAddress });
    const dropped = await b.store.cleanUnusedTopic(new Set(b.topicConfigManager.table.keys()));
    if (b.brokerConfig.autoDeleteUnusedStats) { for (const t of dropped) b.stats.onTopicDeleted(t); }
    log.warn('invoke cleanUnusedTopic end.', { dropped });
    return createResponse(req, ResponseCode.SUCCESS);
  };

  const resumeCheckHalfMessage = async (req: RemotingCommand): Promise<RemotingCommand> => {
    const h = ResumeCheckHalfMessageRequestHeader.decode(req.extFields);
    try {
      if (h.msgId === undefined) throw new Error('no msgId');
      const raw = await b.store.selectOneMessageByOffset(decodeMessageId(h.msgId).offset);
      if (!raw) throw new Error(`no message at the offset of ${h.msgId}`);
      // Not decompressed: the body goes back exactly as it was stored, with its sysFlag.
      const msg = decodeMessage(raw, 0, { decompress: false });
      msg.properties.set(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES, '0');
      // Java's toMessageExtBrokerInner keeps the flag and reconsume count, unlike a check's renewal.
      const r = await b.store.putMessage(storedCopy(msg, SystemTopic.TRANS_HALF, 0));
      if (!r.isOk) {
        log.error(PUT_BACK_FAILED, { msgId: h.msgId, status: r.status });
        return createResponse(req, ResponseCode.SYSTEM_ERROR, PUT_BACK_FAILED);
      }
      log.info('Put message back to RMQ_SYS_TRANS_HALF_TOPIC.', { realTopic: msg.properties.get(MessageConst.PROPERTY_REAL_TOPIC) });
      return createResponse(req, ResponseCode.SUCCESS);
    } catch (err) {
      log.error(PUT_BACK_THREW, { msgId: h.msgId, err });
      return createResponse(req, ResponseCode.SYSTEM_ERROR, PUT_BACK_THREW);
    }
  };

  return [
    [RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, cleanExpiredConsumeQueue],
    [RequestCode.DELETE_EXPIRED_COMMITLOG, deleteExpiredCommitLog],
    [RequestCode.CLEAN_UNUSED_TOPIC, cleanUnusedTopic],
    [RequestCode.RESUME_CHECK_HALF_MESSAGE, resumeCheckHalfMessage],
  ];
}
