// Where a producer may send a topic's messages (TopicPublishInfo), and the conversions from a
// name server route (MQClientInstance.topicRouteData2TopicPublishInfo / ...SubscribeInfo):
// writable queues of every broker that has a master, in brokerName order, or the queues an
// orderTopicConf ("brokerA:4;brokerB:4") lists; readable queues for consumers.

import { isReadable, isWriteable } from '../../remoting/protocol/topic-config.js';
import type { BrokerData, QueueData, TopicRouteData } from '../../remoting/protocol/namesrv/route-data.js';
import { compareMessageQueue, type MessageQueue } from '../../remoting/protocol/message-queue.js';
import { MixAll } from '../mix-all.js';

export class TopicPublishInfo {
  orderTopic = false;
  haveTopicRouterInfo = false;
  messageQueueList: MessageQueue[] = [];
  topicRouteData: TopicRouteData | undefined;
  /** Java's ThreadLocalIndex: a random start, then one step per pick. */
  private sendWhichQueue = Math.floor(Math.random() * 0x7fff);

  ok(): boolean {
    return this.messageQueueList.length > 0;
  }

  /** The next index (never negative). */
  nextIndex(): number {
    this.sendWhichQueue = (this.sendWhichQueue + 1) & 0x7fffffff;
    return this.sendWhichQueue;
  }

  /** Round-robin over all queues. */
  selectOneMessageQueue(): MessageQueue {
    return this.messageQueueList[this.nextIndex() % this.messageQueueList.length]!;
  }

  /** Round-robin, skipping queues of `lastBrokerName` (the broker a failed attempt used) when it can. */
  selectOneMessageQueueAvoiding(lastBrokerName: string | undefined): MessageQueue {
    if (lastBrokerName === undefined) return this.selectOneMessageQueue();
    const list = this.messageQueueList;
    for (let i = 0; i < list.length; i++) {
      const mq = list[this.nextIndex() % list.length]!;
      if (mq.brokerName !== lastBrokerName) return mq;
    }
    return this.selectOneMessageQueue();
  }

  /** Write queue count of a broker for this topic, or -1. */
  getQueueIdByBroker(brokerName: string): number {
    for (const qd of this.topicRouteData?.queueDatas ?? []) {
      if (isWriteable(qd.perm) && qd.brokerName === brokerName) return qd.writeQueueNums;
    }
    return -1;
  }
}

function compareQueueData(a: QueueData, b: QueueData): number {
  return a.brokerName < b.brokerName ? -1 : a.brokerName > b.brokerName ? 1 : 0;
}

export function topicRouteDataToPublishInfo(topic: string, route: TopicRouteData): TopicPublishInfo {
  const info = new TopicPublishInfo();
  info.topicRouteData = route;
  if (route.orderTopicConf) {
    for (const broker of route.orderTopicConf.split(';')) {
      const [name, nums] = broker.split(':');
      const n = Number.parseInt(nums ?? '0', 10);
      for (let i = 0; i < n; i++) info.messageQueueList.push({ topic, brokerName: name!, queueId: i });
    }
    info.orderTopic = true;
    return info;
  }
  for (const qd of [...route.queueDatas].sort(compareQueueData)) {
    if (!isWriteable(qd.perm)) continue;
    const bd = route.brokerDatas.find((b) => b.brokerName === qd.brokerName);
    if (!bd || !bd.brokerAddrs.has(MixAll.MASTER_ID)) continue;
    for (let i = 0; i < qd.writeQueueNums; i++) info.messageQueueList.push({ topic, brokerName: qd.brokerName, queueId: i });
  }
  return info;
}

/** Readable queues of every broker, sorted (Java returns a HashSet; rebalance sorts it anyway). */
export function topicRouteDataToSubscribeInfo(topic: string, route: TopicRouteData): MessageQueue[] {
  const out: MessageQueue[] = [];
  for (const qd of route.queueDatas) {
    if (!isReadable(qd.perm)) continue;
    for (let i = 0; i < qd.readQueueNums; i++) out.push({ topic, brokerName: qd.brokerName, queueId: i });
  }
  return out.sort(compareMessageQueue);
}

function brokerDataKey(bd: BrokerData): string {
  const addrs = [...bd.brokerAddrs].sort((a, b) => a[0] - b[0]).map(([id, a]) => `${id}=${a}`).join(',');
  return `${bd.cluster}|${bd.brokerName}|${addrs}`;
}

function queueDataKey(q: QueueData): string {
  return `${q.brokerName}|${q.readQueueNums}|${q.writeQueueNums}|${q.perm}|${q.topicSysFlag}`;
}

/** MQClientInstance.topicRouteDataIsChange: compares sorted queue and broker data. */
export function topicRouteDataChanged(old: TopicRouteData | undefined, now: TopicRouteData | undefined): boolean {
  if (!old || !now) return true;
  const a = [
    old.queueDatas.map(queueDataKey).sort().join(';'),
    old.brokerDatas.map(brokerDataKey).sort().join(';'),
    old.orderTopicConf ?? '',
  ];
  const b = [
    now.queueDatas.map(queueDataKey).sort().join(';'),
    now.brokerDatas.map(brokerDataKey).sort().join(';'),
    now.orderTopicConf ?? '',
  ];
  return a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2];
}
