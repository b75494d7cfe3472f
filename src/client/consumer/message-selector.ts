// MessageSelector (Java's client MessageSelector): which messages of a topic a consumer wants, chosen
// on the broker. byTag takes a tag expression ("*", "TagA || TagB"); bySql a SQL92 expression over
// message properties ("a BETWEEN 3 AND 5 AND b = 'x'"), which the broker evaluates only with
// enablePropertyFilter=true. Consumers take a selector or, as before, a tag expression string.

import { describeError, MQClientError } from '../../common/errors.js';
import { buildSubscriptionData, ExpressionType, SUB_ALL, type SubscriptionData } from '../../remoting/protocol/subscription.js';

export class MessageSelector {
  private constructor(readonly expressionType: ExpressionType, readonly expression: string) {}

  /** A SQL92 property filter; an empty expression is refused when it is used, as Java's FilterAPI does. */
  static bySql(sql: string): MessageSelector {
    return new MessageSelector(ExpressionType.SQL92, sql);
  }

  /** A tag expression; empty or "*" selects everything. */
  static byTag(tag: string | null | undefined): MessageSelector {
    return new MessageSelector(ExpressionType.TAG, tag ?? SUB_ALL);
  }
}

/** What consumers accept: a selector, or a tag expression (null or undefined: everything). */
export type SubscriptionExpression = MessageSelector | string | null | undefined;

/** A subscription's expression and type, from a selector or a tag expression string. */
export function selectorOf(expr: SubscriptionExpression, expressionType: string = ExpressionType.TAG): MessageSelector {
  if (expr instanceof MessageSelector) return expr;
  return expressionType === ExpressionType.SQL92 ? MessageSelector.bySql(expr ?? '') : MessageSelector.byTag(expr);
}

/** FilterAPI.build for a selector; a bad one is Java's "subscription exception" (MQClientError). */
export function subscriptionOf(topic: string, selector: MessageSelector, subVersion?: number): SubscriptionData {
  try {
    return buildSubscriptionData(topic, selector.expression, selector.expressionType, subVersion);
  } catch (err) {
    throw new MQClientError(-1, `subscription exception: ${describeError(err)}`);
  }
}
