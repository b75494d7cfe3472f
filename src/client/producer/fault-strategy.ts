// Queue selection with latency fault tolerance (MQFaultStrategy + LatencyFaultToleranceImpl).
// Every send reports its broker's latency; a broker that answered slowly is marked unavailable for
// a while (latency 550 ms -> 30 s, 1 s -> 60 s, 2 s -> 120 s, 3 s -> 180 s, 15 s -> 600 s), and one
// that failed counts as 30 s of latency, so it is avoided for 10 minutes; round-robin skips the
// queues of marked brokers until then.
// When every broker is marked, the least bad half is tried in turn. Without the feature, a retry
// still avoids the broker that just failed.

import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import type { TopicPublishInfo } from '../route/topic-publish-info.js';

interface FaultItem {
  name: string;
  currentLatency: number;
  /** When the broker becomes available again (epoch ms). */
  startTimestamp: number;
}

export class LatencyFaultTolerance {
  private readonly items = new Map<string, FaultItem>();
  private whichItemWorst = Math.floor(Math.random() * 0x7fff);

  constructor(private readonly now: () => number = Date.now) {}

  updateFaultItem(name: string, currentLatency: number, notAvailableDuration: number): void {
    const startTimestamp = this.now() + notAvailableDuration;
    const item = this.items.get(name);
    if (item) {
      item.currentLatency = currentLatency;
      item.startTimestamp = startTimestamp;
    } else {
      this.items.set(name, { name, currentLatency, startTimestamp });
    }
  }

  isAvailable(name: string): boolean {
    const item = this.items.get(name);
    return item === undefined || this.now() - item.startTimestamp >= 0;
  }

  remove(name: string): void {
    this.items.delete(name);
  }

  /** One of the better half of the marked brokers (available first, then lower latency, then sooner). */
  pickOneAtLeast(): string | undefined {
    if (this.items.size === 0) return undefined;
    const now = this.now();
    const list = [...this.items.values()].sort((a, b) => {
      const aa = now - a.startTimestamp >= 0;
      const ba = now - b.startTimestamp >= 0;
      if (aa !== ba) return aa ? -1 : 1;
      if (a.currentLatency !== b.currentLatency) return a.currentLatency - b.currentLatency;
      return a.startTimestamp - b.startTimestamp;
    });
    const half = Math.floor(list.length / 2);
    if (half <= 0) return list[0]!.name;
    this.whichItemWorst = (this.whichItemWorst + 1) & 0x7fffffff;
    return list[this.whichItemWorst % half]!.name;
  }
}

export class MQFaultStrategy {
  readonly latencyFaultTolerance: LatencyFaultTolerance;
  sendLatencyFaultEnable: boolean;
  latencyMax = [50, 100, 550, 1000, 2000, 3000, 15000];
  notAvailableDuration = [0, 0, 30000, 60000, 120000, 180000, 600000];

  constructor(sendLatencyFaultEnable: boolean, now: () => number = Date.now) {
    this.sendLatencyFaultEnable = sendLatencyFaultEnable;
    this.latencyFaultTolerance = new LatencyFaultTolerance(now);
  }

  selectOneMessageQueue(info: TopicPublishInfo, lastBrokerName: string | undefined): MessageQueue {
    if (!this.sendLatencyFaultEnable) return info.selectOneMessageQueueAvoiding(lastBrokerName);
    const list = info.messageQueueList;
    let index = info.nextIndex();
    for (let i = 0; i < list.length; i++) {
      const mq = list[index++ % list.length]!;
      if (this.latencyFaultTolerance.isAvailable(mq.brokerName)) return mq;
    }
    const notBestBroker = this.latencyFaultTolerance.pickOneAtLeast();
    if (notBestBroker !== undefined) {
      const writeQueueNums = info.getQueueIdByBroker(notBestBroker);
      if (writeQueueNums > 0) {
        const mq = info.selectOneMessageQueue();
        return { topic: mq.topic, brokerName: notBestBroker, queueId: info.nextIndex() % writeQueueNums };
      }
      this.latencyFaultTolerance.remove(notBestBroker);
    }
    return info.selectOneMessageQueue();
  }

  /** Reports a send's latency; `isolation` (a failure) counts as 30 s of latency (10 minutes unavailable). */
  updateFaultItem(brokerName: string, currentLatency: number, isolation: boolean): void {
    if (!this.sendLatencyFaultEnable) return;
    const duration = this.computeNotAvailableDuration(isolation ? 30000 : currentLatency);
    this.latencyFaultTolerance.updateFaultItem(brokerName, currentLatency, duration);
  }

  private computeNotAvailableDuration(currentLatency: number): number {
    for (let i = this.latencyMax.length - 1; i >= 0; i--) {
      if (currentLatency >= this.latencyMax[i]!) return this.notAvailableDuration[i]!;
    }
    return 0;
  }
}
