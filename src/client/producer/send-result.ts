// SendResult: what a successful send returns, built from the SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE
// response header (msgId = offsetMsgId, queueId, queueOffset, transactionId?, TRACE_ON, MSG_REGION)
// as MQClientAPIImpl.processSendResponse does. FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT and
// SLAVE_NOT_AVAILABLE are results too (the message was stored); any other code is an MQBrokerError.

import { MQBrokerError } from '../../remoting/errors.js';
import { ResponseCode } from '../../remoting/response-code.js';
import type { RemotingCommand } from '../../remoting/command.js';
import { RemotingCommandError } from '../../remoting/errors.js';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import { MixAll } from '../mix-all.js';

export const SendStatus = {
  SEND_OK: 'SEND_OK',
  FLUSH_DISK_TIMEOUT: 'FLUSH_DISK_TIMEOUT',
  FLUSH_SLAVE_TIMEOUT: 'FLUSH_SLAVE_TIMEOUT',
  SLAVE_NOT_AVAILABLE: 'SLAVE_NOT_AVAILABLE',
} as const;
export type SendStatus = (typeof SendStatus)[keyof typeof SendStatus];

/** What a successful send returns (Java's SendResult): status, ids, the queue and the offset in it. */
export class SendResult {
  constructor(
    public sendStatus: SendStatus,
    /** The unique id the producer gave the message (UNIQ_KEY); comma-separated for a batch. */
    public msgId: string,
    /** Store host and commit-log offset, from the broker; comma-separated for a batch. */
    public offsetMsgId: string,
    public messageQueue: MessageQueue,
    public queueOffset: number,
    public transactionId: string | undefined = undefined,
    public regionId: string = MixAll.DEFAULT_TRACE_REGION_ID,
    public traceOn = true,
  ) {}

  /** Java's SendResult.toString, which the quickstart producer prints. */
  toString(): string {
    const mq = this.messageQueue;
    return `SendResult [sendStatus=${this.sendStatus}, msgId=${this.msgId}, offsetMsgId=${this.offsetMsgId}, ` +
      `messageQueue=MessageQueue [topic=${mq.topic}, brokerName=${mq.brokerName}, queueId=${mq.queueId}], queueOffset=${this.queueOffset}]`;
  }

  toJSON(): Record<string, unknown> {
    return {
      sendStatus: this.sendStatus,
      msgId: this.msgId,
      offsetMsgId: this.offsetMsgId,
      messageQueue: { topic: this.messageQueue.topic, brokerName: this.messageQueue.brokerName, queueId: this.messageQueue.queueId },
      queueOffset: this.queueOffset,
      transactionId: this.transactionId,
      regionId: this.regionId,
      traceOn: this.traceOn,
    };
  }
}

function statusOf(code: number): SendStatus | undefined {
  switch (code) {
    case ResponseCode.SUCCESS:
      return SendStatus.SEND_OK;
    case ResponseCode.FLUSH_DISK_TIMEOUT:
      return SendStatus.FLUSH_DISK_TIMEOUT;
    case ResponseCode.FLUSH_SLAVE_TIMEOUT:
      return SendStatus.FLUSH_SLAVE_TIMEOUT;
    case ResponseCode.SLAVE_NOT_AVAILABLE:
      return SendStatus.SLAVE_NOT_AVAILABLE;
    default:
      return undefined;
  }
}

function intField(ext: Record<string, string>, name: string): number {
  const v = ext[name];
  const n = v === undefined ? NaN : Number(v);
  if (!Number.isFinite(n)) throw new RemotingCommandError(`the custom field <${name}> is null`);
  return n;
}

/**
 * MQClientAPIImpl.processSendResponse. `uniqMsgId` is the message's UNIQ_KEY (the comma-joined keys
 * of a batch); the queue's topic and broker come from the request.
 */
export function processSendResponse(
  response: RemotingCommand,
  topic: string,
  brokerName: string,
  uniqMsgId: string,
  addr: string,
): SendResult {
  const status = statusOf(response.code);
  if (status === undefined) throw new MQBrokerError(response.code, response.remark, addr);
  const ext = response.extFields ?? {};
  const offsetMsgId = ext.msgId;
  if (offsetMsgId === undefined) throw new RemotingCommandError('the custom field <msgId> is null');
  const result = new SendResult(
    status,
    uniqMsgId,
    offsetMsgId,
    { topic, brokerName, queueId: intField(ext, 'queueId') },
    intField(ext, 'queueOffset'),
  );
  const tx = ext.transactionId;
  if (tx !== undefined) result.transactionId = tx;
  const region = ext.MSG_REGION;
  if (region) result.regionId = region;
  result.traceOn = ext.TRACE_ON !== 'false';
  return result;
}
