// The name server's protocol in one import: request and response headers, and body codecs.

export * from './headers.js';
export * from './register-broker-body.js';
export * from './route-data.js';
export * from './lists.js';
