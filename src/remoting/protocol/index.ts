// The client and broker protocol in one import: request and response headers and body codecs of
// every request family. The name server's protocol is in ./namesrv/index.js; TopicConfig and
// DataVersion in ./topic-config.js.

export * from './bean.js';
export * from './message-queue.js';
export * from './consumer-types.js';
export * from './subscription.js';
export * from './send.js';
export * from './pull.js';
export * from './query-message.js';
export * from './queue-offset.js';
export * from './consumer-offset.js';
export * from './heartbeat.js';
export * from './consumer-ids.js';
export * from './transaction.js';
export * from './consumer-send-back.js';
export * from './lock.js';
export * from './topic-admin.js';
export * from './topic-stats.js';
export * from './subscription-group.js';
export * from './consume-stats.js';
export * from './connection-info.js';
export * from './broker-admin.js';
export * from './consumer-running-info.js';
export * from './consume-directly.js';
export * from './reset-offset.js';
export * from './consume-by-who.js';
export * from './consume-queue.js';
export * from './consume-time-span.js';
export * from './acl.js';
