// The message domain shared by store, broker and client.

export * from './batch-codec.js';
export * from './compression.js';
export * from './int64.js';
export * from './java-hash.js';
export * from './lz4.js';
export * from './message-const.js';
export * from './message-ext.js';
export * from './message-id.js';
export * from './properties.js';
export * from './record-codec.js';
export * from './socket-address.js';
export * from './sysflag.js';
export * from './unique-id.js';
