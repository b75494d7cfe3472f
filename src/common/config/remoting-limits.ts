// What a remoting server allows one client, beyond the keys Java has for it. Java bounds the same
// things with Netty's per-channel buffers and its bounded thread-pool queues; one event loop needs
// them said. They are read from a server's -c file like any other key, but GET_BROKER_CONFIG,
// GET_NAMESRV_CONFIG and -p keep answering exactly Java's keys. The Java keys that take part are
// NettyServerConfig's serverChannelMaxIdleTimeSeconds and writeBufferHighWaterMark.

import { type ConfigOf, defineConfig, int, long } from './schema.js';

export const RemotingLimitsDef = defineConfig('RemotingLimits', {
  serverMaxConnections: int(10_000, 'Connections held at once; one more is closed as soon as it is accepted (0: no limit)'),
  serverChannelMaxPendingRequests: int(
    256,
    'Requests of one connection being processed before the server stops reading it (held pulls do not count)',
  ),
  serverFrameReadTimeoutMillis: int(30_000, 'A frame must be whole this long after its first byte, else its connection is closed'),
  serverPartialFramesMaxBytes: long(
    128 * 1024 * 1024,
    'Bytes of frames received but not yet whole, all connections together; past it the connection holding most is closed',
  ),
});

export type RemotingLimits = ConfigOf<typeof RemotingLimitsDef.spec>;
