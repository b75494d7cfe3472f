// A consumer's running info as mqadmin consumerStatus prints it (ConsumerRunningInfo.formatString):
// properties, subscriptions, the offset and process-queue state of each queue, pull and consume
// rates per topic, and the stack when asked for; plus the checks consumerStatus runs over all the
// members of a group (same subscriptions everywhere, queues that stopped consuming or locking).
// Properties print sorted by name (Java prints them in Hashtable order).

import { ConsumeType } from '../../remoting/protocol/consumer-types.js';
import { type ConsumerRunningInfo, ConsumerRunningInfoProp, type ProcessQueueInfo } from '../../remoting/protocol/consumer-running-info.js';
import { messageQueueToString } from '../../client/consumer/allocate.js';
import { jformat } from './printf.js';
import { timeMillisToHumanString } from './time.js';

export type { ConsumerRunningInfo };

export function processQueueInfoToString(q: ProcessQueueInfo): string {
  return `ProcessQueueInfo [commitOffset=${q.commitOffset}, cachedMsgMinOffset=${q.cachedMsgMinOffset}, cachedMsgMaxOffset=${q.cachedMsgMaxOffset}, ` +
    `cachedMsgCount=${q.cachedMsgCount}, cachedMsgSizeInMiB=${q.cachedMsgSizeInMiB}, transactionMsgMinOffset=${q.transactionMsgMinOffset}, ` +
    `transactionMsgMaxOffset=${q.transactionMsgMaxOffset}, transactionMsgCount=${q.transactionMsgCount}, locked=${q.locked}, ` +
    `tryUnlockTimes=${q.tryUnlockTimes}, lastLockTimestamp=${timeMillisToHumanString(q.lastLockTimestamp)}, droped=${q.droped}, ` +
    `lastPullTimestamp=${timeMillisToHumanString(q.lastPullTimestamp)}, lastConsumeTimestamp=${
      timeMillisToHumanString(q.lastConsumeTimestamp)
    }]`;
}

export function formatRunningInfo(info: ConsumerRunningInfo): string {
  const out: string[] = ['#Consumer Properties#\n'];
  for (const [k, v] of [...info.properties].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out.push(jformat('%-40s: %s%n', k, v));
  out.push('\n\n#Consumer Subscription#\n');
  info.subscriptionSet.forEach((sd, i) =>
    out.push(jformat('%03d Topic: %-40s ClassFilter: %-8s SubExpression: %s%n', i + 1, sd.topic, sd.classFilterMode, sd.subString))
  );
  const queues = info.mqTable.sorted();
  out.push('\n\n#Consumer Offset#\n', jformat('%-64s  %-32s  %-4s  %-20s%n', '#Topic', '#Broker Name', '#QID', '#Consumer Offset'));
  for (const [mq, q] of queues) out.push(jformat('%-32s  %-32s  %-4d  %-20d%n', mq.topic, mq.brokerName, mq.queueId, q.commitOffset));
  out.push('\n\n#Consumer MQ Detail#\n', jformat('%-64s  %-32s  %-4s  %-20s%n', '#Topic', '#Broker Name', '#QID', '#ProcessQueueInfo'));
  for (const [mq, q] of queues) {
    out.push(jformat('%-64s  %-32s  %-4d  %s%n', mq.topic, mq.brokerName, mq.queueId, processQueueInfoToString(q)));
  }
  out.push(
    '\n\n#Consumer RT&TPS#\n',
    jformat(
      '%-64s  %14s %14s %14s %14s %18s %25s%n',
      '#Topic',
      '#Pull RT',
      '#Pull TPS',
      '#Consume RT',
      '#ConsumeOK TPS',
      '#ConsumeFailed TPS',
      '#ConsumeFailedMsgsInHour',
    ),
  );
  for (const [topic, s] of [...info.statusTable].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(
      jformat(
        '%-32s  %14.2f %14.2f %14.2f %14.2f %18.2f %25d%n',
        topic,
        s.pullRT,
        s.pullTPS,
        s.consumeRT,
        s.consumeOKTPS,
        s.consumeFailedTPS,
        s.consumeFailedMsgs,
      ),
    );
  }
  if (info.jstack) out.push('\n\n#Consumer jstack#\n', info.jstack);
  return out.join('');
}

const isPush = (info: ConsumerRunningInfo) => info.properties.get(ConsumerRunningInfoProp.CONSUME_TYPE) === ConsumeType.CONSUME_PASSIVELY;
const subscriptionKey = (info: ConsumerRunningInfo) =>
  info.subscriptionSet.map((sd) => `${sd.topic}\u0000${sd.subString}`).sort().join('\u0001');

/** ConsumerRunningInfo.analyzeSubscription: push members running for 2 minutes must all subscribe alike, and to something. */
export function sameSubscription(infos: readonly ConsumerRunningInfo[], now = Date.now()): boolean {
  const first = infos[0];
  if (!first || !isPush(first)) return true;
  const started = Number(first.properties.get(ConsumerRunningInfoProp.CONSUMER_START_TIMESTAMP) ?? now);
  if (now - started <= 120_000) return true;
  if (infos.some((i) => subscriptionKey(i) !== subscriptionKey(first))) return false;
  return first.subscriptionSet.length > 0;
}

/** ConsumerRunningInfo.analyzeProcessQueue: queues that cannot lock (orderly) or have not consumed for a minute. */
export function processQueueWarnings(clientId: string, info: ConsumerRunningInfo, now = Date.now()): string[] {
  if (!isPush(info)) return [];
  const orderly = (info.properties.get(ConsumerRunningInfoProp.CONSUME_ORDERLY) ?? '').toLowerCase() === 'true';
  const out: string[] = [];
  for (const [mq, q] of info.mqTable.sorted()) {
    const mqText = messageQueueToString(mq);
    if (orderly) {
      if (!q.locked) out.push(`${clientId} ${mqText} can't lock for a while, ${now - q.lastLockTimestamp}ms`);
      else if (q.droped && q.tryUnlockTimes > 0) out.push(`${clientId} ${mqText} unlock ${q.tryUnlockTimes} times, still failed`);
    } else if (now - q.lastConsumeTimestamp > 60_000 && q.cachedMsgCount > 0) {
      out.push(`${clientId} ${mqText} can't consume for a while, maybe blocked, ${now - q.lastConsumeTimestamp}ms`);
    }
  }
  return out;
}
