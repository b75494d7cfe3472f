// How much one client may take from a remoting server: connections, idle time, requests in
// progress, unread replies, and bytes of frames not yet whole. Built from NettyServerConfig (Java's
// keys) and RemotingLimits (ours); each can be switched off with 0.

import type { NettyServerConfig } from '../common/config/netty-config.js';
import { type RemotingLimits, RemotingLimitsDef } from '../common/config/remoting-limits.js';

/** Netty's default high water mark of a channel's outbound buffer (64 KiB), used when the key says 0. */
export const NETTY_WRITE_BUFFER_HIGH_WATER_MARK = 64 * 1024;

export interface ServerLimits {
  /** Connections held at once; more are closed on accept. */
  maxConnections: number;
  /** Close a connection with neither reads nor writes for this long (serverChannelMaxIdleTimeSeconds). */
  channelMaxIdleMs: number;
  /** Requests of one connection in progress before reading it pauses. */
  maxPendingRequests: number;
  /** Reading a connection pauses while more than this many bytes of its replies wait to be sent. */
  writeBufferHighWaterMark: number;
  /** A frame must be whole this long after its first byte. */
  frameReadTimeoutMs: number;
  /** Bytes of frames not yet whole (or held while paused), over all connections of the server. */
  partialFramesMaxBytes: number;
}

export function serverLimits(netty: Partial<NettyServerConfig> = {}, own: Partial<RemotingLimits> = {}): ServerLimits {
  const l = { ...RemotingLimitsDef.defaults(), ...own };
  const high = netty.writeBufferHighWaterMark ?? 0;
  return {
    maxConnections: Math.max(0, l.serverMaxConnections),
    channelMaxIdleMs: Math.max(0, (netty.serverChannelMaxIdleTimeSeconds ?? 120) * 1000),
    maxPendingRequests: Math.max(0, l.serverChannelMaxPendingRequests),
    writeBufferHighWaterMark: high > 0 ? high : NETTY_WRITE_BUFFER_HIGH_WATER_MARK,
    frameReadTimeoutMs: Math.max(0, l.serverFrameReadTimeoutMillis),
    partialFramesMaxBytes: Math.max(0, l.serverPartialFramesMaxBytes),
  };
}
