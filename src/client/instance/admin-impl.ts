// MQAdminImpl: lookups every client kind needs, resolved through the instance's routes:
// queues of a topic, queue offsets (max, min, by time, earliest store time), creating a topic on
// every broker that serves the auto-create key, and finding messages by offset id or key.
// Callers pass names as the broker knows them; publish queues and found messages come back
// without the instance's namespace, as Java's MQAdminImpl and MQClientAPIImpl return them.

import { MQClientError } from '../../common/errors.js';
import { decodeMessageId } from '../../common/message/message-id.js';
import { formatSocketAddress } from '../../common/message/socket-address.js';
import { createTopicConfig, PermName, type TopicConfig } from '../../remoting/protocol/topic-config.js';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { ClientErrorCode, MixAll } from '../mix-all.js';
import type { MessageExt } from '../message/message-ext.js';
import { stripMessageTopics } from '../namespace.js';
import { topicRouteDataToPublishInfo, topicRouteDataToSubscribeInfo } from '../route/topic-publish-info.js';
import type { ClientInstance } from './client-instance.js';

export class MQAdminImpl {
  constructor(private readonly instance: ClientInstance) {}

  private get timeout(): number {
    return this.instance.config.mqClientApiTimeout;
  }

  /** The readable queues of a topic, straight from the name server. */
  async fetchSubscribeMessageQueues(topic: string): Promise<MessageQueue[]> {
    const route = await this.instance.api.getTopicRouteInfoFromNameServer(topic, this.timeout).catch((err: unknown) => {
      throw new MQClientError(ClientErrorCode.NOT_FOUND_TOPIC_EXCEPTION, `Can not find Message Queue for this topic, ${topic}`, {
        cause: err,
      });
    });
    const mqs = topicRouteDataToSubscribeInfo(topic, route);
    if (mqs.length === 0) {
      throw new MQClientError(
        ClientErrorCode.NOT_FOUND_TOPIC_EXCEPTION,
        `Can not find Message Queue for this topic, ${topic} Namesrv return empty`,
      );
    }
    return mqs;
  }

  /** The writable queues of a topic (named without the namespace, MQAdminImpl.parsePublishMessageQueues). */
  async fetchPublishMessageQueues(topic: string): Promise<MessageQueue[]> {
    const route = await this.instance.api.getTopicRouteInfoFromNameServer(topic, this.timeout);
    const mqs = topicRouteDataToPublishInfo(topic, route).messageQueueList;
    if (mqs.length === 0) {
      throw new MQClientError(ClientErrorCode.NOT_FOUND_TOPIC_EXCEPTION, `Can not find Message Queue for this topic, ${topic}`);
    }
    return mqs.map((mq) => this.instance.config.queueWithoutNamespace(mq));
  }

  /**
   * MQAdminImpl.createTopic: creates `newTopic` with `queueNum` read and write queues on every
   * master that serves `key` (the auto-create topic, TBW102, by default).
   */
  async createTopic(key: string, newTopic: string, queueNum: number, fields: Partial<Omit<TopicConfig, 'topicName'>> = {}): Promise<void> {
    const route = await this.instance.api.getTopicRouteInfoFromNameServer(key, this.timeout);
    const config = createTopicConfig(newTopic, {
      readQueueNums: queueNum,
      writeQueueNums: queueNum,
      perm: PermName.PERM_READ | PermName.PERM_WRITE,
      ...fields,
    });
    let created = 0;
    let lastErr: unknown;
    for (const bd of route.brokerDatas) {
      const addr = bd.brokerAddrs.get(MixAll.MASTER_ID);
      if (addr === undefined) continue;
      try {
        await this.instance.api.createTopic(addr, key, config, this.timeout);
        created++;
      } catch (err) {
        lastErr = err;
      }
    }
    if (created === 0) {
      throw new MQClientError(ResponseCode.SYSTEM_ERROR, `create topic ${newTopic} failed: no master of ${key} accepted it`, {
        cause: lastErr,
      });
    }
  }

