// NettyServerConfig and NettyClientConfig: the transport settings of every server and client, with
// Java's keys and defaults. Every key is kept so Java config files load unchanged and `-p` prints
// what Java prints, but many tune Netty internals with no node:net counterpart. Honoured today:
// listenPort, serverChannelMaxIdleTimeSeconds (every server) and writeBufferHighWaterMark (a server
// stops reading a client whose unsent replies pass it); the rest await transport support. What
// Java has no key for (connections, requests in progress, unfinished frames) is RemotingLimits.
// Neither Java class marks any field @ImportantField, so `-m` prints none of these.

import os from 'node:os';
import { bool, type ConfigOf, defineConfig, int, long } from './schema.js';

/** Keys in Java's declaration order, which is the order `-p` prints them. */
function nettyServerSpec(listenPort: number) {
  return {
    listenPort: int(listenPort, 'TCP port the server accepts connections on; 0 picks a free one'),
    serverWorkerThreads: int(8, 'Java worker pool size; requests run on the event loop here'),
    serverCallbackExecutorThreads: int(0, 'Java callback pool size (0 = processor count); unused here'),
    serverSelectorThreads: int(3, 'Netty selector threads; the runtime owns its I/O threads here'),
    serverOnewaySemaphoreValue: int(256, 'Concurrent oneway requests a server sends before it waits'),
    serverAsyncSemaphoreValue: int(64, 'Concurrent async requests a server sends before it waits'),
    serverChannelMaxIdleTimeSeconds: int(120, 'Close a connection with no traffic for this long, as Java does'),
    serverSocketSndBufSize: int(0, 'SO_SNDBUF in bytes; 0 leaves the OS default'),
    serverSocketRcvBufSize: int(0, 'SO_RCVBUF in bytes; 0 leaves the OS default'),
    writeBufferHighWaterMark: int(0, "Stop reading a client with more unsent replies than this; 0 = Netty's 64 KiB"),
    writeBufferLowWaterMark: int(0, 'Netty resumes below this; here reading resumes once the replies are sent'),
    serverSocketBacklog: int(1024, 'Pending-connection queue length passed to listen()'),
    serverPooledByteBufAllocatorEnable: bool(true, 'Netty pooled buffers; our frame codec pools its own'),
    useEpollNativeSelector: bool(false, 'Netty native epoll; the runtime picks its poller here'),
  };
}

/** Java's class default (8888); each role uses its own port below. */
export const NettyServerConfigDef = defineConfig('NettyServerConfig', nettyServerSpec(8888));
/** The name server listens on 9876, as NamesrvStartup sets. */
export const NamesrvNettyServerConfigDef = defineConfig('NettyServerConfig', nettyServerSpec(9876));
/** The broker listens on 10911 (10909 VIP, 10912 HA), as BrokerStartup sets. */
export const BrokerNettyServerConfigDef = defineConfig('NettyServerConfig', nettyServerSpec(10911));

export type NettyServerConfig = ConfigOf<ReturnType<typeof nettyServerSpec>>;

export const NettyClientConfigDef = defineConfig('NettyClientConfig', {
  clientWorkerThreads: int(4, 'Java client worker pool size; responses run on the event loop here'),
  clientCallbackExecutorThreads: int(os.availableParallelism?.() ?? os.cpus().length, 'Java callback pool: one thread per processor'),
  clientOnewaySemaphoreValue: int(65535, 'Concurrent oneway requests before the client waits'),
  clientAsyncSemaphoreValue: int(65535, 'Concurrent async requests before the client waits'),
  connectTimeoutMillis: int(3000, 'Give up a TCP connect after this long'),
  channelNotActiveInterval: long(60000, 'How long an inactive channel is kept before it is dropped'),
  clientChannelMaxIdleTimeSeconds: int(120, 'Close a client connection with no traffic for this long'),
  clientSocketSndBufSize: int(0, 'SO_SNDBUF in bytes; 0 leaves the OS default'),
  clientSocketRcvBufSize: int(0, 'SO_RCVBUF in bytes; 0 leaves the OS default'),
  clientPooledByteBufAllocatorEnable: bool(false, 'Netty pooled buffers; unused here'),
  clientCloseSocketIfTimeout: bool(true, 'Drop the connection after a request times out, as Java does'),
  useTLS: bool(false, 'TLS to servers; not supported yet, so it must stay false'),
  writeBufferHighWaterMark: int(0, 'Pause writing above this many queued bytes; 0 = runtime default'),
  writeBufferLowWaterMark: int(0, 'Resume writing below this many queued bytes; 0 = runtime default'),
});

export type NettyClientConfig = ReturnType<typeof NettyClientConfigDef.defaults>;
