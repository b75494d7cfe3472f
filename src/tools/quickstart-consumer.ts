// The quickstart consumer (org.apache.rocketmq.example.quickstart.Consumer): a clustering push
// consumer on one topic ("*" by default, or a tag expression or SQL92 selector) that reports every message it receives. With a count it
// stops, gracefully (offsets persisted, client unregistered), once that many have arrived; messages
// pulled but not yet handed over stay unconsumed for the next run.

import { PushConsumer } from '../client/consumer/push-consumer.js';
import { ConsumeConcurrentlyStatus } from '../client/consumer/listener.js';
import type { MessageExt } from '../client/message/message-ext.js';
import type { ClientOptions } from '../client/client-config.js';
import { noRouteError } from '../client/errors.js';
import { MessageSelector, type SubscriptionExpression } from '../client/consumer/message-selector.js';
import { ConsumeFromWhere, MessageModel } from '../remoting/protocol/consumer-types.js';
import { QUICKSTART_DEFAULTS } from './quickstart-producer.js';

export { ConsumeFromWhere, MessageModel, MessageSelector };

export interface QuickstartConsumerOptions {
  namesrvAddr?: string;
  topic?: string;
  /** Tag expression ("*", "TagA || TagB") or a selector (MessageSelector.bySql for a property filter). */
  subExpression?: SubscriptionExpression;
  group?: string;
  /** Stop after this many messages (0: run until stopped). */
  count?: number;
  consumeFromWhere?: ConsumeFromWhere;
  messageModel?: MessageModel;
  client?: ClientOptions;
}

export class QuickstartConsumer {
  readonly consumer: PushConsumer;
  readonly topic: string;
  private received = 0;
  private stopping: Promise<void> | undefined;
  private resolveDone!: (n: number) => void;
  /** Resolves with the number of messages handled once the consumer has stopped. */
  readonly done: Promise<number>;

  constructor(
    private readonly opts: QuickstartConsumerOptions,
    private readonly onMessage: (m: MessageExt, threadName: string, index: number) => void,
  ) {
    this.topic = opts.topic ?? QUICKSTART_DEFAULTS.topic;
    this.done = new Promise((r) => (this.resolveDone = r));
    this.consumer = new PushConsumer({
      ...opts.client,
      consumerGroup: opts.group ?? QUICKSTART_DEFAULTS.consumerGroup,
      consumeFromWhere: opts.consumeFromWhere ?? ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
      messageModel: opts.messageModel ?? MessageModel.CLUSTERING,
      ...(opts.namesrvAddr !== undefined ? { namesrvAddr: opts.namesrvAddr } : {}),
    });
  }

  get count(): number {
    return this.received;
  }

  /** Starts consuming; fails when the name server cannot be reached or the topic has no route. */
  async start(): Promise<void> {
    const limit = this.opts.count ?? 0;
    this.consumer.subscribe(this.topic, this.opts.subExpression ?? '*');
    this.consumer.registerMessageListener((msgs) => {
      if (this.stopping) return ConsumeConcurrentlyStatus.RECONSUME_LATER;
      for (const m of msgs) {
        const n = this.received++;
        this.onMessage(m, `ConsumeMessageThread_${(n % this.consumer.settings.consumeThreadMax) + 1}`, n);
      }
      if (limit > 0 && this.received >= limit) void this.stop();
      return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    });
    await this.consumer.start();
    if (!this.consumer.instance.topicRouteTable.has(this.topic)) {
      await this.stop();
      throw noRouteError(this.topic, this.consumer.instance.invoker.nameServerAddressList);
    }
  }

  /** Graceful stop: no further messages, offsets persisted, unregistered. */
  stop(): Promise<void> {
    this.stopping ??= this.consumer.shutdown().finally(() => this.resolveDone(this.received));
    return this.stopping;
  }
}
