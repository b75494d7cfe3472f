// What becomes of a half message the check picked (Java's AbstractTransactionalMessageCheckListener
// and DefaultTransactionalMessageCheckListener): either its producer group is asked about it with
// CHECK_TRANSACTION_STATE (oneway, to one live connection of the group), or, checked too often or
// too old, it is moved to TRANS_CHECK_MAX_TIME_TOPIC and never asked about again.

import { describeError } from '../../common/errors.js';
import { getLogger } from '../../common/logger.js';
import { MessageConst } from '../../common/message/message-const.js';
import type { MessageExt } from '../../common/message/message-ext.js';
import { encodeMessage } from '../../common/message/record-codec.js';
import { createRequest } from '../../remoting/command.js';
import { type CheckTransactionStateRequest, CheckTransactionStateRequestHeader } from '../../remoting/protocol/transaction.js';
import { RequestCode } from '../../remoting/request-code.js';
import type { ProducerManager } from '../client/producer-manager.js';
import { javaPropertiesString, type TransactionalMessageBridge } from './transactional-message-bridge.js';

const log = getLogger('broker');

/** Queues of TRANS_CHECK_MAX_TIME_TOPIC when the broker makes it (TCMT_QUEUE_NUMS). */
export const TCMT_QUEUE_NUMS = 1;

export interface CheckListener {
  /** Asks the producer group; `msg` is the half message as just written again. */
  resolveHalfMsg(msg: MessageExt): void;
  /** Moves the half message out of the check for good; false when the store refused it. */
  resolveDiscardMsg(msg: MessageExt): Promise<boolean>;
}

/** The CHECK_TRANSACTION_STATE header for a half message (fields as sendCheckMessage fills them). */
export function checkRequestHeader(msg: MessageExt): CheckTransactionStateRequest {
  const uniq = msg.properties.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
  return {
    tranStateTableOffset: msg.queueOffset,
    commitLogOffset: msg.commitLogOffset,
    msgId: uniq,
    transactionId: uniq,
    offsetMsgId: msg.msgId,
  };
}

/**
 * The request body: the half message with its real topic and queue, its current offsets, and its
 * properties as they are now (so WAIT=false, and the check count just written). The store time and
 * body CRC stay those of the decoded record, as Java sends them.
 */
export function checkRequestBody(msg: MessageExt, realTopic: string, realQueueId: number): Buffer {
  return encodeMessage({
    topic: realTopic,
    flag: msg.flag,
    body: msg.body,
    propertiesString: javaPropertiesString(msg.properties),
    queueId: realQueueId,
    queueOffset: msg.queueOffset,
    commitLogOffset: msg.commitLogOffset,
    sysFlag: msg.sysFlag,
    bornTimestamp: msg.bornTimestamp,
    bornHostBytes: msg.bornHostBytes,
    storeTimestamp: msg.storeTimestamp,
    storeHostBytes: msg.storeHostBytes,
    reconsumeTimes: msg.reconsumeTimes,
    preparedTransactionOffset: msg.preparedTransactionOffset,
    bodyCRC: msg.bodyCRC,
  });
}

export class DefaultCheckListener implements CheckListener {
  constructor(
    private readonly bridge: TransactionalMessageBridge,
    private readonly producers: Pick<ProducerManager, 'getAvailableChannel'>,
  ) {}

  resolveHalfMsg(msg: MessageExt): void {
    const group = msg.properties.get(MessageConst.PROPERTY_PRODUCER_GROUP);
    const realTopic = msg.properties.get(MessageConst.PROPERTY_REAL_TOPIC);
    const realQueueId = Number.parseInt(msg.properties.get(MessageConst.PROPERTY_REAL_QUEUE_ID) ?? '', 10);
    if (!realTopic || !Number.isInteger(realQueueId)) {
      log.error('send check message error: the half message has no real topic or queue', { msgId: msg.msgId, realTopic });
      return;
    }
    const channel = group === undefined ? undefined : this.producers.getAvailableChannel(group);
    if (!channel) {
      log.warn('check transaction failed: no live producer of the group', { group });
      return;
    }
    try {
      const ext = CheckTransactionStateRequestHeader.encode(checkRequestHeader(msg));
      channel.invokeOneway(createRequest(RequestCode.CHECK_TRANSACTION_STATE, ext, checkRequestBody(msg, realTopic, realQueueId)));
    } catch (err) {
      log.error('check transaction failed: cannot reach the producer', {
        group,
        addr: channel.remoteAddress,
        msgId: msg.msgId,
        err: describeError(err),
      });
    }
  }

  async resolveDiscardMsg(msg: MessageExt): Promise<boolean> {
    log.error('half message checked too many times (or too old), moved to TRANS_CHECK_MAX_TIME_TOPIC', {
      msgId: msg.msgId,
      uniqKey: msg.properties.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX),
      checkTimes: msg.properties.get(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES),
    });
    const tc = this.bridge.checkMaxTimeTopic(TCMT_QUEUE_NUMS);
    // Java draws a random queue modulo TCMT_QUEUE_NUMS, which is always queue 0.
    const r = await this.bridge.putMessage(this.bridge.copyOf(msg, tc.topicName, 0));
    const ok = r?.isOk ?? false;
    if (ok) {
      log.info('half message moved to TRANS_CHECK_MAX_TIME_TOPIC', {
        queueOffset: msg.queueOffset,
        commitLogOffset: msg.commitLogOffset,
        realTopic: msg.properties.get(MessageConst.PROPERTY_REAL_TOPIC),
      });
    }
    return ok;
  }
}
