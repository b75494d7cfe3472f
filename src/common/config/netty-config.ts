// NettyServerConfig and NettyClientConfig: the transport settings of every server and client, with
// Java's keys and defaults. Every key is kept so Java config files load unchanged and `-p` prints
// what Java prints, but many tune Netty internals with no node:net counterpart. Honoured today:
// listenPort and serverChannelMaxIdleTimeSeconds (name server); the rest await transport support.
// Neither Java class marks any field @ImportantField, so `-m` prints none of these.

import os from 'node:os';
import { bool, type ConfigOf, DAY_MS, defineConfig, int, INT_MAX, long, LONG_MAX, THREADS_MAX } from './schema.js';

/** The ports a name server may listen on. */
export const PORT_ALLOWED = 'a port from 1 to 65535, or 0 for a free one';

/** A broker also listens 2 below its port (VIP) and 1 above it (HA). */
const BROKER_PORT = {
  range: [0, 65534] as const,
  valid: (n: number) => n === 0 || n >= 3,
  allowed: 'a port from 3 to 65534, or 0 for free ones: the VIP port is 2 below it, the HA port 1 above',
};

/** Keys in Java's declaration order, which is the order `-p` prints them. */
function nettyServerSpec(listenPort: number, port: { range: readonly [number, number]; allowed: string; valid?: (n: number) => boolean }) {
  return {
    listenPort: int(listenPort, 'TCP port the server accepts connections on; 0 picks a free one', port),
    serverWorkerThreads: int(8, 'Java worker pool size; requests run on the event loop here', { range: [1, THREADS_MAX] }),
    serverCallbackExecutorThreads: int(0, 'Java callback pool size (0 = processor count); unused here', {
      range: [0, THREADS_MAX],
      allowed: 'an integer from 0 to 10000, 0 for one per processor',
    }),
    serverSelectorThreads: int(3, 'Netty selector threads; the runtime owns its I/O threads here', { range: [1, THREADS_MAX] }),
    serverOnewaySemaphoreValue: int(256, 'Concurrent oneway requests a server sends before it waits', { range: [1, INT_MAX] }),
    serverAsyncSemaphoreValue: int(64, 'Concurrent async requests a server sends before it waits', { range: [1, INT_MAX] }),
    serverChannelMaxIdleTimeSeconds: int(120, 'Close a connection with no traffic for this long, as Java does', {
      range: [0, 86400 * 365],
      allowed: 'seconds from 0 to 31536000, 0 for never',
    }),
    serverSocketSndBufSize: int(0, 'SO_SNDBUF in bytes; 0 leaves the OS default', { range: [0, INT_MAX] }),
    serverSocketRcvBufSize: int(0, 'SO_RCVBUF in bytes; 0 leaves the OS default', { range: [0, INT_MAX] }),
    writeBufferHighWaterMark: int(0, 'Pause writing above this many queued bytes; 0 = runtime default', { range: [0, INT_MAX] }),
    writeBufferLowWaterMark: int(0, 'Resume writing below this many queued bytes; 0 = runtime default', { range: [0, INT_MAX] }),
    serverSocketBacklog: int(1024, 'Pending-connection queue length passed to listen()', { range: [1, 65535] }),
    serverPooledByteBufAllocatorEnable: bool(true, 'Netty pooled buffers; our frame codec pools its own'),
    useEpollNativeSelector: bool(false, 'Netty native epoll; the runtime picks its poller here'),
  };
}

/** Java's class default (8888); each role uses its own port below. */
export const NettyServerConfigDef = defineConfig('NettyServerConfig', nettyServerSpec(8888, { range: [0, 65535], allowed: PORT_ALLOWED }));
/** The name server listens on 9876, as NamesrvStartup sets. */
export const NamesrvNettyServerConfigDef = defineConfig(
  'NettyServerConfig',
  nettyServerSpec(9876, { range: [0, 65535], allowed: PORT_ALLOWED }),
);
/** The broker listens on 10911 (10909 VIP, 10912 HA), as BrokerStartup sets. */
export const BrokerNettyServerConfigDef = defineConfig('NettyServerConfig', nettyServerSpec(10911, BROKER_PORT));

export type NettyServerConfig = ConfigOf<ReturnType<typeof nettyServerSpec>>;

export const NettyClientConfigDef = defineConfig('NettyClientConfig', {
  clientWorkerThreads: int(4, 'Java client worker pool size; responses run on the event loop here', { range: [1, THREADS_MAX] }),
  clientCallbackExecutorThreads: int(os.availableParallelism?.() ?? os.cpus().length, 'Java callback pool: one thread per processor', {
    range: [1, THREADS_MAX],
  }),
  clientOnewaySemaphoreValue: int(65535, 'Concurrent oneway requests before the client waits', { range: [1, INT_MAX] }),
  clientAsyncSemaphoreValue: int(65535, 'Concurrent async requests before the client waits', { range: [1, INT_MAX] }),
  connectTimeoutMillis: int(3000, 'Give up a TCP connect after this long', { range: [1, DAY_MS] }),
  channelNotActiveInterval: long(60000, 'How long an inactive channel is kept before it is dropped', { range: [0, LONG_MAX] }),
  clientChannelMaxIdleTimeSeconds: int(120, 'Close a client connection with no traffic for this long', {
    range: [0, 86400 * 365],
    allowed: 'seconds from 0 to 31536000, 0 for never',
  }),
  clientSocketSndBufSize: int(0, 'SO_SNDBUF in bytes; 0 leaves the OS default', { range: [0, INT_MAX] }),
  clientSocketRcvBufSize: int(0, 'SO_RCVBUF in bytes; 0 leaves the OS default', { range: [0, INT_MAX] }),
  clientPooledByteBufAllocatorEnable: bool(false, 'Netty pooled buffers; unused here'),
  clientCloseSocketIfTimeout: bool(true, 'Drop the connection after a request times out, as Java does'),
  useTLS: bool(false, 'TLS to servers; not supported yet, so it must stay false'),
  writeBufferHighWaterMark: int(0, 'Pause writing above this many queued bytes; 0 = runtime default', { range: [0, INT_MAX] }),
  writeBufferLowWaterMark: int(0, 'Resume writing below this many queued bytes; 0 = runtime default', { range: [0, INT_MAX] }),
});

export type NettyClientConfig = ReturnType<typeof NettyClientConfigDef.defaults>;
