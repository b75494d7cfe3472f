// END_TRANSACTION (37): the producer's verdict on a half message (Java's EndTransactionProcessor).
// COMMIT copies the parked message to its real topic and queue as a committed message (sysFlag
// commit type, preparedTransactionOffset = the half message's offset, properties string unchanged as
// Java's copies show); ROLLBACK drops it. Either way an op message (tag "d", body = the half message's
// queue offset) in RMQ_SYS_TRANS_OP_HALF_TOPIC records that it is settled. Halves left unsettled
// are asked about by the periodic check (broker/transaction, CHECK_TRANSACTION_STATE).

import { MessageConst, SystemTopic } from '../../common/message/message-const.js';
import { encodeProperties } from '../../common/message/properties.js';
import { decodeMessage } from '../../common/message/record-codec.js';
import { encodeSocketAddress, parseSocketAddress } from '../../common/message/socket-address.js';
import { MessageSysFlag, withTransactionType } from '../../common/message/sysflag.js';
import type { MessageExt } from '../../common/message/message-ext.js';
import { getLogger } from '../../common/logger.js';
import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { type EndTransactionRequest, EndTransactionRequestHeader } from '../../remoting/protocol/transaction.js';
import { RequestCode } from '../../remoting/request-code.js';
import type { Processor } from '../../remoting/server.js';
import type { BrokerContext } from '../broker-context.js';
import { putStatusVerdict } from './put-status.js';

const log = getLogger('broker');

/** Tag of the op messages that mark a half message as settled (TransactionalMessageUtil.REMOVETAG). */
export const REMOVE_TAG = 'd';

/** EndTransactionProcessor.checkPrepareMessage: the remark of a mismatch, or null. */
function mismatch(half: MessageExt, h: EndTransactionRequest): string | null {
  if (half.properties.get(MessageConst.PROPERTY_PRODUCER_GROUP) !== h.producerGroup) return 'The producer group wrong';
  if (half.queueOffset !== h.tranStateTableOffset) return 'The transaction state table offset wrong';
  if (half.commitLogOffset !== h.commitLogOffset) return 'The commit log offset wrong';
  return null;
}

export function endTransactionProcessors(b: BrokerContext): Array<[number, Processor]> {
  const opMessage = async (half: MessageExt): Promise<void> => {
    const addr = parseSocketAddress(b.brokerAddr);
    const host = encodeSocketAddress(addr.host, addr.port);
    const r = await b.store.putMessage({
      topic: SystemTopic.TRANS_OP_HALF,
      queueId: half.queueId,
      flag: 0,
      body: Buffer.from(String(half.queueOffset), 'utf8'),
      propertiesString: encodeProperties({ [MessageConst.PROPERTY_WAIT_STORE_MSG_OK]: 'true', [MessageConst.PROPERTY_TAGS]: REMOVE_TAG }),
      sysFlag: 0,
      bornTimestamp: Date.now(),
      bornHost: host,
      storeHost: host,
    });
    if (!r.isOk) log.warn('cannot record a settled half message', { offset: half.commitLogOffset, status: r.status });
  };

  const endTransaction = async (req: RemotingCommand): Promise<RemotingCommand | null> => {
    const h = EndTransactionRequestHeader.decode(req.extFields);
    if (b.isSlave) return createResponse(req, ResponseCode.SLAVE_NOT_AVAILABLE);
    const type = h.commitOrRollback;
    if (type !== MessageSysFlag.TRANSACTION_COMMIT_TYPE && type !== MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
      log.warn('end transaction without a verdict', { producerGroup: h.producerGroup, msgId: h.msgId, commitOrRollback: type });
      return null;
    }
    const raw = await b.store.selectOneMessageByOffset(h.commitLogOffset);
    const half = raw ? decodeMessage(raw, 0, { decompress: false }) : null;
    if (!half) return createResponse(req, ResponseCode.SYSTEM_ERROR, 'Find prepared transaction message failed');
    const wrong = mismatch(half, h);
    if (wrong) return createResponse(req, ResponseCode.SYSTEM_ERROR, wrong);
    const topic = half.properties.get(MessageConst.PROPERTY_REAL_TOPIC);
    if (type === MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
      await opMessage(half);
      if (topic) b.stats.incTransactionEnded(topic, false);
      return createResponse(req, ResponseCode.SUCCESS);
    }
    const queueId = Number.parseInt(half.properties.get(MessageConst.PROPERTY_REAL_QUEUE_ID) ?? '', 10);
    if (!topic || !Number.isInteger(queueId)) {
      return createResponse(req, ResponseCode.SYSTEM_ERROR, 'Find prepared transaction message failed');
    }
    const r = await b.store.putMessage({
      topic,
      queueId,
      flag: half.flag,
      body: half.body,
      propertiesString: half.propertiesString,
      sysFlag: withTransactionType(half.sysFlag, MessageSysFlag.TRANSACTION_COMMIT_TYPE),
      bornTimestamp: half.bornTimestamp,
      bornHost: half.bornHostBytes,
      storeHost: half.storeHostBytes,
      reconsumeTimes: half.reconsumeTimes,
      preparedTransactionOffset: h.commitLogOffset,
      delayTimeLevel: 0,
      waitStoreMsgOK: false,
    });
    const v = await putStatusVerdict(r.status, b);
    if (!v.sendOK) return createResponse(req, v.code, v.remark);
    b.stats.incTransactionEnded(topic, true);
    await opMessage(half);
    return createResponse(req, ResponseCode.SUCCESS);
  };

  return [[RequestCode.END_TRANSACTION, endTransaction]];
}
