// RemoteBrokerOffsetStore: a clustering group's offsets live on the master of each queue's
// broker. Reads go to QUERY_CONSUMER_OFFSET (QUERY_NOT_FOUND means the group never committed
// there: -1); writes are UPDATE_CONSUMER_OFFSET, oneway as Java's push consumer sends them.

import { getLogger } from '../../common/logger.js';
import { MQClientError } from '../../common/errors.js';
import { MQBrokerError } from '../../remoting/errors.js';
import { MessageQueueMap, type MessageQueue } from '../../remoting/protocol/message-queue.js';
import type { ClientInstance } from '../instance/client-instance.js';
import { ClientErrorCode, MixAll } from '../mix-all.js';
import { OffsetTable, ReadOffsetType, type OffsetStore } from './offset-store.js';

const log = getLogger('client');

export class RemoteBrokerOffsetStore implements OffsetStore {
  private readonly offsets = new OffsetTable();

  constructor(private readonly instance: ClientInstance, private readonly groupName: string) {}

  async load(): Promise<void> {}

  updateOffset(mq: MessageQueue, offset: number, increaseOnly: boolean): void {
    this.offsets.update(mq, offset, increaseOnly);
  }

  memoryOffset(mq: MessageQueue): number {
    return this.offsets.get(mq) ?? -1;
  }

  async readOffset(mq: MessageQueue, type: ReadOffsetType): Promise<number> {
    if (type !== ReadOffsetType.READ_FROM_STORE) {
      const v = this.offsets.get(mq);
      if (v !== undefined) return v;
      if (type === ReadOffsetType.READ_FROM_MEMORY) return -1;
    }
    try {
      const brokerOffset = await this.fetchConsumeOffsetFromBroker(mq);
      this.offsets.update(mq, brokerOffset, false);
      return brokerOffset;
    } catch (err) {
      if (err instanceof MQBrokerError) return -1;
      log.warn('fetchConsumeOffsetFromBroker failed', { mq: `${mq.topic}@${mq.brokerName}@${mq.queueId}`, err });
      return -2;
    }
  }

  async persistAll(mqs: readonly MessageQueue[]): Promise<void> {
    if (mqs.length === 0) return;
    const wanted = new MessageQueueMap<true>(mqs.map((mq) => [mq, true] as const));
    const unused: MessageQueue[] = [];
    const writes: Array<Promise<void>> = [];
    for (const [mq, offset] of [...this.offsets.entries()]) {
      if (wanted.has(mq)) {
        writes.push(this.updateConsumeOffsetToBroker(mq, offset, true).catch((err) => log.warn('updateConsumeOffsetToBroker failed', { topic: mq.topic, queueId: mq.queueId, err })));
      } else {
        unused.push(mq);
      }
    }
    await Promise.all(writes);
    for (const mq of unused) this.offsets.remove(mq);
  }

  async persist(mq: MessageQueue): Promise<void> {
    const offset = this.offsets.get(mq);
    if (offset === undefined) return;
    try {
      await this.updateConsumeOffsetToBroker(mq, offset, true);
    } catch (err) {
      log.warn('updateConsumeOffsetToBroker failed', { topic: mq.topic, queueId: mq.queueId, err });
    }
  }

  removeOffset(mq: MessageQueue): void {
    this.offsets.remove(mq);
  }

  cloneOffsetTable(topic: string): MessageQueueMap<number> {
    return this.offsets.clone(topic);
  }

  private async masterOf(mq: MessageQueue): Promise<string> {
    let found = this.instance.findBrokerAddressInSubscribe(mq.brokerName, MixAll.MASTER_ID, true);
    if (!found) {
      await this.instance.updateTopicRouteInfoFromNameServer(mq.topic);
      found = this.instance.findBrokerAddressInSubscribe(mq.brokerName, MixAll.MASTER_ID, false);
    }
    if (!found) throw new MQClientError(ClientErrorCode.BROKER_NOT_EXIST_EXCEPTION, `The broker[${mq.brokerName}] not exist`);
    return found.brokerAddr;
  }

  async updateConsumeOffsetToBroker(mq: MessageQueue, offset: number, oneway: boolean): Promise<void> {
    const addr = await this.masterOf(mq);
    const header = { consumerGroup: this.groupName, topic: mq.topic, queueId: mq.queueId, commitOffset: offset, bname: mq.brokerName };
    if (oneway) await this.instance.api.updateConsumerOffsetOneway(addr, header);
    else await this.instance.api.updateConsumerOffset(addr, header, 5000);
  }

  private async fetchConsumeOffsetFromBroker(mq: MessageQueue): Promise<number> {
    const addr = await this.masterOf(mq);
    return this.instance.api.queryConsumerOffset(addr, { consumerGroup: this.groupName, topic: mq.topic, queueId: mq.queueId, bname: mq.brokerName }, 5000);
  }
}
