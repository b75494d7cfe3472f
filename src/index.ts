// The package entry point: the client library (producers, consumers, the remote API).
export * from './client/index.js';
