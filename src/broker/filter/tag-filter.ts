// Tag filtering of pulls (Java's ExpressionMessageFilter for TAG expressions): a consume-queue unit
// matches when its tag code is one of the subscription's tag hash codes, or always for "*". Hash
// collisions pass, so clients check the tag string again. A pull that carries its own expression
// ("TagA || TagB") has it parsed once and cached, not on every pull.

import type { MessageFilter } from '../../store/index.js';
import { tagsFilter } from '../../store/index.js';
import { buildSubscriptionData, isTagType, SUB_ALL, type SubscriptionData } from '../../remoting/protocol/subscription.js';

/** A filter for a subscription; null means everything matches. */
export function filterForSubscription(sd: SubscriptionData): MessageFilter | null {
  if (sd.classFilterMode || !isTagType(sd.expressionType) || sd.subString === SUB_ALL) return null;
  return tagsFilter(sd.codeSet);
}

/** Whether a tag code passes a filter (null filter: everything). */
export function matchesTagsCode(filter: MessageFilter | null, tagsCode: number | null | undefined): boolean {
  if (!filter || tagsCode === null || tagsCode === undefined) return true;
  return filter.isMatchedByConsumeQueue(tagsCode);
}

export interface CompiledSubscription {
  subscription: SubscriptionData;
  filter: MessageFilter | null;
}

const MAX_CACHED = 4096;

/** Parsed subscriptions and their filters, keyed by what defines them. */
export class SubscriptionCache {
  private readonly byText = new Map<string, CompiledSubscription>();
  private readonly byData = new WeakMap<SubscriptionData, MessageFilter | null>();

  /** The subscription a pull request carries (FilterAPI.build), parsed once per distinct text. */
  fromRequest(topic: string, subString: string | undefined, expressionType: string | undefined): CompiledSubscription {
    const key = `${topic}\u0000${expressionType ?? ''}\u0000${subString ?? ''}`;
    let c = this.byText.get(key);
    if (!c) {
      const subscription = buildSubscriptionData(topic, subString, expressionType, 0);
      c = { subscription, filter: filterForSubscription(subscription) };
      if (this.byText.size >= MAX_CACHED) this.byText.clear();
      this.byText.set(key, c);
    }
    return c;
  }

  /** The filter of a subscription registered by a heartbeat. */
  forSubscription(sd: SubscriptionData): MessageFilter | null {
    let f = this.byData.get(sd);
    if (f === undefined) {
      f = filterForSubscription(sd);
      this.byData.set(sd, f);
    }
    return f;
  }
}
