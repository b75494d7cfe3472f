// The storage engine: commit log, consume queues, index, checkpoint, recovery, flush, retention.

export { MessageStore, type MessageStoreOptions, type QueryMessageResult } from './message-store.js';
export { type PutMessageHook, type PutMessageInput, PutMessageResult } from './put-result.js';
export { GetMessageResult, type MessageFilter, tagsFilter } from './get-message.js';
export { GetMessageStatus, PutMessageStatus } from './status.js';
export type { MessageArrivingListener } from './dispatch.js';
export { type DiskUsageProbe, statfsDiskUsage, type StoreClock, systemClock } from './clock.js';
export { StoreClosedError, StoreCorruptError, StoreError, StoreLockedError } from './errors.js';
export type { RecoveryReport } from './recovery.js';
