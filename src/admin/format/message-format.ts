// Message texts, as mqadmin prints them:
//   queryMsgById / queryMsgByOffset   "%-20s %s" lines: OffsetID, Topic, Tags, Keys, Queue ID, Queue
//                                     Offset, CommitLog Offset, Reconsume Times, Born/Store Timestamp,
//                                     Born/Store Host, System Flag, Properties, Message Body Path,
//                                     then the message tracks (or "WARN: No Consumer")
//   queryMsgByUniqueKey               the same without OffsetID
//   queryMsgByKey                     #Message ID #QID #Offset (50 / 4 / 40 wide)
//   printMsg and friends              "MSGID: <id> <MessageExt.toString> BODY: <text>"
//   sendMessage                       #Broker Name #QID #Send Result #MsgId
// Properties print in Java HashMap order, hosts as Java's InetSocketAddress does.

import type { MessageExt } from '../../client/message/message-ext.js';
import type { SendResult } from '../../client/producer/send-result.js';
import { type MessageTrack, messageTrackToString } from '../messages.js';
import { javaMapToString } from './java-hashmap.js';
import { jformat } from './printf.js';
import { timeMillisToHumanString2 } from './time.js';

const line = (label: string, v: unknown) => jformat('%-20s %s', label, v);

/** The detail block of one message; `offsetId` adds the OffsetID line (queryMsgById, queryMsgByOffset). */
export function messageDetailLines(m: MessageExt, bodyPath: string, offsetId: boolean): string[] {
  const out: string[] = [];
  if (offsetId) out.push(line('OffsetID:', m.offsetMsgId));
  out.push(
    line('Topic:', m.topic),
    line('Tags:', `[${m.tags ?? null}]`),
    line('Keys:', `[${m.keys ?? null}]`),
    line('Queue ID:', m.queueId),
    line('Queue Offset:', m.queueOffset),
    line('CommitLog Offset:', m.commitLogOffset),
    line('Reconsume Times:', m.reconsumeTimes),
    line('Born Timestamp:', timeMillisToHumanString2(m.bornTimestamp)),
    line('Store Timestamp:', timeMillisToHumanString2(m.storeTimestamp)),
    line('Born Host:', m.bornHost),
    line('Store Host:', m.storeHost),
    line('System Flag:', m.sysFlag),
    line('Properties:', javaMapToString(m.properties)),
    line('Message Body Path:', bodyPath),
  );
  return out;
}

/** What follows the detail block: two blank lines and the tracks, or the no-consumer warning. */
export function messageTrackLines(tracks: readonly MessageTrack[]): string[] {
  if (tracks.length === 0) return ['', '', 'WARN: No Consumer'];
  return ['', '', ...tracks.map(messageTrackToString)];
}

/** A message for --json: MessageExt's fields, with the body as base64 when it is not UTF-8 text. */
export function messageJson(m: MessageExt): Record<string, unknown> {
  const text = m.body.toString('utf8');
  const utf8 = !text.includes('\uFFFD');
  return { ...m.toJSON(), body: utf8 ? text : m.body.toString('base64'), bodyEncoding: utf8 ? 'utf8' : 'base64' };
}

export function keyQueryHeader(): string {
  return jformat('%-50s %4s %40s', '#Message ID', '#QID', '#Offset');
}

export function keyQueryLine(m: MessageExt): string {
  return jformat('%-50s %4d %40d', m.msgId, m.queueId, m.queueOffset);
}

/** Java's InetSocketAddress.toString of a resolved address: "/127.0.0.1:10911". */
const javaAddr = (hostPort: string) => `/${hostPort}`;

/** Message.toString and MessageExt.toString as Java prints them (body as a byte list, properties in HashMap order). */
export function javaMessageExtToString(m: MessageExt): string {
  const body = `[${[...m.body].map((b) => (b > 127 ? b - 256 : b)).join(', ')}]`;
  return `MessageExt [brokerName=${m.brokerName || null}, queueId=${m.queueId}, storeSize=${m.storeSize}, queueOffset=${m.queueOffset}, ` +
    `sysFlag=${m.sysFlag}, bornTimestamp=${m.bornTimestamp}, bornHost=${javaAddr(m.bornHost)}, storeTimestamp=${m.storeTimestamp}, ` +
    `storeHost=${javaAddr(m.storeHost)}, msgId=${m.offsetMsgId}, commitLogOffset=${m.commitLogOffset}, bodyCRC=${m.bodyCRC}, ` +
    `reconsumeTimes=${m.reconsumeTimes}, preparedTransactionOffset=${m.preparedTransactionOffset}, ` +
    `toString()=Message{topic='${m.topic}', flag=${m.flag}, properties=${
      javaMapToString(m.properties)
    }, body=${body}, transactionId='null'}]`;
}

/** PrintMessageSubCommand.printMessage: one line per message; `decoder` reads the body in the -c charset. */
export function printMessageLine(m: MessageExt, decoder: TextDecoder | null): string {
  return `MSGID: ${m.msgId} ${javaMessageExtToString(m)} BODY: ${decoder ? decoder.decode(m.body) : 'NOT PRINT BODY'}`;
}

const SEND = '%-32s  %-4s  %-20s    %s';

export function sendResultLines(r: SendResult): { header: string; row: string } {
  return {
    header: jformat(SEND, '#Broker Name', '#QID', '#Send Result', '#MsgId'),
    row: jformat(SEND, r.messageQueue.brokerName, r.messageQueue.queueId, r.sendStatus, r.msgId),
  };
}
