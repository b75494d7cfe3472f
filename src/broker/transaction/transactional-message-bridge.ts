// What the transaction check needs of the broker (Java's TransactionalMessageBridge): reading the
// half and op queues as the internal group CID_RMQ_SYS_TRANS, its progress in the consumer offset
// table, and writing a half message again (after a check, or while it is immune to checks).
// Messages are decoded without decompressing, so a body goes back to the store exactly as it came.

import { getLogger } from '../../common/logger.js';
import { javaHashMapOrder } from '../../common/message/java-hash.js';
import { MessageConst, SystemTopic } from '../../common/message/message-const.js';
import type { MessageExt } from '../../common/message/message-ext.js';
import { encodeProperties } from '../../common/message/properties.js';
import { decodeMessage } from '../../common/message/record-codec.js';
import { PermName, type TopicConfig } from '../../remoting/protocol/topic-config.js';
import { GetMessageStatus, type MessageStore, type PutMessageInput, type PutMessageResult } from '../../store/index.js';
import type { ConsumerOffsetManager } from '../offset/consumer-offset-manager.js';
import type { BrokerStatsManager } from '../stats/broker-stats-manager.js';
import type { TopicConfigManager } from '../topic/topic-config-manager.js';

const log = getLogger('broker');

/** The group whose offsets record how far the half and op queues were checked (MixAll.CID_SYS_RMQ_TRANS). */
export const CID_RMQ_SYS_TRANS = 'CID_RMQ_SYS_TRANS';

export interface TransactionBridgeDeps {
  store: MessageStore;
  topicConfigManager: Pick<TopicConfigManager, 'selectTopicConfig' | 'createTopicInSendMessageBackMethod'>;
  consumerOffsetManager: Pick<ConsumerOffsetManager, 'queryOffset' | 'commitOffset'>;
  /** brokerIP1:listenPort, recorded as the committer of the offsets. */
  brokerAddr: string;
  stats?: Pick<BrokerStatsManager, 'groupGet'>;
}

/** A read of one queue: the store's status, where to go on, and the messages when FOUND. */
export interface QueueRead {
  status: GetMessageStatus;
  nextBeginOffset: number;
  /** Null unless something was found (Java's msgFoundList). */
  msgs: MessageExt[] | null;
}

/** Java's PullStatus.NO_NEW_MSG: nothing at or after the offset yet. */
export function isNoNewMessage(status: GetMessageStatus): boolean {
  return status === GetMessageStatus.NO_MESSAGE_IN_QUEUE || status === GetMessageStatus.OFFSET_OVERFLOW_ONE;
}

/** Message properties as Java writes a map it decoded and changed (messageProperties2String of a HashMap). */
export function javaPropertiesString(props: ReadonlyMap<string, string>): string {
  return encodeProperties(new Map(javaHashMapOrder(props)));
}

const RW = PermName.PERM_READ | PermName.PERM_WRITE;

/** `msg` to be stored as it is now under `topic`/`queueId`, without waiting for a SYNC_FLUSH. */
export function storedCopy(msg: MessageExt, topic: string, queueId: number): PutMessageInput {
  return {
    topic,
    queueId,
    flag: msg.flag,
    body: msg.body,
    propertiesString: javaPropertiesString(msg.properties),
    sysFlag: msg.sysFlag,
    bornTimestamp: msg.bornTimestamp,
    bornHost: msg.bornHostBytes,
    storeHost: msg.storeHostBytes,
    reconsumeTimes: msg.reconsumeTimes,
    delayTimeLevel: 0,
    waitStoreMsgOK: false,
  };
}

export class TransactionalMessageBridge {
  constructor(private readonly d: TransactionBridgeDeps) {}

  get store(): MessageStore {
    return this.d.store;
  }

  /** Queue ids of the half topic, made (1 queue, read-write) when missing, as Java's selectTopicConfig. */
  halfQueueIds(): number[] {
    const tc: TopicConfig = this.d.topicConfigManager.selectTopicConfig(SystemTopic.TRANS_HALF) ??
      this.d.topicConfigManager.createTopicInSendMessageBackMethod(SystemTopic.TRANS_HALF, 1, RW, 0);
    return Array.from({ length: Math.max(0, tc.readQueueNums) }, (_, i) => i);
  }

