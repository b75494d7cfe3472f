// RemoteBrokerOffsetStore: a clustering group's offsets live on the master of each queue's
// broker. Reads go to QUERY_CONSUMER_OFFSET (QUERY_NOT_FOUND means the group never committed
// there: -1); writes are UPDATE_CONSUMER_OFFSET, oneway as Java's push consumer sends them, except
// a shutdown's last write, which waits for the broker's answer.

import { getLogger } from '../../common/logger.js';
import { MQClientError } from '../../common/errors.js';
import { MQBrokerError } from '../../remoting/errors.js';
import { type MessageQueue, MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import type { ClientInstance } from '../instance/client-instance.js';
import { ClientErrorCode, MixAll } from '../mix-all.js';
import { CachingOffsetStore } from './offset-store.js';

const log = getLogger('client');

export class RemoteBrokerOffsetStore extends CachingOffsetStore {
  constructor(private readonly instance: ClientInstance, private readonly groupName: string) {
    super();
  }

  async load(): Promise<void> {}

  /** QUERY_CONSUMER_OFFSET; an MQBrokerError (QUERY_NOT_FOUND) means no offset: -1; other failures -2. */
  protected async readStored(mq: MessageQueue): Promise<number> {
    try {
      return await this.fetchConsumeOffsetFromBroker(mq);
    } catch (err) {
      if (err instanceof MQBrokerError) return -1;
      log.warn('fetchConsumeOffsetFromBroker failed', { mq: `${mq.topic}@${mq.brokerName}@${mq.queueId}`, err });
      return -2;
    }
  }

  async persistAll(mqs: readonly MessageQueue[], acknowledged = false): Promise<void> {
    if (mqs.length === 0) return;
    const wanted = new MessageQueueMap<true>(mqs.map((mq) => [mq, true] as const));
    const unused: MessageQueue[] = [];
    const perTopic = new Map<string, Array<[MessageQueue, number]>>();
    for (const [mq, offset] of [...this.offsets.entries()]) {
      if (!wanted.has(mq)) {
        unused.push(mq);
        continue;
      }
      const key = `${mq.brokerName}\u0001${mq.topic}`;
      const list = perTopic.get(key);
      if (list) list.push([mq, offset]);
      else perTopic.set(key, [[mq, offset]]);
    }
    const write = ([mq, offset]: [MessageQueue, number]): Promise<void> =>
      this.updateConsumeOffsetToBroker(mq, offset, !acknowledged).catch((err) =>
        log.warn('updateConsumeOffsetToBroker failed', { topic: mq.topic, queueId: mq.queueId, err })
      );
    await Promise.all([...perTopic.values()].map(async ([first, ...rest]) => {
      if (!acknowledged) {
        await Promise.all([first!, ...rest].map(write));
        return;
      }
      // Apache RocketMQ 4.9 brokers create a group's offset table for a topic without a lock, so
      // concurrent first commits can overwrite each other: the first one is answered before the rest.
      await write(first!);
      await Promise.all(rest.map(write));
    }));
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
    return this.instance.api.queryConsumerOffset(addr, {
      consumerGroup: this.groupName,
      topic: mq.topic,
      queueId: mq.queueId,
      bname: mq.brokerName,
    }, 5000);
  }
}
