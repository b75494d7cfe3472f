// Online consumers by group (Java's ConsumerManager and ConsumerGroupInfo): each group's
// connections, consume mode and subscriptions, as heartbeats report them. Any change in a group's
// members or subscriptions is announced to a listener, which tells the group's consumers to
// rebalance (NOTIFY_CONSUMER_IDS_CHANGED).

import { getLogger } from '../../common/logger.js';
import type { ConsumeFromWhere, ConsumeType, MessageModel } from '../../remoting/protocol/consumer-types.js';
import type { SubscriptionData } from '../../remoting/protocol/subscription.js';
import type { ClientChannel, ClientChannelInfo } from './client-channel.js';

const log = getLogger('broker');

export class ConsumerGroupInfo {
  readonly subscriptionTable = new Map<string, SubscriptionData>();
  readonly channelInfoTable = new Map<ClientChannel, ClientChannelInfo>();
  lastUpdateTimestamp: number;

  constructor(
    readonly groupName: string,
    public consumeType: ConsumeType | undefined,
    public messageModel: MessageModel | undefined,
    public consumeFromWhere: ConsumeFromWhere | undefined,
    now: number,
  ) {
    this.lastUpdateTimestamp = now;
  }

  findChannel(clientId: string): ClientChannelInfo | undefined {
    for (const info of this.channelInfoTable.values()) if (info.clientId === clientId) return info;
    return undefined;
  }

  allChannels(): ClientChannel[] {
    return [...this.channelInfoTable.keys()];
  }

  allClientIds(): string[] {
    return [...this.channelInfoTable.values()].map((i) => i.clientId);
  }

  /** Adds or refreshes a member; true when it is new. */
  updateChannel(
    info: ClientChannelInfo,
    consumeType: ConsumeType | undefined,
    messageModel: MessageModel | undefined,
    consumeFromWhere: ConsumeFromWhere | undefined,
    now: number,
  ): boolean {
    this.consumeType = consumeType;
    this.messageModel = messageModel;
    this.consumeFromWhere = consumeFromWhere;
    let updated = false;
    let current = this.channelInfoTable.get(info.channel);
    if (!current) {
      this.channelInfoTable.set(info.channel, info);
      log.info('new consumer connected', {
        group: this.groupName,
        clientId: info.clientId,
        addr: info.channel.remoteAddress,
        consumeType,
        messageModel,
      });
      current = info;
      updated = true;
    } else if (current.clientId !== info.clientId) {
      log.error('consumer connection announced another client id', { group: this.groupName, old: current.clientId, new: info.clientId });
      this.channelInfoTable.set(info.channel, info);
      current = info;
    }
    this.lastUpdateTimestamp = now;
    current.lastUpdateTimestamp = now;
    return updated;
  }

  /**
   * Takes the subscriptions of a heartbeat: new topics are added, newer versions replace older
   * ones, topics not in the list are dropped. True when a topic was added or dropped.
   */
  updateSubscription(subs: readonly SubscriptionData[], now: number): boolean {
    let updated = false;
    const topics = new Set<string>();
    for (const sub of subs) {
      topics.add(sub.topic);
      const old = this.subscriptionTable.get(sub.topic);
      if (!old) {
        this.subscriptionTable.set(sub.topic, sub);
        log.info('subscription changed, add new topic', { group: this.groupName, topic: sub.topic, sub: sub.subString });
        updated = true;
      } else if (sub.subVersion > old.subVersion) {
        this.subscriptionTable.set(sub.topic, sub);
      }
    }
    for (const topic of [...this.subscriptionTable.keys()]) {
      if (topics.has(topic)) continue;
      this.subscriptionTable.delete(topic);
      log.warn('subscription changed, remove topic', { group: this.groupName, topic });
      updated = true;
    }
    this.lastUpdateTimestamp = now;
    return updated;
  }
}

export type ConsumerGroupEvent = 'CHANGE' | 'UNREGISTER' | 'REGISTER';

/**
 * Hears about group changes; CHANGE comes with the group's remaining connections, REGISTER (every
 * heartbeat) with the subscriptions that heartbeat carried, UNREGISTER when the group's last
 * connection is gone.
 */
