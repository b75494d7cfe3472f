// The queue-change listeners of a lite pull consumer (registerTopicMessageQueueChangeListener and
// DefaultLitePullConsumerImpl.fetchTopicMessageQueuesAndCompare): the queues last seen of each
// watched topic, and the listener told when a periodic look-up finds them changed. Topics here are
// the broker's names; listeners get them without the namespace.

import { getLogger } from '../../common/logger.js';
import { type MessageQueue, MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import type { ClientConfig } from '../client-config.js';

const log = getLogger('client');

/** Told the queues of a topic when they change. */
export type TopicMessageQueueChangeListener = (topic: string, mqs: MessageQueue[]) => void;

export class TopicQueueWatch {
  private readonly listeners = new Map<string, TopicMessageQueueChangeListener>();
  private readonly seen = new Map<string, MessageQueue[]>();

  constructor(private readonly config: ClientConfig, private readonly fetch: (topic: string) => Promise<MessageQueue[]>) {}

  /** Watches `topic`; with `lookNow` (a running consumer) its queues are read at once, so the first change is a real one. */
  async register(topic: string, listener: TopicMessageQueueChangeListener, lookNow: boolean): Promise<void> {
    if (this.listeners.has(topic)) log.warn('a topic queue listener was registered before; the new one replaces it', { topic });
    this.listeners.set(topic, listener);
    if (lookNow) this.seen.set(topic, await this.fetch(topic));
  }

  /** Reads every watched topic's queues without telling anyone (start). */
  async lookAll(): Promise<void> {
    for (const topic of this.listeners.keys()) this.seen.set(topic, await this.fetch(topic));
  }

  /** Tells the listener of each topic whose queues changed since the last look. */
  async check(): Promise<void> {
    for (const [topic, listener] of this.listeners) {
      const now = await this.fetch(topic);
      const before = this.seen.get(topic);
      const known = new MessageQueueMap((before ?? []).map((mq) => [mq, true] as const));
      if (before !== undefined && before.length === now.length && now.length > 0 && now.every((mq) => known.has(mq))) continue;
      this.seen.set(topic, now);
      listener(this.config.withoutNamespace(topic), now.map((mq) => this.config.queueWithoutNamespace(mq)));
    }
  }
}
