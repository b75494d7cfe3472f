// Hooks around a producer's sends and transaction ends (Java's SendMessageHook and
// EndTransactionHook with their contexts), which message tracing plugs into. Hooks run on the send
// path: before each attempt on a queue and after it (with its result or error; an asynchronous send
// reports once it has finished, retries included), and after a transaction is ended. A hook that
// throws is logged and never fails the send.

import { MessageConst } from '../../common/message/message-const.js';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import { runHooks } from '../hook-runner.js';
import type { Message } from '../message/message.js';
import type { SendResult } from './send-result.js';

/** Java's MessageType; the trace format writes its ordinal. */
export const MessageType = {
  Normal_Msg: 0,
  Trans_Msg_Half: 1,
  Trans_msg_Commit: 2,
  Delay_Msg: 3,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** A local transaction's outcome, as the listener reports it and END_TRANSACTION carries it. */
export const LocalTransactionState = {
  COMMIT_MESSAGE: 'COMMIT_MESSAGE',
  ROLLBACK_MESSAGE: 'ROLLBACK_MESSAGE',
  /** Not known yet: the broker will ask again later. */
  UNKNOW: 'UNKNOW',
} as const;
export type LocalTransactionState = (typeof LocalTransactionState)[keyof typeof LocalTransactionState];

export type CommunicationMode = 'SYNC' | 'ASYNC' | 'ONEWAY';

export interface SendMessageContext {
  producerGroup: string;
  /** The message; for a batch, one standing for it (its topic, no tags or keys, as Java's MessageBatch). */
  message: Message;
  /** Bytes of the body as sent: compressed when it was, the encoded batch for a batch. */
  bodyLength: number;
  mq: MessageQueue;
  /** The broker address the request goes to. */
  brokerAddr: string;
  /** The producer's client IP. */
  bornHost: string;
  communicationMode: CommunicationMode;
  msgType: MessageType;
  /** Set before the after-hooks run when the broker answered (undefined for oneway sends). */
  sendResult?: SendResult | undefined;
  /** Set before the after-hooks run when the attempt failed. */
  exception?: unknown;
  /** What a before-hook wants to find again in its after-hook. */
  mqTraceContext?: unknown;
}

export interface SendMessageHook {
  readonly hookName: string;
  sendMessageBefore(ctx: SendMessageContext): void;
  sendMessageAfter(ctx: SendMessageContext): void;
}

/** What an end-of-transaction hook reads of the message: the one sent, or the half message a broker asked about. */
export interface TransactionMessage {
  readonly topic: string;
  readonly tags: string | undefined;
  readonly keys: string | undefined;
  getProperty(name: string): string | undefined;
}

export interface EndTransactionContext {
  producerGroup: string;
  brokerAddr: string;
  message: TransactionMessage;
  msgId: string;
  transactionId: string | undefined;
  transactionState: LocalTransactionState;
  fromTransactionCheck: boolean;
}

export interface EndTransactionHook {
  readonly hookName: string;
  endTransaction(ctx: EndTransactionContext): void;
}

/** The type DefaultMQProducerImpl.sendKernelImpl gives a message: half, delayed or normal. */
export function messageTypeOf(msg: Message): MessageType {
  if (msg.getProperty('__STARTDELIVERTIME') !== undefined || msg.getProperty(MessageConst.PROPERTY_DELAY_TIME_LEVEL) !== undefined) {
    return MessageType.Delay_Msg;
  }
  if (msg.getProperty(MessageConst.PROPERTY_TRANSACTION_PREPARED) === 'true') return MessageType.Trans_Msg_Half;
  return MessageType.Normal_Msg;
}

export function executeSendMessageHookBefore(hooks: readonly SendMessageHook[], ctx: SendMessageContext): void {
  runHooks(hooks, 'sendMessageBefore', (h) => h.sendMessageBefore(ctx));
}

export function executeSendMessageHookAfter(hooks: readonly SendMessageHook[], ctx: SendMessageContext): void {
  runHooks(hooks, 'sendMessageAfter', (h) => h.sendMessageAfter(ctx));
}

export function executeEndTransactionHook(hooks: readonly EndTransactionHook[], ctx: EndTransactionContext): void {
  runHooks(hooks, 'endTransaction', (h) => h.endTransaction(ctx));
}