export type ConsumerIdsChangeListener = (
  event: ConsumerGroupEvent,
  group: string,
  channels: ClientChannel[],
  subscriptions?: readonly SubscriptionData[],
) => void;

export interface ConsumerRegistration {
  consumeType?: ConsumeType;
  messageModel?: MessageModel;
  consumeFromWhere?: ConsumeFromWhere;
  subscriptions: readonly SubscriptionData[];
}

export class ConsumerManager {
  readonly table = new Map<string, ConsumerGroupInfo>();

  constructor(private readonly listener: ConsumerIdsChangeListener, private readonly now: () => number = Date.now) {}

  getConsumerGroupInfo(group: string): ConsumerGroupInfo | undefined {
    return this.table.get(group);
  }

  findChannel(group: string, clientId: string): ClientChannelInfo | undefined {
    return this.table.get(group)?.findChannel(clientId);
  }

  findSubscriptionData(group: string, topic: string): SubscriptionData | undefined {
    return this.table.get(group)?.subscriptionTable.get(topic);
  }

  findSubscriptionDataCount(group: string): number {
    return this.table.get(group)?.subscriptionTable.size ?? 0;
  }

  /** Registers (or refreshes) a consumer from a heartbeat; true when the group changed. */
  registerConsumer(group: string, info: ClientChannelInfo, reg: ConsumerRegistration, notify: boolean): boolean {
    const now = this.now();
    let g = this.table.get(group);
    if (!g) this.table.set(group, g = new ConsumerGroupInfo(group, reg.consumeType, reg.messageModel, reg.consumeFromWhere, now));
    const r1 = g.updateChannel(info, reg.consumeType, reg.messageModel, reg.consumeFromWhere, now);
    const r2 = g.updateSubscription(reg.subscriptions, now);
    if ((r1 || r2) && notify) this.listener('CHANGE', group, g.allChannels());
    this.listener('REGISTER', group, [], reg.subscriptions);
    return r1 || r2;
  }

  unregisterConsumer(group: string, channel: ClientChannel, notify: boolean): void {
    const g = this.table.get(group);
    if (!g) return;
    if (g.channelInfoTable.delete(channel)) log.info('unregister a consumer', { group, addr: channel.remoteAddress });
    if (g.channelInfoTable.size === 0 && this.table.delete(group)) {
      log.info('unregister consumer ok, no connection left, group removed', { group });
      this.listener('UNREGISTER', group, []);
    }
    if (notify) this.listener('CHANGE', group, g.allChannels());
  }

  /** A connection closed: it leaves every group, and the rest of each group hears of it. */
  doChannelCloseEvent(channel: ClientChannel): void {
    for (const [group, g] of [...this.table]) {
      if (!g.channelInfoTable.delete(channel)) continue;
      log.info('remove closed consumer connection', { group, addr: channel.remoteAddress });
      if (g.channelInfoTable.size === 0 && this.table.delete(group)) {
        log.info('unregister consumer ok, no connection left, group removed', { group });
        this.listener('UNREGISTER', group, []);
      }
      this.listener('CHANGE', group, g.allChannels());
    }
  }

  /** Drops (and closes) members silent for longer than `expiredMs`. */
  scanNotActiveChannel(expiredMs: number): void {
    const now = this.now();
    for (const [group, g] of [...this.table]) {
      for (const [channel, info] of [...g.channelInfoTable]) {
        if (now - info.lastUpdateTimestamp <= expiredMs) continue;
        log.warn('remove expired consumer connection', { group, addr: channel.remoteAddress, clientId: info.clientId });
        g.channelInfoTable.delete(channel);
        channel.close();
      }
      if (g.channelInfoTable.size === 0) {
        log.warn('all consumer connections expired, group removed', { group });
        this.table.delete(group);
        this.listener('UNREGISTER', group, []);
      }
    }
  }

  /** Groups subscribed to `topic`. */
  queryTopicConsumeByWho(topic: string): Set<string> {
    const out = new Set<string>();
    for (const [group, g] of this.table) if (g.subscriptionTable.has(topic)) out.add(group);
    return out;
  }
}
