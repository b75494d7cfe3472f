// The storage engine: commit log, consume queues, index, checkpoint, recovery, flush, retention.

export { MessageStore, type MessageStoreOptions, type QueryMessageResult } from './message-store.js';
export { PutMessageResult, type PutMessageInput } from './put-result.js';
export { GetMessageResult, tagsFilter, type MessageFilter } from './get-message.js';
export { PutMessageStatus, GetMessageStatus } from './status.js';
export type { MessageArrivingListener } from './dispatch.js';
export { systemClock, statfsDiskUsage, type StoreClock, type DiskUsageProbe } from './clock.js';
export { StoreError, StoreLockedError, StoreCorruptError, StoreClosedError } from './errors.js';
export type { RecoveryReport } from './recovery.js';
