// Producer settings (DefaultMQProducer), each with Java's default and the reason for it.

import { SystemTopic } from '../../common/message/message-const.js';
import { CompressionType } from '../../common/message/sysflag.js';
import { ResponseCode } from '../../remoting/response-code.js';
import type { ClientOptions } from '../client-config.js';

export interface ProducerOptions extends ClientOptions {
  /** Producers of one role share a group; needed for transactions. Required. */
  producerGroup: string;
  /** The topic whose route serves topics that have none yet (broker auto-creation). */
  createTopicKey?: string;
  /** Queues a topic auto-created through createTopicKey gets (capped by the key's queues). */
  defaultTopicQueueNums?: number;
  /** Milliseconds a send may take, retries included. */
  sendMsgTimeout?: number;
  /** Bodies of at least this many bytes are compressed. */
  compressMsgBodyOverHowmuch?: number;
  /** zlib level (rocketmq.message.compressLevel). */
  compressLevel?: number;
  compressType?: 'ZLIB' | 'LZ4';
  /** Extra attempts of a synchronous send, each on another broker when there is one. */
  retryTimesWhenSendFailed?: number;
  /** Extra attempts of an asynchronous send after a network failure or timeout. */
  retryTimesWhenSendAsyncFailed?: number;
  /** Retry on another broker when a broker stored the message but reported a flush or slave problem. */
  retryAnotherBrokerWhenNotStoreOK?: boolean;
  /** Largest body accepted (bytes). */
  maxMessageSize?: number;
  /** Avoid brokers that failed or answered slowly for a while (MQFaultStrategy). */
  sendLatencyFaultEnable?: boolean;
  /** Broker answers a synchronous send retries on. */
  retryResponseCodes?: readonly number[];
  /** Write message traces (Pub, EndTransaction) to the trace topic, in Java's trace format. Default off. */
  enableMsgTrace?: boolean;
  /** The trace topic when tracing (default RMQ_SYS_TRACE_TOPIC; a broker's msgTraceTopicName). */
  customizedTraceTopic?: string;
}

export interface ResolvedProducerSettings {
  producerGroup: string;
  // TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC (TBW102).
  createTopicKey: string;
  // 4 queues for an auto-created topic.
  defaultTopicQueueNums: number;
  // 3 s per send, retries included.
  sendMsgTimeout: number;
  // 4 KiB: bodies from 4096 bytes up are compressed (4095 is not).
  compressMsgBodyOverHowmuch: number;
  // zlib level 5, Java's default compressLevel.
  compressLevel: number;
  compressType: CompressionType;
  // 2 retries: up to 3 attempts for a synchronous send.
  retryTimesWhenSendFailed: number;
  // 2 retries of an asynchronous send after a network failure.
  retryTimesWhenSendAsyncFailed: number;
  // Off: a stored message with a flush/slave warning is a result, not a failure.
  retryAnotherBrokerWhenNotStoreOK: boolean;
  // 4 MiB, the broker's default maxMessageSize.
  maxMessageSize: number;
  // On (Java's default is off): a failed or slow broker is skipped while it recovers.
  sendLatencyFaultEnable: boolean;
  // DefaultMQProducer.retryResponseCodes.
  retryResponseCodes: ReadonlySet<number>;
}

export function resolveProducerSettings(o: ProducerOptions): ResolvedProducerSettings {
  const envLevel = Number(process.env.ROCKETMQ_MESSAGE_COMPRESS_LEVEL);
  return {
    producerGroup: o.producerGroup,
    createTopicKey: o.createTopicKey ?? SystemTopic.AUTO_CREATE_TOPIC_KEY,
    defaultTopicQueueNums: o.defaultTopicQueueNums ?? 4,
    sendMsgTimeout: o.sendMsgTimeout ?? 3000,
    compressMsgBodyOverHowmuch: o.compressMsgBodyOverHowmuch ?? 4096,
    compressLevel: o.compressLevel ?? (Number.isInteger(envLevel) && envLevel >= 0 && envLevel <= 9 ? envLevel : 5),
    compressType: o.compressType === 'LZ4' ? CompressionType.LZ4 : CompressionType.ZLIB,
    retryTimesWhenSendFailed: o.retryTimesWhenSendFailed ?? 2,
    retryTimesWhenSendAsyncFailed: o.retryTimesWhenSendAsyncFailed ?? 2,
    retryAnotherBrokerWhenNotStoreOK: o.retryAnotherBrokerWhenNotStoreOK ?? false,
    maxMessageSize: o.maxMessageSize ?? 4 * 1024 * 1024,
    sendLatencyFaultEnable: o.sendLatencyFaultEnable ?? true,
    retryResponseCodes: new Set(
      o.retryResponseCodes ?? [
        ResponseCode.TOPIC_NOT_EXIST,
        ResponseCode.SERVICE_NOT_AVAILABLE,
        ResponseCode.SYSTEM_ERROR,
        ResponseCode.NO_PERMISSION,
        ResponseCode.NO_BUYER_ID,
        ResponseCode.NOT_IN_CURRENT_UNIT,
      ],
    ),
  };
}
