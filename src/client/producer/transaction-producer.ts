// TransactionProducer (TransactionMQProducer): sends a half message (TRAN_MSG, sysFlag prepared),
// runs the local transaction, and tells the broker to commit or roll back (END_TRANSACTION,
// oneway). When the outcome was UNKNOW, or the answer got lost, the broker asks later
// (CHECK_TRANSACTION_STATE) and the listener's checkLocalTransaction decides.

import { getLogger } from '../../common/logger.js';
import { MQClientError } from '../../common/errors.js';
import { MessageConst } from '../../common/message/message-const.js';
import { decodeMessageId } from '../../common/message/message-id.js';
import { type CheckTransactionStateRequest, TransactionType } from '../../remoting/protocol/transaction.js';
import type { Message } from '../message/message.js';
import type { MessageExt } from '../message/message-ext.js';
import { Producer } from './producer.js';
import { executeEndTransactionHook, LocalTransactionState, type TransactionMessage } from './send-hooks.js';
import type { ProducerOptions } from './producer-config.js';
import { SendResult, SendStatus } from './send-result.js';
import { checkMessage } from './validators.js';

const log = getLogger('client');

export { LocalTransactionState };

export interface TransactionListener {
  /** Runs the local transaction once the half message is stored. */
  executeLocalTransaction(msg: Message, arg: unknown): LocalTransactionState | Promise<LocalTransactionState>;
  /** Answers the broker's question about a half message whose outcome it does not know. */
  checkLocalTransaction(msg: MessageExt): LocalTransactionState | Promise<LocalTransactionState>;
}

export class TransactionSendResult extends SendResult {
  localTransactionState: LocalTransactionState = LocalTransactionState.UNKNOW;
}

export interface TransactionProducerOptions extends ProducerOptions {
  transactionListener: TransactionListener;
}

function commitOrRollback(state: LocalTransactionState): number {
  return state === LocalTransactionState.COMMIT_MESSAGE
    ? TransactionType.COMMIT
    : state === LocalTransactionState.ROLLBACK_MESSAGE
    ? TransactionType.ROLLBACK
    : TransactionType.NOT_TYPE;
}

/**
 * A producer of transactional messages: Java's `TransactionMQProducer`. {@link sendMessageInTransaction}
 * stores the message as a half message (invisible to consumers), runs the listener's
 * `executeLocalTransaction`, and commits or rolls it back on the broker according to its answer.
 * When the answer is UNKNOW (or got lost), the broker later asks a producer of the same group
 * through `checkLocalTransaction` (every `transactionCheckInterval`, 60 s by default, up to
 * `transactionCheckMax`, 15 times), so the group name must stay the same across restarts.
 * Delay levels are not allowed on transactional messages (they are cleared).
 */
export class TransactionProducer extends Producer {
  transactionListener: TransactionListener;

  constructor(options: TransactionProducerOptions) {
    super(options);
    this.transactionListener = options.transactionListener;
  }

