// mqadmin startMonitoring (Java's tools/monitor MonitorService with its DefaultMonitorListener):
// every round (the first 20 s after start, then every minute) each group with a %RETRY% topic gets
// its backlog reported per topic (total, largest queue, and how far its last consumed message is
// behind the newest one), and its members' running info is checked (same subscriptions, stuck
// queues). A push consumer of __MONITOR_CONSUMER on OFFSET_MOVED_EVENT reports each offset a broker
// corrected. The report lines are DefaultMonitorListener's texts, handed to `log`.

import { PushConsumer } from '../client/consumer/push-consumer.js';
import { ConsumeConcurrentlyStatus } from '../client/consumer/listener.js';
import { PullStatus } from '../client/consumer/pull-result.js';
import { messageQueueToString } from '../client/consumer/allocate.js';
import { RETRY_GROUP_TOPIC_PREFIX, SystemTopic } from '../common/message/message-const.js';
import { MQVersion } from '../common/mq-version.js';
import { decodeBean } from '../remoting/protocol/bean.js';
import type { ConsumerRunningInfo } from '../remoting/protocol/consumer-running-info.js';
import type { OffsetWrapper } from '../remoting/protocol/consume-stats.js';
import { type MessageQueue, messageQueueFromJson } from '../remoting/protocol/message-queue.js';
import type { AdminExt } from './admin-ext.js';
import { javaHashMapOrder } from './format/java-hashmap.js';
import { processQueueWarnings, sameSubscription } from './format/running-info-format.js';
import type { PullConsumer } from '../client/consumer/pull-consumer.js';
import { withToolsConsumer } from './pull-tools.js';

const LOG_PREFIX = '[MONITOR] ';
const LOG_NOTIFY = LOG_PREFIX + ' [NOTIFY] ';

/** MonitorService's group for the offset-moved events (MixAll.MONITOR_CONSUMER_GROUP). */
export const MONITOR_CONSUMER_GROUP = '__MONITOR_CONSUMER';

export interface MonitorOptions {
  /** MonitorConfig.roundInterval: 60 s. */
  roundIntervalMs?: number;
  /** Before the first round: 20 s, as Java's schedule. */
  firstRoundDelayMs?: number;
  /** Where the report lines go. */
  log: (line: string) => void;
  /** A pull consumer for the newest message of a queue (Java's TOOLS_CONSUMER pull consumer). */
  puller: PullConsumer;
}

export interface UndoneMsgs {
  consumerGroup: string;
  topic: string;
  undoneMsgsTotal: number;
  undoneMsgsSingleMQ: number;
  undoneMsgsDelayTimeMills: number;
}

export function undoneMsgsToString(u: UndoneMsgs): string {
  return `UndoneMsgs [consumerGroup=${u.consumerGroup}, topic=${u.topic}, undoneMsgsTotal=${u.undoneMsgsTotal}, ` +
    `undoneMsgsSingleMQ=${u.undoneMsgsSingleMQ}, undoneMsgsDelayTimeMills=${u.undoneMsgsDelayTimeMills}]`;
}

/** An OffsetMovedEvent body (written by the broker when it corrected a pull's offset) as DeleteMsgsEvent.toString. */
export function deleteMsgsEventText(body: Uint8Array, eventTimestamp: number): string {
  const o = decodeBean(body, 'OffsetMovedEvent');
  const mq = messageQueueFromJson(o.messageQueue);
  return `DeleteMsgsEvent [offsetMovedEvent=OffsetMovedEvent [consumerGroup=${o.consumerGroup}, messageQueue=${
    messageQueueToString(mq)
  }, offsetRequest=${o.offsetRequest}, offsetNew=${o.offsetNew}], eventTimestamp=${eventTimestamp}]`;
}

export class MonitorService {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private readonly events: PushConsumer;
  private stopped = false;

  constructor(private readonly admin: AdminExt, private readonly o: MonitorOptions) {
    this.events = new PushConsumer({
      consumerGroup: MONITOR_CONSUMER_GROUP,
      namesrvAddr: admin.nameServerAddressList,
      instanceName: `MonitorService_${Date.now()}`,
      consumeThreadMax: 1,
      ...(admin.config.rpcHook ? { rpcHook: admin.config.rpcHook } : {}),
    });
    this.events.subscribe(SystemTopic.OFFSET_MOVED_EVENT, '*');
    this.events.registerMessageListener((msgs) => {
      const m = msgs[0];
      try {
        if (m) this.o.log(LOG_PREFIX + 'reportDeleteMsgsEvent: ' + deleteMsgsEventText(m.body, m.storeTimestamp));
      } catch {
        // An event that does not decode is skipped, as Java's listener swallows it.
      }
      return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    });
  }

