// NettyServerConfig and NettyClientConfig: the transport settings of every server and client, with
// Java's keys and defaults. Every key is kept so Java config files load unchanged and `-p` prints
// what Java prints, but many tune Netty internals with no node:net counterpart. Honoured today:
// listenPort, serverChannelMaxIdleTimeSeconds (every server), writeBufferHighWaterMark (a server
// stops reading a client whose unsent replies pass it), the client's connectTimeoutMillis, and
// useTLS (src/common/config/tls-config.ts); the rest are marked inert (schema.ts) until the
// transport supports them. What Java has no key for (connections, requests in progress,
// unfinished frames) is RemotingLimits.
// Neither Java class marks any field @ImportantField, so `-m` prints none of these.

import os from 'node:os';
import { bool, type ConfigOf, DAY_MS, defineConfig, int, INT_MAX, long, LONG_MAX, NO_THREAD_POOL, THREADS_MAX } from './schema.js';

/** The ports a name server may listen on. */
export const PORT_ALLOWED = 'a port from 1 to 65535, or 0 for a free one';

// Why keys are read but not acted on (schema.ts `inert`); implementing one means deleting its mark.
const NETTY = 'a Netty internal with no counterpart on node:net';
const SOCKET_BUFFERS = 'socket buffer sizes are left to the OS (node:net cannot set them)';
const IN_FLIGHT = 'requests in flight are not limited';
const WATER_MARKS = 'writes are not paused at a high-water mark';

/** A broker also listens 2 below its port (VIP) and 1 above it (HA). */
const BROKER_PORT = {
  range: [0, 65534] as const,
  valid: (n: number) => n === 0 || n >= 3,
  allowed: 'a port from 3 to 65534, or 0 for free ones: the VIP port is 2 below it, the HA port 1 above',
};

/** Keys in Java's declaration order, which is the order `-p` prints them. */
function nettyServerSpec(
  listenPort: number,
  port: { range: readonly [number, number]; allowed: string; valid?: (n: number) => boolean },
) {
  return {
    listenPort: int(listenPort, 'TCP port the server accepts connections on; 0 picks a free one', port),
    serverWorkerThreads: int(8, 'Java worker pool size; requests run on the event loop here', {
      range: [1, THREADS_MAX],
      inert: NO_THREAD_POOL,
    }),
    serverCallbackExecutorThreads: int(0, 'Java callback pool size (0 = processor count); unused here', {
      range: [0, THREADS_MAX],
      allowed: 'an integer from 0 to 10000, 0 for one per processor',
      inert: NO_THREAD_POOL,
    }),
    serverSelectorThreads: int(3, 'Netty selector threads; the runtime owns its I/O threads here', {
      range: [1, THREADS_MAX],
      inert: NO_THREAD_POOL,
    }),
    serverOnewaySemaphoreValue: int(256, 'Concurrent oneway requests a server sends before it waits', {
      range: [1, INT_MAX],
      inert: IN_FLIGHT,
    }),
    serverAsyncSemaphoreValue: int(64, 'Concurrent async requests a server sends before it waits', {
      range: [1, INT_MAX],
      inert: IN_FLIGHT,
    }),
    serverChannelMaxIdleTimeSeconds: int(120, 'Close a connection with no traffic for this long, as Java does', {
      range: [0, 86400 * 365],
      allowed: 'seconds from 0 to 31536000, 0 for never',
    }),
    serverSocketSndBufSize: int(0, 'SO_SNDBUF in bytes; 0 leaves the OS default', { range: [0, INT_MAX], inert: SOCKET_BUFFERS }),
    serverSocketRcvBufSize: int(0, 'SO_RCVBUF in bytes; 0 leaves the OS default', { range: [0, INT_MAX], inert: SOCKET_BUFFERS }),
    writeBufferHighWaterMark: int(0, "Stop reading a client with more unsent replies than this; 0 = Netty's 64 KiB", {
      range: [0, INT_MAX],
    }),
    writeBufferLowWaterMark: int(0, 'Netty resumes below this; here reading resumes once the replies are sent', {
      range: [0, INT_MAX],
      inert: 'reading resumes once all unsent replies are sent: there is no low mark',
    }),
    serverSocketBacklog: int(1024, 'Pending-connection queue length passed to listen()', {
      range: [1, 65535],
      inert: "listen() keeps the runtime's backlog",
    }),
    serverPooledByteBufAllocatorEnable: bool(true, 'Netty pooled buffers; our frame codec pools its own', { inert: NETTY }),
    useEpollNativeSelector: bool(false, 'Netty native epoll; the runtime picks its poller here', { inert: NETTY }),
  };
}