  /** Sends `msg` as a half message, runs the local transaction, and ends it on the broker. */
  async sendMessageInTransaction(msg: Message, arg?: unknown): Promise<TransactionSendResult> {
    if (msg.delayTimeLevel !== 0) msg.clearProperty(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
    checkMessage(msg, this.settings.maxMessageSize);
    msg.putProperty(MessageConst.PROPERTY_TRANSACTION_PREPARED, 'true');
    msg.putProperty(MessageConst.PROPERTY_PRODUCER_GROUP, this.groupName);
    let sent: SendResult;
    try {
      sent = await this.send(msg);
    } catch (err) {
      throw new MQClientError(-1, `send message Exception: ${(err as Error).message}`, { cause: err });
    }
    let state: LocalTransactionState = LocalTransactionState.UNKNOW;
    let localError: unknown;
    if (sent.sendStatus === SendStatus.SEND_OK) {
      try {
        if (sent.transactionId !== undefined) msg.putProperty('__transactionId__', sent.transactionId);
        msg.transactionId = msg.uniqKey;
        state = (await this.transactionListener.executeLocalTransaction(msg, arg)) ?? LocalTransactionState.UNKNOW;
      } catch (err) {
        log.info('executeLocalTransactionBranch exception', { err });
        localError = err;
      }
    } else {
      state = LocalTransactionState.ROLLBACK_MESSAGE;
    }
    try {
      await this.endTransaction(msg, sent, state, localError);
    } catch (err) {
      log.warn('local transaction done, but ending it on the broker failed', { state, err });
    }
    const r = new TransactionSendResult(
      sent.sendStatus,
      sent.msgId,
      sent.offsetMsgId,
      sent.messageQueue,
      sent.queueOffset,
      sent.transactionId,
      sent.regionId,
      sent.traceOn,
    );
    r.localTransactionState = state;
    return r;
  }

  private async endTransaction(msg: Message, sent: SendResult, state: LocalTransactionState, localError: unknown): Promise<void> {
    const id = decodeMessageId(sent.offsetMsgId);
    const brokerName = sent.messageQueue.brokerName;
    const addr = this.instance.findBrokerAddressInPublish(brokerName);
    if (addr === undefined) throw new MQClientError(-1, `The broker[${brokerName}] not exist`);
    this.endTransactionHook(msg, sent.msgId, addr, state, msg.transactionId, false);
    const header: Parameters<typeof this.instance.api.endTransactionOneway>[1] = {
      producerGroup: this.groupName,
      tranStateTableOffset: sent.queueOffset,
      commitLogOffset: id.offset,
      commitOrRollback: commitOrRollback(state),
      fromTransactionCheck: false,
      msgId: sent.msgId,
      bname: brokerName,
    };
    if (sent.transactionId !== undefined) header.transactionId = sent.transactionId;
    const remark = localError === undefined ? undefined : `executeLocalTransactionBranch exception: ${String(localError)}`;
    await this.instance.api.endTransactionOneway(addr, header, remark);
  }

  /** DefaultMQProducerImpl.doExecuteEndTransactionHook. */
  private endTransactionHook(
    message: TransactionMessage,
    msgId: string,
    brokerAddr: string,
    transactionState: LocalTransactionState,
    transactionId: string | undefined,
    fromTransactionCheck: boolean,
  ): void {
    if (this.endTransactionHooks.length === 0) return;
    executeEndTransactionHook(this.endTransactionHooks, {
      producerGroup: this.groupName,
      brokerAddr,
      message,
      msgId,
      transactionId,
      transactionState,
      fromTransactionCheck,
    });
  }

  /**
   * CHECK_TRANSACTION_STATE from a broker: ask the listener, answer with END_TRANSACTION.
   * @internal
   */
  checkTransactionState(brokerAddr: string, msg: MessageExt, header: CheckTransactionStateRequest): void {
    void (async () => {
      let state: LocalTransactionState = LocalTransactionState.UNKNOW;
      let error: unknown;
      try {
        state = (await this.transactionListener.checkLocalTransaction(msg)) ?? LocalTransactionState.UNKNOW;
      } catch (err) {
        log.error('checkLocalTransaction failed', { err });
        error = err;
      }
      const uniqKey = msg.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
      const end: Parameters<typeof this.instance.api.endTransactionOneway>[1] = {
        producerGroup: this.groupName,
        tranStateTableOffset: header.tranStateTableOffset,
        commitLogOffset: header.commitLogOffset,
        commitOrRollback: commitOrRollback(state),
        fromTransactionCheck: true,
        msgId: uniqKey ?? msg.offsetMsgId,
      };
      this.endTransactionHook(msg, end.msgId, brokerAddr, state, uniqKey || undefined, true);
      if (header.transactionId !== undefined) end.transactionId = header.transactionId;
      if (header.bname !== undefined) end.bname = header.bname;
      const remark = error === undefined ? undefined : `checkLocalTransactionState Exception: ${String(error)}`;
      await this.instance.api.endTransactionOneway(brokerAddr, end, remark);
    })().catch((err) => log.error('endTransactionOneway failed', { err }));
  }
}