  async start(): Promise<void> {
    await this.events.start();
    const every = this.o.roundIntervalMs ?? 60_000;
    const tick = () => {
      if (this.stopped) return;
      this.round = this.doMonitorWork().catch((err) => this.o.log(`doMonitorWork Exception ${(err as Error).message}`));
      this.timer = setTimeout(tick, every);
    };
    this.timer = setTimeout(tick, this.o.firstRoundDelayMs ?? 20_000);
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.round;
    await this.events.shutdown();
  }

  /** One round over every group that has a retry topic. */
  async doMonitorWork(): Promise<void> {
    const begin = Date.now();
    this.o.log(LOG_PREFIX + '=========================================beginRound');
    for (const topic of await this.admin.fetchAllTopicList()) {
      if (!topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) continue;
      const group = topic.slice(RETRY_GROUP_TOPIC_PREFIX.length);
      await this.reportUndoneMsgs(group).catch(() => undefined);
      await this.reportConsumerRunningInfo(group).catch(() => undefined);
    }
    this.o.log(LOG_PREFIX + '=========================================endRound');
    this.o.log(`Execute one round monitor work, spent timemills: ${Date.now() - begin}`);
  }

  private async reportUndoneMsgs(group: string): Promise<void> {
    const cs = await this.admin.examineConsumeStats(group);
    // Java reports only groups with someone connected.
    await this.admin.examineConsumerConnectionInfo(group);
    const byTopic = new Map<string, Array<[MessageQueue, OffsetWrapper]>>();
    for (const [mq, w] of cs.offsetTable) {
      let l = byTopic.get(mq.topic);
      if (!l) byTopic.set(mq.topic, l = []);
      l.push([mq, w]);
    }
    for (const [topic, queues] of javaHashMapOrder(byTopic)) {
      this.o.log(LOG_PREFIX + 'reportUndoneMsgs: ' + undoneMsgsToString(await this.computeUndoneMsgs(group, topic, queues)));
    }
  }

  private async computeUndoneMsgs(group: string, topic: string, queues: Array<[MessageQueue, OffsetWrapper]>): Promise<UndoneMsgs> {
    let total = 0;
    let singleMax = 0;
    let delayMax = 0;
    for (const [mq, w] of queues) {
      const diff = w.brokerOffset - w.consumerOffset;
      if (diff > singleMax) singleMax = diff;
      if (diff > 0) total += diff;
      if (w.lastTimestamp <= 0) continue;
      try {
        const max = await this.o.puller.maxOffset(mq);
        if (max <= 0) continue;
        const r = await this.o.puller.pull(mq, '*', max - 1, 1);
        const newest = r.pullStatus === PullStatus.FOUND ? r.msgFoundList[0] : undefined;
        if (newest && newest.storeTimestamp - w.lastTimestamp > delayMax) delayMax = newest.storeTimestamp - w.lastTimestamp;
      } catch {
        // A queue that cannot be read adds no delay, as in Java.
      }
    }
    return { consumerGroup: group, topic, undoneMsgsTotal: total, undoneMsgsSingleMQ: singleMax, undoneMsgsDelayTimeMills: delayMax };
  }

  private async reportConsumerRunningInfo(group: string): Promise<void> {
    const cc = await this.admin.examineConsumerConnectionInfo(group);
    const infos = new Map<string, ConsumerRunningInfo>();
    for (const c of cc.connectionSet) {
      if (c.version < MQVersion.V3_1_8_SNAPSHOT) continue;
      try {
        infos.set(c.clientId, await this.admin.getConsumerRunningInfo(group, c.clientId, false));
      } catch {
        // A member that does not answer is left out.
      }
    }
    if (infos.size === 0) return;
    // Java's TreeMap: by client id.
    const sorted = [...infos].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const groupName = sorted[0]![1].properties.get('consumerGroup') ?? group;
    if (!sameSubscription(sorted.map(([, i]) => i))) {
      this.o.log(LOG_NOTIFY + `reportConsumerRunningInfo: ConsumerGroup: ${groupName}, Subscription different`);
    }
    for (const [clientId, info] of sorted) {
      const warnings = processQueueWarnings(clientId, info);
      if (warnings.length === 0) continue;
      this.o.log(LOG_NOTIFY + `reportConsumerRunningInfo: ConsumerGroup: ${groupName}, ClientId: ${clientId}, ${warnings.join('\n')}`);
    }
  }
}

/**
 * startMonitoring's life: the tools pull consumer and the monitor run until `stopped` settles, then
 * both are shut down.
 */
export async function runMonitoring(
  admin: AdminExt,
  o: Omit<MonitorOptions, 'puller'>,
  stopped: Promise<void>,
): Promise<void> {
  await withToolsConsumer(admin, undefined, async (puller) => {
    const m = new MonitorService(admin, { ...o, puller });
    await m.start();
    try {
      await stopped;
    } finally {
      await m.shutdown();
    }
  });
}