/** Java's class default (8888); each role uses its own port below. */
export const NettyServerConfigDef = defineConfig('NettyServerConfig', nettyServerSpec(8888, { range: [0, 65535], allowed: PORT_ALLOWED }));
/** The name server listens on 9876, as NamesrvStartup sets. */
export const NamesrvNettyServerConfigDef = defineConfig(
  'NettyServerConfig',
  nettyServerSpec(9876, { range: [0, 65535], allowed: PORT_ALLOWED }),
);
/** The broker listens on 10911 (10909 VIP, 10912 HA), as BrokerStartup sets; only the name server closes idle connections. */
export const BrokerNettyServerConfigDef = defineConfig(
  'NettyServerConfig',
  nettyServerSpec(10911, BROKER_PORT),
);

export type NettyServerConfig = ConfigOf<ReturnType<typeof nettyServerSpec>>;

export const NettyClientConfigDef = defineConfig('NettyClientConfig', {
  clientWorkerThreads: int(4, 'Java client worker pool size; responses run on the event loop here', {
    range: [1, THREADS_MAX],
    inert: NO_THREAD_POOL,
  }),
  clientCallbackExecutorThreads: int(os.availableParallelism?.() ?? os.cpus().length, 'Java callback pool: one thread per processor', {
    range: [1, THREADS_MAX],
    inert: NO_THREAD_POOL,
  }),
  clientOnewaySemaphoreValue: int(65535, 'Concurrent oneway requests before the client waits', { range: [1, INT_MAX], inert: IN_FLIGHT }),
  clientAsyncSemaphoreValue: int(65535, 'Concurrent async requests before the client waits', { range: [1, INT_MAX], inert: IN_FLIGHT }),
  connectTimeoutMillis: int(3000, 'Give up a TCP connect after this long', { range: [1, DAY_MS] }),
  channelNotActiveInterval: long(60000, 'How long an inactive channel is kept before it is dropped', {
    range: [0, LONG_MAX],
    inert: NETTY,
  }),
  clientChannelMaxIdleTimeSeconds: int(120, 'Close a client connection with no traffic for this long', {
    range: [0, 86400 * 365],
    allowed: 'seconds from 0 to 31536000, 0 for never',
    inert: 'idle outbound connections are not closed',
  }),
  clientSocketSndBufSize: int(0, 'SO_SNDBUF in bytes; 0 leaves the OS default', { range: [0, INT_MAX], inert: SOCKET_BUFFERS }),
  clientSocketRcvBufSize: int(0, 'SO_RCVBUF in bytes; 0 leaves the OS default', { range: [0, INT_MAX], inert: SOCKET_BUFFERS }),
  clientPooledByteBufAllocatorEnable: bool(false, 'Netty pooled buffers; unused here', { inert: NETTY }),
  clientCloseSocketIfTimeout: bool(true, 'Drop the connection after a request times out, as Java does', {
    inert: 'a request that timed out leaves its connection open',
  }),
  useTLS: bool(false, 'TLS to servers; a broker defaults it to tls.enable, else to tls.server.mode=enforcing'),
  writeBufferHighWaterMark: int(0, 'Pause writing above this many queued bytes; 0 = runtime default', {
    range: [0, INT_MAX],
    inert: WATER_MARKS,
  }),
  writeBufferLowWaterMark: int(0, 'Resume writing below this many queued bytes; 0 = runtime default', {
    range: [0, INT_MAX],
    inert: WATER_MARKS,
  }),
});

export type NettyClientConfig = ReturnType<typeof NettyClientConfigDef.defaults>;
