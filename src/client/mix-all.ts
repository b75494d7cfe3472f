// Client-side constants and small helpers of Java's MixAll: reserved group names, retry, DLQ and
// reply topic names, the VIP channel address, and the client error codes of ClientErrorCode.

import { DLQ_GROUP_TOPIC_PREFIX, RETRY_GROUP_TOPIC_PREFIX } from '../common/message/message-const.js';
import { formatAddress, parseAddress } from '../remoting/address.js';

export const MixAll = {
  DEFAULT_PRODUCER_GROUP: 'DEFAULT_PRODUCER',
  DEFAULT_CONSUMER_GROUP: 'DEFAULT_CONSUMER',
  TOOLS_CONSUMER_GROUP: 'TOOLS_CONSUMER',
  CLIENT_INNER_PRODUCER_GROUP: 'CLIENT_INNER_PRODUCER',
  /** brokerId of a master. */
  MASTER_ID: 0,
  DEFAULT_TRACE_REGION_ID: 'DefaultRegion',
  UNIQUE_MSG_QUERY_FLAG: '_UNIQUE_KEY_QUERY',
  CID_RMQ_SYS_PREFIX: 'CID_RMQ_SYS_',
  /** A cluster's reply topic is `<cluster>_REPLY_TOPIC`. */
  REPLY_TOPIC_POSTFIX: 'REPLY_TOPIC',
  /** MSG_TYPE of a reply: the client sends it with SEND_REPLY_MESSAGE_V2. */
  REPLY_MESSAGE_FLAG: 'reply',
  /** The props key a consume hook's context carries the ConsumeReturnType under. */
  CONSUME_CONTEXT_TYPE: 'ConsumeContextType',
  /** The extField naming a request's RequestType (pull consumers send STREAM's code, 0). */
  REQ_T: 'ReqT',
} as const;

/** ClientErrorCode: codes of errors raised by the client itself (beside RocketMQ's response codes). */
export const ClientErrorCode = {
  CONNECT_BROKER_EXCEPTION: 10001,
  ACCESS_BROKER_TIMEOUT: 10002,
  BROKER_NOT_EXIST_EXCEPTION: 10003,
  NO_NAME_SERVER_EXCEPTION: 10004,
  NOT_FOUND_TOPIC_EXCEPTION: 10005,
  REQUEST_TIMEOUT_EXCEPTION: 10006,
  CREATE_REPLY_MESSAGE_EXCEPTION: 10007,
} as const;

export function getRetryTopic(consumerGroup: string): string {
  return RETRY_GROUP_TOPIC_PREFIX + consumerGroup;
}

export function getDLQTopic(consumerGroup: string): string {
  return DLQ_GROUP_TOPIC_PREFIX + consumerGroup;
}

/** MixAll.getReplyTopic: where replies to requests sent in `clusterName` go. */
export function getReplyTopic(clusterName: string): string {
  return `${clusterName}_${MixAll.REPLY_TOPIC_POSTFIX}`;
}

export function isRetryTopic(topic: string): boolean {
  return topic.startsWith(RETRY_GROUP_TOPIC_PREFIX);
}

/** MixAll.brokerVIPChannel: the same host on port - 2 when `vip` is on. */
export function brokerVIPChannel(vip: boolean, brokerAddr: string): string {
  if (!vip) return brokerAddr;
  const { host, port } = parseAddress(brokerAddr);
  return formatAddress(host, port - 2);
}