  /** The group's committed offset, else the queue's minimum (0 for a queue not made yet, as Java's store makes it on the spot). */
  fetchConsumeOffset(topic: string, queueId: number): number {
    const committed = this.d.consumerOffsetManager.queryOffset(CID_RMQ_SYS_TRANS, topic, queueId);
    if (committed !== -1) return committed;
    return Math.max(0, this.d.store.getMinOffsetInQueue(topic, queueId));
  }

  updateConsumeOffset(topic: string, queueId: number, offset: number): void {
    this.d.consumerOffsetManager.commitOffset(this.d.brokerAddr, CID_RMQ_SYS_TRANS, topic, queueId, offset);
  }

  getHalfMessage(queueId: number, offset: number, nums: number): Promise<QueueRead | null> {
    return this.read(SystemTopic.TRANS_HALF, queueId, offset, nums);
  }

  getOpMessage(queueId: number, offset: number, nums: number): Promise<QueueRead | null> {
    return this.read(SystemTopic.TRANS_OP_HALF, queueId, offset, nums);
  }

  /** Null when the store cannot be read (closed, or not readable). */
  private async read(topic: string, queueId: number, offset: number, nums: number): Promise<QueueRead | null> {
    const r = await this.d.store.getMessage(CID_RMQ_SYS_TRANS, topic, queueId, offset, nums);
    if (!r) {
      log.error('reading a transaction queue failed: the store gave nothing', { topic, queueId, offset });
      return null;
    }
    let msgs: MessageExt[] | null = null;
    if (r.status === GetMessageStatus.FOUND) {
      msgs = [];
      for (const b of r.messageBuffers) {
        try {
          msgs.push(decodeMessage(b, 0, { decompress: false }));
        } catch (err) {
          log.warn('undecodable message in a transaction queue', { topic, queueId, err });
        }
      }
      // Java counts the check's reads as the group's gets (not in RocketMQ 5's messages_out_total).
      this.d.stats?.groupGet(topic, CID_RMQ_SYS_TRANS).got(r.messageCount, r.bufferTotalSize, false);
      if (msgs.length === 0) msgs = null;
    } else if (!isNoNewMessage(r.status)) {
      log.warn('transaction queue read at an unusable offset', { topic, queueId, offset, status: r.status });
    }
    return { status: r.status, nextBeginOffset: r.nextBeginOffset, msgs };
  }

  /** `msg` to be stored as it is now under `topic`/`queueId`, without waiting for a SYNC_FLUSH. */
  copyOf(msg: MessageExt, topic: string, queueId: number): PutMessageInput {
    return storedCopy(msg, topic, queueId);
  }

  /**
   * A half message written again as it is now (Java's renewHalfMessageInner). Like Java, the copy
   * keeps neither the flag nor the reconsume count; its properties string is taken before
   * WAIT=false joins the message's own properties, so the stored copy keeps the WAIT it had while
   * the check request (built from `msg`) says false.
   */
  renewHalfMessage(msg: MessageExt): PutMessageInput {
    const input = { ...this.copyOf(msg, msg.topic, msg.queueId), flag: 0, reconsumeTimes: 0 };
    msg.properties.set(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, 'false');
    return input;
  }

  /** The copy of a half message still immune to checks, which remembers its first queue offset (renewImmunityHalfMessageInner). */
  renewImmunityHalfMessage(msg: MessageExt): PutMessageInput {
    const input = this.renewHalfMessage(msg);
    const first = msg.properties.get(MessageConst.PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET) ?? String(msg.queueOffset);
    msg.properties.set(MessageConst.PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET, first);
    input.propertiesString = javaPropertiesString(msg.properties);
    return input;
  }

  /** Null when the put threw (the store closing); otherwise the store's result. */
  async putMessage(input: PutMessageInput): Promise<PutMessageResult | null> {
    try {
      const r = await this.d.store.putMessage(input);
      if (!r.isOk) log.error('transaction put failed', { topic: input.topic, queueId: input.queueId, status: r.status });
      return r;
    } catch (err) {
      log.warn('transaction put failed', { topic: input.topic, queueId: input.queueId, err });
      return null;
    }
  }

  /** TRANS_CHECK_MAX_TIME_TOPIC, made with `queueNums` read-write queues when missing (createTopicOfTranCheckMaxTime). */
  checkMaxTimeTopic(queueNums: number): TopicConfig {
    return this.d.topicConfigManager.selectTopicConfig(SystemTopic.TRANS_CHECK_MAX_TIME) ??
      this.d.topicConfigManager.createTopicInSendMessageBackMethod(SystemTopic.TRANS_CHECK_MAX_TIME, queueNums, RW, 0);
  }
}
