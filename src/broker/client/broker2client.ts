// Requests the broker sends to its clients (Java's Broker2Client): NOTIFY_CONSUMER_IDS_CHANGED,
// oneway, to every member of a group whose membership or subscriptions changed; and forwarding an
// admin request to one consumer (running info, consume directly), waiting for its answer.

import { getLogger } from '../../common/logger.js';
import { describeError } from '../../common/errors.js';
import { createRequest, type RemotingCommand } from '../../remoting/command.js';
import { RequestCode } from '../../remoting/request-code.js';
import { NotifyConsumerIdsChangedRequestHeader } from '../../remoting/protocol/consumer-ids.js';
import type { ClientChannel } from './client-channel.js';

const log = getLogger('broker');

/** How long a forwarded request waits for the client (Java's callClient: 10 s). */
export const CALL_CLIENT_TIMEOUT_MS = 10_000;

export function notifyConsumerIdsChanged(channels: readonly ClientChannel[], consumerGroup: string): void {
  const ext = NotifyConsumerIdsChangedRequestHeader.encode({ consumerGroup });
  for (const ch of channels) {
    if (!ch.isOpen) continue;
    try {
      ch.invokeOneway(createRequest(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, { ...ext }));
    } catch (err) {
      log.warn('notify consumer ids changed failed', { group: consumerGroup, addr: ch.remoteAddress, err: describeError(err) });
    }
  }
}

/** Sends `code` with the given fields and body to one client and waits for its response. */
export function callClient(
  channel: ClientChannel,
  code: number,
  extFields: Record<string, string> | null | undefined,
  body: Uint8Array | null | undefined,
  timeoutMs = CALL_CLIENT_TIMEOUT_MS,
): Promise<RemotingCommand> {
  return channel.invoke(createRequest(code, extFields ? { ...extFields } : null, body ?? null), timeoutMs);
}
