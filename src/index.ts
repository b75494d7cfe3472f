// The package entry point (`import { Producer } from 'rocketmq-ts'`): the client library, and the
// types its public signatures name, so that code using it (and the API reference `npm run docs`
// builds from this file) can spell every one of them.
export * from './client/index.js';
export type { ServiceState } from './client/errors.js';

// What clients are configured with and report.
export { SerializeType } from './remoting/command.js';
export type { RemotingCommand, SerializeTypeValue } from './remoting/command.js';
export { CompressionType } from './common/message/sysflag.js';
export type { DataVersion } from './common/data-version.js';
export type { SessionCredentials } from './remoting/acl-signature.js';
export type { ExpressionType } from './common/filter/expression-type.js';
export type { SubscriptionData } from './remoting/protocol/subscription.js';
export type { MessageQueueMap } from './remoting/protocol/message-queue.js';
export type { ObjectKeyMap } from './remoting/fastjson.js';
export type { ResolvedProducerSettings } from './client/producer/producer-config.js';
export type { ResolvedPushConsumerSettings } from './client/consumer/push-consumer-config.js';
export type { ResolvedLitePullSettings } from './client/consumer/lite-pull-config.js';
export type { ClientInstanceState, DefaultTopicRoute } from './client/instance/client-instance.js';
export type { RawPullResult } from './client/consumer/pull-result.js';
export type { OffsetTable } from './client/consumer/offset-store.js';
export type { RemoteInvokerOptions } from './client/api/remote-invoker.js';

// Requests and answers of the typed remote API (MQClientAPI, AdminCalls, MQAdminImpl).
export type { BrokerData, ClusterInfo, QueueData, TopicRouteData } from './remoting/protocol/namesrv/route-data.js';
export type { TopicList } from './remoting/protocol/namesrv/lists.js';
export type { TopicConfig, TopicConfigSerializeWrapper, TopicFilterType } from './remoting/protocol/topic-config.js';
export type { ConsumerOffsetTable } from './remoting/protocol/consumer-offset.js';
export type { SubscriptionGroupWrapper } from './remoting/protocol/subscription-group.js';
export type { ClusterAclVersionInfo, PlainAccessConfig } from './remoting/protocol/acl.js';
export type { ConsumeStats, ConsumeStatsList } from './remoting/protocol/consume-stats.js';
export type { ConsumerConnection } from './remoting/protocol/connection-info.js';
export type { ConsumerRunningInfo } from './remoting/protocol/consumer-running-info.js';
export type { TopicStatsTable } from './remoting/protocol/topic-stats.js';
export type { GetConsumerStatusBody } from './remoting/protocol/reset-offset.js';
export type { QueryConsumeQueueResponseBody } from './remoting/protocol/consume-queue.js';
export type { QueueTimeSpan } from './remoting/protocol/consume-time-span.js';
export type { BrokerStatsData } from './remoting/protocol/broker-admin.js';
export type { ConsumerData, HeartbeatData } from './remoting/protocol/heartbeat.js';
export type { LockBatchRequestBody } from './remoting/protocol/lock.js';
export type { HeaderOf } from './remoting/header.js';
export type { BeanField, BeanOf } from './remoting/protocol/bean.js';
