// What a remoting server allows one client, beyond the keys Java has for it. Java bounds the same
// things with Netty's per-channel buffers and its bounded thread-pool queues; one event loop needs
// them said. They are read from a server's -c file like any other key, but GET_BROKER_CONFIG,
// GET_NAMESRV_CONFIG and -p keep answering exactly Java's keys. The Java keys that take part are
// NettyServerConfig's serverChannelMaxIdleTimeSeconds and writeBufferHighWaterMark.

import { type ConfigOf, DAY_MS, defineConfig, int, INT_MAX, long, LONG_MAX } from './schema.js';

export const RemotingLimitsDef = defineConfig('RemotingLimits', {
  serverMaxConnections: int(10_000, 'Connections held at once; one more is closed as soon as it is accepted (0: no limit)', {
    range: [0, INT_MAX],
    allowed: 'an integer from 0 to 2147483647, 0 for no limit',
  }),
  serverChannelMaxPendingRequests: int(
    256,
    'Requests of one connection being processed before the server stops reading it (held pulls and sends waiting for the store do not count)',
    { range: [0, INT_MAX], allowed: 'an integer from 0 to 2147483647, 0 for no limit' },
  ),
  serverFrameReadTimeoutMillis: int(30_000, 'A frame must be whole this long after its first byte, else its connection is closed', {
    range: [0, DAY_MS],
    allowed: 'milliseconds from 0 to 86400000, 0 for no deadline',
  }),
  serverPartialFramesMaxBytes: long(
    128 * 1024 * 1024,
    'Bytes of frames received but not yet whole, all connections together; past it the connection holding most is closed',
    { range: [0, LONG_MAX], allowed: 'bytes from 0 up, 0 for no limit' },
  ),
});

export type RemotingLimits = ConfigOf<typeof RemotingLimitsDef.spec>;
