// RebalanceImpl (+ RebalancePushImpl): decides which queues this client consumes. Broadcasting
// consumers take every queue; clustering consumers ask a broker for the group's client ids and
// run the allocation strategy over the sorted queues and ids. Queues gained get a ProcessQueue
// and a first pull at the offset computed from consumeFromWhere; queues lost are dropped after
// their offset is persisted. Orderly consumers must hold the broker's lock of a queue to take it.
// Unlike Java, the heartbeat announcing a changed subscription version is sent before the first
// pulls of the new queues, so the broker never answers them SUBSCRIPTION_NOT_LATEST.

import { getLogger } from '../../common/logger.js';
import { ConsumeType, MessageModel } from '../../remoting/protocol/consumer-types.js';
import { compareMessageQueue, type MessageQueue, MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import type { SubscriptionData } from '../../remoting/protocol/subscription.js';
import type { ClientInstance } from '../instance/client-instance.js';
import { isRetryTopic, MixAll } from '../mix-all.js';
import type { AllocateMessageQueueStrategy } from './allocate.js';
import { ProcessQueue } from './process-queue.js';

const log = getLogger('client');

export interface PullRequest {
  consumerGroup: string;
  messageQueue: MessageQueue;
  processQueue: ProcessQueue;
  nextOffset: number;
  previouslyLocked: boolean;
}

/** What the rebalancer needs from its consumer. */
export interface RebalanceHost {
  readonly groupName: string;
  readonly messageModel: MessageModel;
  /** Push consumers (PASSIVELY) rebuild a queue whose pulls stopped; pull consumers pull when they like. */
  readonly consumeType: ConsumeType;
  readonly allocateMessageQueueStrategy: AllocateMessageQueueStrategy;
  readonly instance: ClientInstance;
  /** False once the consumer is shutting down: rebalancing stops. */
  readonly running: boolean;
  /** Where to start a newly assigned queue; -1 (or a throw) skips it for now. */
  computePullFromWhere(mq: MessageQueue): Promise<number>;
  /** Persist and forget the queue's offset; false keeps the queue (it is still being consumed). */
  removeUnnecessaryMessageQueue(mq: MessageQueue, pq: ProcessQueue): Promise<boolean>;
  removeDirtyOffset(mq: MessageQueue): void;
  messageQueueChanged(topic: string, mqAll: readonly MessageQueue[], mqDivided: readonly MessageQueue[]): Promise<void>;
  dispatchPullRequest(requests: PullRequest[]): void;
}

export class RebalanceImpl {
  readonly processQueueTable = new MessageQueueMap<ProcessQueue>();
  readonly topicSubscribeInfoTable = new Map<string, MessageQueue[]>();
  readonly subscriptionInner = new Map<string, SubscriptionData>();

  constructor(private readonly host: RebalanceHost) {}

  /** A topic's readable queues, kept for subscribed topics only (MQConsumerInner.updateTopicSubscribeInfo). */
  updateTopicSubscribeInfo(topic: string, mqs: MessageQueue[]): void {
    if (this.subscriptionInner.has(topic)) this.topicSubscribeInfoTable.set(topic, mqs);
  }

  /** A subscribed topic whose queues are not known yet. */
  isSubscribeTopicNeedUpdate(topic: string): boolean {
    return this.subscriptionInner.has(topic) && !this.topicSubscribeInfoTable.has(topic);
  }

  async doRebalance(isOrder: boolean): Promise<void> {
    for (const topic of [...this.subscriptionInner.keys()]) {
      if (!this.host.running) return;
      try {
        await this.rebalanceByTopic(topic, isOrder);
      } catch (err) {
        if (!isRetryTopic(topic)) log.warn('rebalanceByTopic failed', { group: this.host.groupName, topic, err });
      }
    }
    this.truncateMessageQueueNotMyTopic();
  }

  private async rebalanceByTopic(topic: string, isOrder: boolean): Promise<void> {
    const mqSet = this.topicSubscribeInfoTable.get(topic);
    if (this.host.messageModel === MessageModel.BROADCASTING) {
      if (!mqSet) {
        log.warn('doRebalance, but the topic does not exist', { group: this.host.groupName, topic });
        return;
      }
      await this.applyAssignment(topic, mqSet, mqSet, isOrder);
      return;
    }
    const cidAll = await this.host.instance.findConsumerIdList(topic, this.host.groupName);
    if (!this.host.running) return;
    if (!mqSet) {
      if (!isRetryTopic(topic)) log.warn('doRebalance, but the topic does not exist', { group: this.host.groupName, topic });
      return;
    }
    if (!cidAll) {
      log.warn('doRebalance, get consumer id list failed', { group: this.host.groupName, topic });
      return;
    }
    const mqAll = [...mqSet].sort(compareMessageQueue);
    const cids = [...cidAll].sort();
    let allocated: MessageQueue[];
    try {
      allocated = this.host.allocateMessageQueueStrategy.allocate(this.host.groupName, this.host.instance.clientId, mqAll, cids);
    } catch (err) {
      log.error('AllocateMessageQueueStrategy.allocate failed', { strategy: this.host.allocateMessageQueueStrategy.name, err });
      return;
    }
    await this.applyAssignment(topic, mqSet, allocated, isOrder);
  }

  private async applyAssignment(
    topic: string,
    mqAll: readonly MessageQueue[],
    assigned: readonly MessageQueue[],
    isOrder: boolean,
  ): Promise<void> {
    const { changed, requests } = await this.updateProcessQueueTableInRebalance(topic, assigned, isOrder);
    if (!this.host.running) return;
    if (changed) {
      log.debug('rebalanced', {
        group: this.host.groupName,
        topic,
        clientId: this.host.instance.clientId,
        mqAll: mqAll.length,
        assigned: assigned.length,
      });
      await this.host.messageQueueChanged(topic, mqAll, assigned);
    }
    if (requests.length > 0) this.host.dispatchPullRequest(requests);
  }

  private truncateMessageQueueNotMyTopic(): void {
    for (const [mq, pq] of [...this.processQueueTable]) {
      if (!this.subscriptionInner.has(mq.topic)) {
        this.processQueueTable.delete(mq);
        pq.dropped = true;
      }
    }
  }

  private async updateProcessQueueTableInRebalance(
    topic: string,
    mqSet: readonly MessageQueue[],
    isOrder: boolean,
  ): Promise<{ changed: boolean; requests: PullRequest[] }> {
    let changed = false;
    const wanted = new MessageQueueMap<true>(mqSet.map((mq) => [mq, true] as const));
    for (const [mq, pq] of [...this.processQueueTable]) {
      if (mq.topic !== topic) continue;
      if (!wanted.has(mq)) {
        pq.dropped = true;
        if (await this.host.removeUnnecessaryMessageQueue(mq, pq)) {
          this.processQueueTable.delete(mq);
          changed = true;
        }
      } else if (this.host.consumeType === ConsumeType.CONSUME_PASSIVELY && pq.isPullExpired()) {
        pq.dropped = true;
        if (await this.host.removeUnnecessaryMessageQueue(mq, pq)) {
          this.processQueueTable.delete(mq);
          changed = true;
          log.error('[BUG] doRebalance, removed a queue whose pulls stopped, to restart it', {
            group: this.host.groupName,
            topic,
            queueId: mq.queueId,
          });
        }
      }
    }
    const requests: PullRequest[] = [];
    for (const mq of mqSet) {
      if (this.processQueueTable.has(mq)) continue;
      if (isOrder && !(await this.lock(mq))) {
        log.warn('doRebalance, add a new mq failed, because lock failed', { group: this.host.groupName, topic, queueId: mq.queueId });
        continue;
      }
      this.host.removeDirtyOffset(mq);
      const pq = new ProcessQueue();
      pq.locked = true;
      let nextOffset = -1;
      try {
        nextOffset = await this.host.computePullFromWhere(mq);
      } catch (err) {
        log.warn('compute consume offset failed', { group: this.host.groupName, topic, queueId: mq.queueId, err });
        continue;
      }
      if (nextOffset < 0) {
        log.warn('doRebalance, add new mq failed', { group: this.host.groupName, topic, queueId: mq.queueId });
        continue;
      }
      if (this.processQueueTable.has(mq)) continue;
      this.processQueueTable.set(mq, pq);
      requests.push({ consumerGroup: this.host.groupName, messageQueue: mq, processQueue: pq, nextOffset, previouslyLocked: false });
      changed = true;
    }
    return { changed, requests };
  }

  removeProcessQueue(mq: MessageQueue): void {
    const prev = this.processQueueTable.get(mq);
    if (!prev) return;
    this.processQueueTable.delete(mq);
    prev.dropped = true;
    void this.host.removeUnnecessaryMessageQueue(mq, prev);
  }

  // ---- orderly locks ----

  private masterAddr(brokerName: string): string | undefined {
    return this.host.instance.findBrokerAddressInSubscribe(brokerName, MixAll.MASTER_ID, true)?.brokerAddr;
  }

  async lock(mq: MessageQueue): Promise<boolean> {
    const addr = this.masterAddr(mq.brokerName);
    if (!addr) return false;
    const instance = this.host.instance;
    try {
      const locked = await instance.api.lockBatchMQ(
        addr,
        { consumerGroup: this.host.groupName, clientId: instance.clientId, mqSet: [mq] },
        1000,
      );
      for (const l of locked) {
        const pq = this.processQueueTable.get(l);
        if (pq) {
          pq.locked = true;
          pq.lastLockTimestamp = Date.now();
        }
      }
      return locked.some((l) => compareMessageQueue(l, mq) === 0);
    } catch (err) {
      log.error('lockBatchMQ failed', { topic: mq.topic, queueId: mq.queueId, err });
      return false;
    }
  }

  private byBroker(): Map<string, MessageQueue[]> {
    const out = new Map<string, MessageQueue[]>();
    for (const mq of this.processQueueTable.keys()) {
      let l = out.get(mq.brokerName);
      if (!l) out.set(mq.brokerName, l = []);
      l.push(mq);
    }
    return out;
  }

  /** Renews the locks of every queue held (orderly consumers, every 20 s). */
  async lockAll(): Promise<void> {
    const instance = this.host.instance;
    for (const [brokerName, mqs] of this.byBroker()) {
      const addr = this.masterAddr(brokerName);
      if (!addr) continue;
      try {
        const locked = new MessageQueueMap<true>(
          (await instance.api.lockBatchMQ(addr, { consumerGroup: this.host.groupName, clientId: instance.clientId, mqSet: mqs }, 1000)).map(
            (m) => [m, true] as const,
          ),
        );
        for (const mq of mqs) {
          const pq = this.processQueueTable.get(mq);
          if (!pq) continue;
          if (locked.has(mq)) {
            pq.locked = true;
            pq.lastLockTimestamp = Date.now();
          } else {
            pq.locked = false;
            log.warn('the message queue locked failed', { group: this.host.groupName, topic: mq.topic, queueId: mq.queueId });
          }
        }
      } catch (err) {
        log.error('lockBatchMQ failed', { broker: brokerName, err });
      }
    }
  }

  async unlock(mq: MessageQueue, oneway: boolean): Promise<void> {
    const addr = this.masterAddr(mq.brokerName);
    if (!addr) return;
    const instance = this.host.instance;
    try {
      await instance.api.unlockBatchMQ(
        addr,
        { consumerGroup: this.host.groupName, clientId: instance.clientId, mqSet: [mq] },
        1000,
        oneway,
      );
    } catch (err) {
      log.error('unlockBatchMQ failed', { topic: mq.topic, queueId: mq.queueId, err });
    }
  }

  async unlockAll(oneway: boolean): Promise<void> {
    const instance = this.host.instance;
    for (const [brokerName, mqs] of this.byBroker()) {
      const addr = this.masterAddr(brokerName);
      if (!addr) continue;
      try {
        await instance.api.unlockBatchMQ(
          addr,
          { consumerGroup: this.host.groupName, clientId: instance.clientId, mqSet: mqs },
          1000,
          oneway,
        );
        for (const mq of mqs) {
          const pq = this.processQueueTable.get(mq);
          if (pq) pq.locked = false;
        }
      } catch (err) {
        log.error('unlockBatchMQ failed', { broker: brokerName, err });
      }
    }
  }

  destroy(): void {
    for (const pq of this.processQueueTable.values()) pq.dropped = true;
    for (const mq of this.processQueueTable.keys()) this.processQueueTable.delete(mq);
  }
}
