// The push consumer's pull loop (PullMessageService + DefaultMQPushConsumerImpl.pullMessage +
// PullAPIWrapper.pullKernelImpl): each assigned queue has one pull in flight at a time. A pull is
// a long poll (the broker holds it up to 15 s, we wait up to 30 s). Flow control delays the next
// pull by 50 ms while the queue holds more than pullThresholdForQueue messages or
// pullThresholdSizeForQueue MiB, or (concurrent consumers) its offsets span more than
// consumeConcurrentlyMaxSpan. Failures retry after 3 s (20 ms after a FLOW_CONTROL answer).

import { getLogger } from '../../common/logger.js';
import { MQBrokerError, RemotingConnectError } from '../../remoting/errors.js';
import { MessageModel } from '../../remoting/protocol/consumer-types.js';
import { type MessageQueue, MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import { buildPullSysFlag, clearCommitOffsetFlag } from '../../remoting/protocol/pull.js';
import type { SubscriptionData } from '../../remoting/protocol/subscription.js';
import { ResponseCode } from '../../remoting/response-code.js';
import type { ClientInstance } from '../instance/client-instance.js';
import { isRetryTopic, MixAll } from '../mix-all.js';
import type { ConsumeService } from './consume-service.js';
import type { OffsetStore } from './offset-store.js';
import { decodePullResult, PullStatus, type RawPullResult } from './pull-result.js';
import type { PullRequest, RebalanceImpl } from './rebalance.js';
import type { ResolvedPushConsumerSettings } from './push-consumer-config.js';

const log = getLogger('client');

/** The broker may hold a pull this long waiting for messages (BROKER_SUSPEND_MAX_TIME_MILLIS). */
export const BROKER_SUSPEND_MAX_TIME_MILLIS = 15_000;
/** How long we wait for a held pull's answer (CONSUMER_TIMEOUT_MILLIS_WHEN_SUSPEND). */
export const CONSUMER_TIMEOUT_MILLIS_WHEN_SUSPEND = 30_000;
const PULL_TIME_DELAY_MILLS_WHEN_CACHE_FLOW_CONTROL = 50;
const PULL_TIME_DELAY_MILLS_WHEN_BROKER_FLOW_CONTROL = 20;
const PULL_TIME_DELAY_MILLS_WHEN_SUSPEND = 1000;
/** DefaultMQPushConsumerImpl.pullTimeDelayMillsWhenException. */
const PULL_TIME_DELAY_MILLS_WHEN_EXCEPTION = 3000;

/** What the pull loop needs from its push consumer. */
export interface PullLoopHost {
  readonly settings: ResolvedPushConsumerSettings;
  readonly instance: ClientInstance;
  readonly rebalance: RebalanceImpl;
  readonly offsetStore: OffsetStore;
  readonly consumeService: ConsumeService;
  readonly consumeOrderly: boolean;
  readonly running: boolean;
  readonly paused: boolean;
  computePullFromWhere(mq: MessageQueue): Promise<number>;
}

export class PullLoop {
  /** Which broker of a set to pull a queue from next, as the broker suggests. */
  private readonly pullFromWhichNode = new MessageQueueMap<number>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private flowControlTimes = 0;
  private stopped = false;
  /** Pulls due now; issued together in one event-loop turn, so their requests leave in one write. */
  private due: PullRequest[] = [];
  private dueScheduled = false;

  constructor(private readonly host: PullLoopHost) {}

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  executePullRequestImmediately(pr: PullRequest): void {
    if (this.stopped) return;
    this.due.push(pr);
    if (this.dueScheduled) return;
    this.dueScheduled = true;
    setImmediate(() => {
      this.dueScheduled = false;
      const batch = this.due;
      this.due = [];
      for (const r of batch) this.pullMessage(r);
    });
  }

  executePullRequestLater(pr: PullRequest, delay: number): void {
    this.executeTaskLater(() => this.pullMessage(pr), delay);
  }

  executeTaskLater(fn: () => void, delay: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, delay);
    this.timers.add(t);
  }

  private flowControlled(pr: PullRequest, why: string): void {
    this.executePullRequestLater(pr, PULL_TIME_DELAY_MILLS_WHEN_CACHE_FLOW_CONTROL);
    if (this.flowControlTimes++ % 1000 === 0) {
      log.debug('flow control', {
        why,
        topic: pr.messageQueue.topic,
        queueId: pr.messageQueue.queueId,
        count: pr.processQueue.msgCount,
        times: this.flowControlTimes,
      });
    }
  }

  private pullMessage(pr: PullRequest): void {
    this.doPull(pr).catch((err) => {
      log.error('pullMessage failed', { topic: pr.messageQueue.topic, queueId: pr.messageQueue.queueId, err });
      this.executePullRequestLater(pr, PULL_TIME_DELAY_MILLS_WHEN_EXCEPTION);
    });
  }

  private async doPull(pr: PullRequest): Promise<void> {
    const pq = pr.processQueue;
    if (pq.dropped || this.stopped) return;
    pq.lastPullTimestamp = Date.now();
    const host = this.host;
    const s = host.settings;
    if (!host.running) {
      this.executePullRequestLater(pr, PULL_TIME_DELAY_MILLS_WHEN_EXCEPTION);
      return;
    }
    if (host.paused) {
      this.executePullRequestLater(pr, PULL_TIME_DELAY_MILLS_WHEN_SUSPEND);
      return;
    }
    if (pq.msgCount > s.pullThresholdForQueue) return this.flowControlled(pr, 'cached message count');
    if (pq.msgSize / (1024 * 1024) > s.pullThresholdSizeForQueue) return this.flowControlled(pr, 'cached message size');
    if (!host.consumeOrderly) {
      if (pq.maxSpan > s.consumeConcurrentlyMaxSpan) return this.flowControlled(pr, 'offset span');
    } else if (pq.locked) {
      if (!pr.previouslyLocked) {
        let offset: number;
        try {
          offset = await host.computePullFromWhere(pr.messageQueue);
        } catch (err) {
          log.error('failed to compute the pull offset', { topic: pr.messageQueue.topic, queueId: pr.messageQueue.queueId, err });
          this.executePullRequestLater(pr, PULL_TIME_DELAY_MILLS_WHEN_EXCEPTION);
          return;
        }
        pr.previouslyLocked = true;
        pr.nextOffset = offset;
      }
    } else {
      this.executePullRequestLater(pr, PULL_TIME_DELAY_MILLS_WHEN_EXCEPTION);
      return;
    }
    const mq = pr.messageQueue;
    const sd = host.rebalance.subscriptionInner.get(mq.topic);
    if (!sd) {
      this.executePullRequestLater(pr, PULL_TIME_DELAY_MILLS_WHEN_EXCEPTION);
      log.warn('find the consumer subscription failed', { topic: mq.topic });
      return;
    }
    let commitOffsetValue = 0;
    let commitOffsetEnable = false;
    if (s.messageModel === MessageModel.CLUSTERING) {
      commitOffsetValue = host.offsetStore.memoryOffset(mq);
      if (commitOffsetValue > 0) commitOffsetEnable = true;
      else commitOffsetValue = 0;
    }
    const subExpression = s.postSubscriptionWhenPull && !sd.classFilterMode ? sd.subString : undefined;
    let sysFlag = buildPullSysFlag(commitOffsetEnable, true, subExpression !== undefined, sd.classFilterMode);
    const instance = host.instance;
    const brokerId = this.pullFromWhichNode.get(mq) ?? MixAll.MASTER_ID;
    let found = instance.findBrokerAddressInSubscribe(mq.brokerName, brokerId, false);
    if (!found) {
      await instance.updateTopicRouteInfoFromNameServer(mq.topic).catch(() => false);
      found = instance.findBrokerAddressInSubscribe(mq.brokerName, brokerId, false);
    }
    if (!found) {
      this.executePullRequestLater(pr, PULL_TIME_DELAY_MILLS_WHEN_EXCEPTION);
      return;
    }
    if (found.slave) sysFlag = clearCommitOffsetFlag(sysFlag);
    const begin = Date.now();
    const header: Parameters<typeof instance.api.pullMessage>[1] = {
      consumerGroup: s.consumerGroup,
      topic: mq.topic,
      queueId: mq.queueId,
      queueOffset: pr.nextOffset,
      maxMsgNums: s.pullBatchSize,
      sysFlag,
      commitOffset: commitOffsetValue,
      suspendTimeoutMillis: BROKER_SUSPEND_MAX_TIME_MILLIS,
      subVersion: sd.subVersion,
      expressionType: sd.expressionType,
      bname: mq.brokerName,
    };
    if (subExpression !== undefined) header.subscription = subExpression;
    instance.api.pullMessage(found.brokerAddr, header, CONSUMER_TIMEOUT_MILLIS_WHEN_SUSPEND).then(
      (raw) => this.onPullSuccess(pr, sd, raw, begin),
      (err) => this.onPullException(pr, err),
    );
  }

  private onPullSuccess(pr: PullRequest, sd: SubscriptionData, raw: RawPullResult, begin: number): void {
    const mq = pr.messageQueue;
    const pq = pr.processQueue;
    this.pullFromWhichNode.set(mq, raw.suggestWhichBrokerId);
    if (pq.dropped || this.stopped) return;
    const host = this.host;
    const stats = (pq.stats ??= host.instance.consumerStats.stats(host.settings.consumerGroup, mq.topic));
    const result = decodePullResult(raw, mq, sd);
    switch (result.pullStatus) {
      case PullStatus.FOUND: {
        const prevRequestOffset = pr.nextOffset;
        pr.nextOffset = result.nextBeginOffset;
        stats.pullRT.add(Date.now() - begin, 1, Date.now());
        const msgs = result.msgFoundList;
        if (msgs.length === 0) {
          this.executePullRequestImmediately(pr);
        } else {
          stats.pullTPS.add(msgs.length, 1, Date.now());
          const dispatch = pq.putMessage(msgs);
          // The next pull goes out before these messages are consumed, so the broker reads the
          // next batch while the listener works on this one.
          if (host.settings.pullInterval > 0) this.executePullRequestLater(pr, host.settings.pullInterval);
          else this.pullMessage(pr);
          host.consumeService.submitConsumeRequest(msgs, pq, mq, dispatch);
          if (result.nextBeginOffset < prevRequestOffset || msgs[0]!.queueOffset < prevRequestOffset) {
            log.warn('[BUG] pull message result maybe data wrong', {
              nextBeginOffset: result.nextBeginOffset,
              firstMsgOffset: msgs[0]!.queueOffset,
              prevRequestOffset,
            });
          }
        }
        break;
      }
      case PullStatus.NO_NEW_MSG:
      case PullStatus.NO_MATCHED_MSG:
        pr.nextOffset = result.nextBeginOffset;
        // correctTagsOffset: nothing cached, so the broker's next offset is the consume offset.
        if (pq.msgCount === 0) host.offsetStore.updateOffset(mq, pr.nextOffset, true);
        this.executePullRequestImmediately(pr);
        break;
      case PullStatus.OFFSET_ILLEGAL:
        log.warn('the pull request offset illegal', {
          topic: mq.topic,
          queueId: mq.queueId,
          offset: pr.nextOffset,
          next: result.nextBeginOffset,
        });
        pr.nextOffset = result.nextBeginOffset;
        pq.dropped = true;
        this.executeTaskLater(() => {
          host.offsetStore.updateOffset(mq, pr.nextOffset, false);
          void host.offsetStore.persist(mq).finally(() => {
            host.rebalance.removeProcessQueue(mq);
            log.warn('fix the pull request offset', { topic: mq.topic, queueId: mq.queueId, offset: pr.nextOffset });
          });
        }, 10_000);
        break;
    }
  }

  private onPullException(pr: PullRequest, err: unknown): void {
    if (this.stopped || pr.processQueue.dropped) return;
    if (!isRetryTopic(pr.messageQueue.topic)) {
      log.warn('execute the pull request exception', { topic: pr.messageQueue.topic, queueId: pr.messageQueue.queueId, err });
    }
    if (err instanceof MQBrokerError && err.responseCode === ResponseCode.FLOW_CONTROL) {
      this.executePullRequestLater(pr, PULL_TIME_DELAY_MILLS_WHEN_BROKER_FLOW_CONTROL);
    } else {
      // A broker that lost our subscription (it restarted) learns it from a heartbeat; Java waits
      // for the next periodic one (up to 30 s), we send it now.
      if (
        err instanceof MQBrokerError &&
        (err.responseCode === ResponseCode.SUBSCRIPTION_NOT_EXIST || err.responseCode === ResponseCode.SUBSCRIPTION_NOT_LATEST)
      ) {
        void this.host.instance.sendHeartbeatToAllBrokerWithLock();
      }
      // A broker that cannot be reached (a master that died) is likely gone from the name servers'
      // route, which then leads to its slave: Java waits for the next periodic refresh (up to 30 s),
      // we ask now.
      if (err instanceof RemotingConnectError) {
        void this.host.instance.updateTopicRouteInfoFromNameServer(pr.messageQueue.topic).catch(() => false);
      }
      this.executePullRequestLater(pr, PULL_TIME_DELAY_MILLS_WHEN_EXCEPTION);
    }
  }
}
