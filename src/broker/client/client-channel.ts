// One client connection as the broker's client tables see it (Java's ClientChannelInfo): the
// connection, the client id it announced in its heartbeat, its language and version, and when it
// last sent a heartbeat. Tables key on the connection, so one client process that opens two
// connections counts twice, as in Java.

import type { RemotingCommand } from '../../remoting/command.js';

/** What the client tables need of a connection (remoting's Connection has it; tests pass fakes). */
export interface ClientChannel {
  readonly remoteAddress: string;
  readonly isOpen: boolean;
  close(): void;
  invokeOneway(request: RemotingCommand): void;
  invoke(request: RemotingCommand, timeoutMs: number): Promise<RemotingCommand>;
}

export interface ClientChannelInfo {
  channel: ClientChannel;
  clientId: string;
  /** LanguageCode name ("JAVA", "OTHER"...). */
  language: string;
  /** MQVersion ordinal the client sent. */
  version: number;
  lastUpdateTimestamp: number;
}

export function clientChannelInfo(
  channel: ClientChannel,
  clientId: string,
  language: string,
  version: number,
  now: number,
): ClientChannelInfo {
  return { channel, clientId, language, version, lastUpdateTimestamp: now };
}

/** Default time without a heartbeat after which a client is dropped (Java's CHANNEL_EXPIRED_TIMEOUT). */
export const CHANNEL_EXPIRED_TIMEOUT_MS = 120_000;
