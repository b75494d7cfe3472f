// Consumer group tables, as mqadmin prints them:
//   consumerProgress -g   #Topic #Broker Name #QID #Broker Offset #Consumer Offset [#Client IP] #Diff #LastTime,
//                         then "Consume TPS: %.2f" and "Diff Total: %d"
//   consumerProgress      #Group #Count #Version #Type #Model #TPS #Diff Total
//   consumerConnection    #ClientId #ClientAddr #Language #Version, the subscriptions and the consume mode
//   producerConnection    0001  <clientId> <addr> <language> <version>
//   producer              "producer group (<group>) instance : " and ProducerInfo.toString per producer
//   getConsumerConfig     a "====<cluster>:<broker>====" rule per broker, then "<field, 40 wide>=  <value>"
//                         for each SubscriptionGroupConfig field in its declaration order

import type { ClientConnection, ConsumerConnection, ProducerInfo } from '../../remoting/protocol/connection-info.js';
import type { ConsumerConfigInfo, GroupProgress, GroupSummary, QueueProgress } from '../groups.js';
import { javaHashMapOrder } from './java-hashmap.js';
import { mqVersionDesc } from './mq-version.js';
import { frontStringAtLeast, jformat } from './printf.js';
import { formatDateTime } from './time.js';

export function groupProgressHeader(showClientIP: boolean): string {
  return showClientIP
    ? jformat(
      '%-64s  %-32s  %-4s  %-20s  %-20s  %-20s %-20s  %s',
      '#Topic',
      '#Broker Name',
      '#QID',
      '#Broker Offset',
      '#Consumer Offset',
      '#Client IP',
      '#Diff',
      '#LastTime',
    )
    : jformat(
      '%-64s  %-32s  %-4s  %-20s  %-20s  %-20s  %s',
      '#Topic',
      '#Broker Name',
      '#QID',
      '#Broker Offset',
      '#Consumer Offset',
      '#Diff',
      '#LastTime',
    );
}

export function queueProgressLine(q: QueueProgress): string {
  const last = q.lastTimestamp === 0 ? 'N/A' : formatDateTime(q.lastTimestamp);
  const topic = frontStringAtLeast(q.topic, 64);
  const broker = frontStringAtLeast(q.brokerName, 32);
  return q.clientIP !== undefined
    ? jformat(
      '%-64s  %-32s  %-4d  %-20d  %-20d  %-20s %-20d  %s',
      topic,
      broker,
      q.queueId,
      q.brokerOffset,
      q.consumerOffset,
      q.clientIP,
      q.diff,
      last,
    )
    : jformat('%-64s  %-32s  %-4d  %-20d  %-20d  %-20d  %s', topic, broker, q.queueId, q.brokerOffset, q.consumerOffset, q.diff, last);
}

/** The lines after the table: a blank line, the TPS and the total backlog. */
export function groupProgressFooter(p: GroupProgress): string[] {
  return ['', jformat('Consume TPS: %.2f', p.consumeTps), jformat('Diff Total: %d', p.diffTotal)];
}

export function groupSummaryHeader(): string {
  return jformat('%-64s  %-6s  %-24s %-5s  %-14s  %-7s  %s', '#Group', '#Count', '#Version', '#Type', '#Model', '#TPS', '#Diff Total');
}

export function groupSummaryLine(g: GroupSummary): string {
  return jformat(
    '%-64s  %-6d  %-24s %-5s  %-14s  %-7d  %d',
    frontStringAtLeast(g.group, 64),
    g.count,
    g.version,
    g.consumeType,
    g.messageModel,
    g.consumeTps,
    g.diffTotal,
  );
}

const CONN = '%-36s %-22s %-10s %s';

export function consumerConnectionLines(cc: ConsumerConnection): { header: string; rows: string[]; rest: string[] } {
  const rows = cc.connectionSet.map((c) => jformat(CONN, c.clientId, c.clientAddr, c.language, mqVersionDesc(c.version)));
  const rest = ['', 'Below is subscription:', jformat('%-20s %s', '#Topic', '#SubExpression')];
  for (const sd of cc.subscriptionTable.values()) rest.push(jformat('%-20s %s', sd.topic, sd.subString));
  rest.push('', `ConsumeType: ${cc.consumeType}`, `MessageModel: ${cc.messageModel}`, `ConsumeFromWhere: ${cc.consumeFromWhere}`);
  return { header: jformat(CONN, '#ClientId', '#ClientAddr', '#Language', '#Version'), rows, rest };
}

export function producerConnectionLines(conns: readonly ClientConnection[]): string[] {
  return conns.map((c, i) => jformat('%04d  %-32s %-22s %-8s %s', i + 1, c.clientId, c.clientAddr, c.language, mqVersionDesc(c.version)));
}

/** ProducerSubCommand's lines for GET_ALL_PRODUCER_INFO's table (groups in Java's HashMap order). */
export function producerInfoLines(table: ReadonlyMap<string, readonly ProducerInfo[]>): string[] {
  const out: string[] = [];
  for (const [group, list] of javaHashMapOrder(table)) {
    if (list.length === 0) {
      out.push(`producer group (${group}) instances are empty`);
      continue;
    }
    for (const p of list) {
      out.push(
        `producer group (${group}) instance : clientId=${p.clientId},remoteIP=${p.remoteIP}, language=${p.language}, ` +
          `version=${p.version}, lastUpdateTimestamp=${p.lastUpdateTimestamp}`,
      );
    }
  }
  return out;
}

/** SubscriptionGroupConfig's fields in the order Java declares them (getConsumerConfig prints them so). */
const GROUP_CONFIG_FIELDS = [
  'groupName',
  'consumeEnable',
  'consumeFromMinEnable',
  'consumeBroadcastEnable',
  'retryQueueNums',
  'retryMaxTimes',
  'brokerId',
  'whichBrokerWhenConsumeSlowly',
  'notifyConsumerIdsChangedEnable',
] as const;

export function consumerConfigLines(infos: readonly ConsumerConfigInfo[]): string[] {
  const out: string[] = [];
  for (const i of infos) {
    out.push(`=============================${i.cluster}:${i.brokerName}=============================`);
    for (const f of GROUP_CONFIG_FIELDS) out.push(jformat('%-40s=  %s', f, String(i.config[f])));
  }
  return out;
}
