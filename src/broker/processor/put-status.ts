// The response code and remark of a store verdict on a send (SendMessageProcessor's
// handlePutMessageResult). The flush and slave time-outs still count as sent: the message is
// stored, only the durability promise was late.

import { PutMessageStatus, statfsDiskUsage } from '../../store/index.js';
import { ResponseCode } from '../../remoting/response-code.js';
import path from 'node:path';
import { storePathCommitLog } from '../../common/config/message-store-config.js';
import type { BrokerContext } from '../broker-context.js';

export interface PutVerdict {
  code: number;
  remark: string | null;
  /** The message is in the store: the response carries msgId, queueId and queueOffset. */
  sendOK: boolean;
}

/** Java's diskUtil(): "CL: %5.2f CQ: %5.2f INDEX: %5.2f" in percent. */
async function diskUtil(b: Pick<BrokerContext, 'messageStoreConfig'>): Promise<string> {
  const root = b.messageStoreConfig.storePathRootDir;
  const pct = async (p: string) => {
    const r = await statfsDiskUsage(p);
    return (r < 0 ? -1 : r * 100).toFixed(2).padStart(5, ' ');
  };
  return `CL: ${await pct(storePathCommitLog(b.messageStoreConfig))} CQ: ${await pct(path.join(root, 'consumequeue'))} INDEX: ${await pct(
    path.join(root, 'index'),
  )}`;
}

export async function putStatusVerdict(status: PutMessageStatus, b: Pick<BrokerContext, 'messageStoreConfig'>): Promise<PutVerdict> {
  switch (status) {
    case PutMessageStatus.PUT_OK:
      return { code: ResponseCode.SUCCESS, remark: null, sendOK: true };
    case PutMessageStatus.FLUSH_DISK_TIMEOUT:
      return { code: ResponseCode.FLUSH_DISK_TIMEOUT, remark: null, sendOK: true };
    case PutMessageStatus.FLUSH_SLAVE_TIMEOUT:
      return { code: ResponseCode.FLUSH_SLAVE_TIMEOUT, remark: null, sendOK: true };
    case PutMessageStatus.SLAVE_NOT_AVAILABLE:
      return { code: ResponseCode.SLAVE_NOT_AVAILABLE, remark: null, sendOK: true };
    case PutMessageStatus.CREATE_MAPEDFILE_FAILED:
      return { code: ResponseCode.SYSTEM_ERROR, remark: 'create mapped file failed, server is busy or broken.', sendOK: false };
    case PutMessageStatus.MESSAGE_ILLEGAL:
    case PutMessageStatus.PROPERTIES_SIZE_EXCEEDED:
      return {
        code: ResponseCode.MESSAGE_ILLEGAL,
        remark:
          `the message is illegal, maybe msg body or properties length not matched. msg body length limit ${b.messageStoreConfig.maxMessageSize}B, msg properties length limit 32KB.`,
        sendOK: false,
      };
    case PutMessageStatus.SERVICE_NOT_AVAILABLE:
      return {
        code: ResponseCode.SERVICE_NOT_AVAILABLE,
        remark: `service not available now. It may be caused by one of the following reasons: the broker's disk is full [${await diskUtil(
          b,
        )}], messages are put to the slave, message store has been shut down, etc.`,
        sendOK: false,
      };
    case PutMessageStatus.OS_PAGECACHE_BUSY:
      return { code: ResponseCode.SYSTEM_ERROR, remark: '[PC_SYNCHRONIZED]broker busy, start flow control for a while', sendOK: false };
    case PutMessageStatus.LMQ_CONSUME_QUEUE_NUM_EXCEEDED:
      return {
        code: ResponseCode.SYSTEM_ERROR,
        remark:
          '[LMQ_CONSUME_QUEUE_NUM_EXCEEDED]broker config enableLmq and enableMultiDispatch, lmq consumeQueue num exceed maxLmqConsumeQueueNum config num, default limit 2w.',
        sendOK: false,
      };
    case PutMessageStatus.WHEEL_TIMER_MSG_ILLEGAL:
      return {
        code: ResponseCode.MESSAGE_ILLEGAL,
        remark: `timer message illegal, the delay time should not be bigger than the max delay ${
          b.messageStoreConfig.timerMaxDelaySec * 1000
        }ms; or if set del msg, the delay time should be bigger than the current time`,
        sendOK: false,
      };
    case PutMessageStatus.WHEEL_TIMER_FLOW_CONTROL: {
      const n = b.messageStoreConfig.timerCongestNumEachSlot;
      return {
        code: ResponseCode.SYSTEM_ERROR,
        remark: `timer message is under flow control, max num limit is ${n * 2} or the current value is greater than ${n} and less than ${
          n * 2
        }, trigger random flow control`,
        sendOK: false,
      };
    }
    case PutMessageStatus.WHEEL_TIMER_NOT_ENABLE:
      return {
        code: ResponseCode.SYSTEM_ERROR,
        remark: `accurate timer message is not enabled, timerWheelEnable is ${b.messageStoreConfig.timerWheelEnable}`,
        sendOK: false,
      };
    case PutMessageStatus.UNKNOWN_ERROR:
      return { code: ResponseCode.SYSTEM_ERROR, remark: 'UNKNOWN_ERROR', sendOK: false };
    default:
      return { code: ResponseCode.SYSTEM_ERROR, remark: 'UNKNOWN_ERROR DEFAULT', sendOK: false };
  }
}
