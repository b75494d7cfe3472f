// Custom headers of the name server requests and responses (protocol/header/namesrv/*.java).
// Every field travels as a string in extFields; required fields are Java's @CFNotNull ones.

import { defineHeader, h, type HeaderOf } from '../../header.js';

export const PutKVConfigRequestHeader = defineHeader('PutKVConfigRequestHeader', {
  namespace: h.str(),
  key: h.str(),
  value: h.str(),
});

export const GetKVConfigRequestHeader = defineHeader('GetKVConfigRequestHeader', {
  namespace: h.str(),
  key: h.str(),
});

export const GetKVConfigResponseHeader = defineHeader('GetKVConfigResponseHeader', {
  value: h.optStr(),
});

export const DeleteKVConfigRequestHeader = defineHeader('DeleteKVConfigRequestHeader', {
  namespace: h.str(),
  key: h.str(),
});

export const GetKVListByNamespaceRequestHeader = defineHeader('GetKVListByNamespaceRequestHeader', {
  namespace: h.str(),
});

export const RegisterBrokerRequestHeader = defineHeader('RegisterBrokerRequestHeader', {
  brokerName: h.str(),
  brokerAddr: h.str(),
  clusterName: h.str(),
  haServerAddr: h.str(),
  brokerId: h.long(),
  /** The body is the zlib binary form instead of JSON. */
  compressed: h.boolOr(false),
  /** CRC32 of the body & 0x7FFFFFFF; 0 skips the check. */
  bodyCrc32: h.intOr(0),
});
export type RegisterBrokerRequest = HeaderOf<typeof RegisterBrokerRequestHeader.spec>;

export const RegisterBrokerResponseHeader = defineHeader('RegisterBrokerResponseHeader', {
  haServerAddr: h.optStr(),
  masterAddr: h.optStr(),
});

export const UnRegisterBrokerRequestHeader = defineHeader('UnRegisterBrokerRequestHeader', {
  brokerName: h.str(),
  brokerAddr: h.str(),
  clusterName: h.str(),
  brokerId: h.long(),
});

export const GetRouteInfoRequestHeader = defineHeader('GetRouteInfoRequestHeader', {
  topic: h.str(),
  /** Asks for strict JSON even from a client older than 4.9.4. */
  acceptStandardJsonOnly: h.optBool(),
});

export const WipeWritePermOfBrokerRequestHeader = defineHeader('WipeWritePermOfBrokerRequestHeader', {
  brokerName: h.str(),
});

export const WipeWritePermOfBrokerResponseHeader = defineHeader('WipeWritePermOfBrokerResponseHeader', {
  wipeTopicCount: h.int(),
});

export const AddWritePermOfBrokerRequestHeader = defineHeader('AddWritePermOfBrokerRequestHeader', {
  brokerName: h.str(),
});

export const AddWritePermOfBrokerResponseHeader = defineHeader('AddWritePermOfBrokerResponseHeader', {
  addTopicCount: h.int(),
});

export const DeleteTopicFromNamesrvRequestHeader = defineHeader('DeleteTopicFromNamesrvRequestHeader', {
  topic: h.str(),
  /** Limits the deletion to this cluster's brokers; absent or empty deletes the topic everywhere. */
  clusterName: h.optStr(),
});

export const GetTopicsByClusterRequestHeader = defineHeader('GetTopicsByClusterRequestHeader', {
  cluster: h.str(),
});

export const QueryDataVersionRequestHeader = defineHeader('QueryDataVersionRequestHeader', {
  brokerName: h.str(),
  brokerAddr: h.str(),
  clusterName: h.str(),
  brokerId: h.long(),
});

export const QueryDataVersionResponseHeader = defineHeader('QueryDataVersionResponseHeader', {
  changed: h.bool(),
});
