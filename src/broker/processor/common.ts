// Small pieces every broker processor uses: Java's FAQ hints in remarks, the born host of a
// connection (encoded once per connection, not per message), and reading a request header so a
// missing or bad field answers with Java's text.

import { encodeSocketAddress, parseSocketAddress } from '../../common/message/socket-address.js';
import type { RemotingCommand } from '../../remoting/command.js';
import { ServerResponseError } from '../../remoting/errors.js';
import { ResponseCode } from '../../remoting/response-code.js';
import type { ClientChannel } from '../client/client-channel.js';

/** Where Java's remarks point for more help (FAQUrl; all of them are the same page in 4.9). */
export const FAQ_URL = 'http://rocketmq.apache.org/docs/faq/';

/** FAQUrl.suggestTodo: the hint Java appends to some remarks. */
export function suggestTodo(url: string = FAQ_URL): string {
  return `\nSee ${url} for further details.`;
}

const bornHosts = new WeakMap<object, Buffer>();

/** The 8- or 20-byte host field of a connection's peer, as stored in bornHost. */
export function bornHostOf(channel: ClientChannel): Buffer {
  let b = bornHosts.get(channel);
  if (!b) {
    const a = parseSocketAddress(channel.remoteAddress);
    try {
      b = encodeSocketAddress(a.host, a.port);
    } catch {
      b = encodeSocketAddress('0.0.0.0', a.port || 0);
    }
    bornHosts.set(channel, b);
  }
  return b;
}

/** Throws the error a processor answers with. */
export function fail(code: number, remark: string): never {
  throw new ServerResponseError(code, remark);
}

/** The request body, or SYSTEM_ERROR when a request that needs one has none. */
export function requireBody(req: RemotingCommand): Buffer {
  const b = req.body;
  if (!b || b.length === 0) fail(ResponseCode.SYSTEM_ERROR, 'request body is empty');
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** Java's MixAll.humanReadableByteCount(bytes, false): "812 B", "1.5 KiB", "252.0 GiB". */
export function humanReadableByteCount(bytes: number): string {
  const unit = 1024;
  if (bytes < unit) return `${bytes} B`;
  const exp = Math.floor(Math.log(bytes) / Math.log(unit));
  return `${(bytes / unit ** exp).toFixed(1)} ${'KMGTPE'[exp - 1]}iB`;
}

export { timeMillisToHumanString2 } from '../../common/time-format.js';
