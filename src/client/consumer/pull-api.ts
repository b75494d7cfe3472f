// PullAPIWrapper for consumers that choose their own offsets (the pull and lite pull consumers):
// one synchronous PULL_MESSAGE carrying its subscription, sent to the broker the last answer for
// the queue suggested (the master at first; the route is fetched when the broker is unknown), and
// the answer decoded and re-filtered by tag (processPullResult).

import { MQClientError } from '../../common/errors.js';
import { type MessageQueue, MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import { isTagType, type SubscriptionData } from '../../remoting/protocol/subscription.js';
import { brokerNotExistError } from '../errors.js';
import type { ClientInstance } from '../instance/client-instance.js';
import { MixAll } from '../mix-all.js';
import { decodePullResult, type PullResult } from './pull-result.js';

export interface PullCall {
  mq: MessageQueue;
  subscription: SubscriptionData;
  offset: number;
  maxNums: number;
  /** PullSysFlag bits (buildPullSysFlag). */
  sysFlag: number;
  /** How long the broker may hold the pull when the suspend flag is set (ms). */
  brokerSuspendMaxTimeMillis: number;
  /** How long we wait for the answer (ms). */
  timeoutMs: number;
}

export class PullAPIWrapper {
  /** Which broker of a set to pull a queue from next, as the broker suggests. */
  private readonly pullFromWhichNode = new MessageQueueMap<number>();

  constructor(private readonly instance: ClientInstance, private readonly consumerGroup: string) {}

  async pull(c: PullCall): Promise<PullResult> {
    const { mq, subscription: sd } = c;
    if (c.offset < 0) throw new MQClientError(-1, 'offset < 0');
    if (c.maxNums <= 0) throw new MQClientError(-1, 'maxNums <= 0');
    const instance = this.instance;
    const brokerId = this.pullFromWhichNode.get(mq) ?? MixAll.MASTER_ID;
    let found = instance.findBrokerAddressInSubscribe(mq.brokerName, brokerId, false);
    if (!found) {
      await instance.updateTopicRouteInfoFromNameServer(mq.topic);
      found = instance.findBrokerAddressInSubscribe(mq.brokerName, brokerId, false);
    }
    if (!found) throw brokerNotExistError(mq.brokerName);
    const raw = await instance.api.pullMessage(found.brokerAddr, {
      consumerGroup: this.consumerGroup,
      topic: mq.topic,
      queueId: mq.queueId,
      queueOffset: c.offset,
      maxMsgNums: c.maxNums,
      sysFlag: c.sysFlag,
      commitOffset: 0,
      suspendTimeoutMillis: c.brokerSuspendMaxTimeMillis,
      subscription: sd.subString,
      subVersion: isTagType(sd.expressionType) ? 0 : sd.subVersion,
      expressionType: sd.expressionType,
      bname: mq.brokerName,
    }, c.timeoutMs);
    this.pullFromWhichNode.set(mq, raw.suggestWhichBrokerId);
    return decodePullResult(raw, mq, sd);
  }
}