  /** The master of the queue's broker, fetching the topic's route when it is not known yet. */
  async brokerAddrOf(mq: MessageQueue): Promise<string> {
    let addr = this.instance.findBrokerAddressInPublish(mq.brokerName);
    if (addr === undefined) {
      await this.instance.updateTopicRouteInfoFromNameServer(mq.topic);
      addr = this.instance.findBrokerAddressInPublish(mq.brokerName);
    }
    if (addr === undefined) throw new MQClientError(ClientErrorCode.BROKER_NOT_EXIST_EXCEPTION, `The broker[${mq.brokerName}] not exist`);
    return addr;
  }

  private async onBroker<T>(mq: MessageQueue, call: (addr: string) => Promise<T>): Promise<T> {
    const addr = await this.brokerAddrOf(mq);
    try {
      return await call(addr);
    } catch (err) {
      throw new MQClientError(ResponseCode.SYSTEM_ERROR, `Invoke Broker[${addr}] exception: ${(err as Error).message}`, {
        cause: err,
        retriable: true,
      });
    }
  }

  maxOffset(mq: MessageQueue): Promise<number> {
    return this.onBroker(mq, (addr) => this.instance.api.getMaxOffset(addr, mq, this.timeout));
  }

  minOffset(mq: MessageQueue): Promise<number> {
    return this.onBroker(mq, (addr) => this.instance.api.getMinOffset(addr, mq, this.timeout));
  }

  searchOffset(mq: MessageQueue, timestamp: number): Promise<number> {
    return this.onBroker(mq, (addr) => this.instance.api.searchOffset(addr, mq, timestamp, this.timeout));
  }

  earliestMsgStoreTime(mq: MessageQueue): Promise<number> {
    return this.onBroker(mq, (addr) => this.instance.api.getEarliestMsgStoretime(addr, mq, this.timeout));
  }

  /** The message an offset id (store host + commit-log offset) names. */
  async viewMessage(offsetMsgId: string): Promise<MessageExt> {
    const id = decodeMessageId(offsetMsgId);
    const msg = await this.instance.api.viewMessage(formatSocketAddress(id.address), id.offset, this.timeout);
    stripMessageTopics(this.instance.config.namespace, [msg]);
    return msg;
  }

  /**
   * Messages of `topic` whose KEYS include `key` (or, with `uniqKey`, whose unique id is `key`),
   * stored between `begin` and `end`, from every broker of the topic.
   */
  async queryMessage(topic: string, key: string, maxNum: number, begin: number, end: number, uniqKey = false): Promise<MessageExt[]> {
    let route = this.instance.topicRouteTable.get(topic);
    if (!route) {
      await this.instance.updateTopicRouteInfoFromNameServer(topic);
      route = this.instance.topicRouteTable.get(topic);
    }
    if (!route) throw new MQClientError(ClientErrorCode.NOT_FOUND_TOPIC_EXCEPTION, `The topic[${topic}] not matched route info`);
    const results = await Promise.all(route.brokerDatas.map(async (bd) => {
      const addr = bd.brokerAddrs.get(MixAll.MASTER_ID) ?? [...bd.brokerAddrs.values()][0];
      if (addr === undefined) return [];
      const r = await this.instance.api.queryMessage(addr, {
        topic,
        key,
        maxNum,
        beginTimestamp: begin,
        endTimestamp: end,
        uniqueKeyQuery: uniqKey,
      }, this.timeout * 3);
      for (const m of r.messages) m.brokerName = bd.brokerName;
      return r.messages;
    }));
    const out: MessageExt[] = [];
    for (const msgs of results) {
      for (const m of msgs) {
        if (m.topic !== topic) continue;
        if (uniqKey ? m.msgId === key : (m.keys ?? '').split(' ').includes(key)) out.push(m);
      }
    }
    stripMessageTopics(this.instance.config.namespace, out);
    return out;
  }

  /** The newest message of `topic` with unique id `uniqKey`, or undefined. */
  async queryMessageByUniqKey(topic: string, uniqKey: string): Promise<MessageExt | undefined> {
    const msgs = await this.queryMessage(topic, uniqKey, 32, 0, Number.MAX_SAFE_INTEGER, true);
    return msgs.sort((a, b) => b.storeTimestamp - a.storeTimestamp)[0];
  }
}
