// Where SQL92 subscriptions meet the broker's request handling (Java's ClientManageProcessor
// .checkClientConfig and the subscription part of PullMessageProcessor), as functions the
// processors call:
// - CHECK_CLIENT_CONFIG: TAG passes; otherwise SYSTEM_ERROR when enablePropertyFilter is off,
//   SUBSCRIPTION_PARSE_FAILED with the compiler's remark when the expression does not compile.
// - PULL_MESSAGE: a subscription carried by the request is compiled there and then; otherwise the
//   filter data registered by heartbeats must exist (FILTER_DATA_NOT_EXIST) and be at least the
//   request's subscription version (FILTER_DATA_NOT_LATEST); then SYSTEM_ERROR when
//   enablePropertyFilter is off. Java lets a request-carried expression that does not compile
//   match everything (an assert that production JVMs skip); here it is SUBSCRIPTION_PARSE_FAILED.

import { isTagType } from '../../common/filter/expression-type.js';
import { RETRY_GROUP_TOPIC_PREFIX } from '../../common/message/message-const.js';
import { FilterCompileError, filterFactory } from '../../filter/index.js';
import { ResponseCode } from '../../remoting/response-code.js';
import type { MessageFilter } from '../../store/index.js';
import { buildConsumerFilterData, type ConsumerFilterData, type ConsumerFilterManager } from './consumer-filter-manager.js';
import { ExpressionForRetryMessageFilter, ExpressionMessageFilter } from './expression-message-filter.js';

export interface FilterRefusal {
  code: number;
  remark: string;
}

export function isFilterRefusal(x: unknown): x is FilterRefusal {
  return typeof x === 'object' && x !== null && 'code' in x && 'remark' in x;
}

const unsupported = (type: string): FilterRefusal => ({
  code: ResponseCode.SYSTEM_ERROR,
  remark: `The broker does not support consumer to filter message by ${type}`,
});

/** CHECK_CLIENT_CONFIG's verdict on a subscription; null means SUCCESS. */
export function checkClientFilterConfig(
  sd: { expressionType: string; subString: string } | null | undefined,
  enablePropertyFilter: boolean,
): FilterRefusal | null {
  if (!sd || isTagType(sd.expressionType)) return null;
  if (!enablePropertyFilter) return unsupported(sd.expressionType);
  try {
    filterFactory.compile(sd.expressionType, sd.subString);
    return null;
  } catch (err) {
    if (err instanceof FilterCompileError) return { code: ResponseCode.SUBSCRIPTION_PARSE_FAILED, remark: err.remark };
    throw err;
  }
}

export interface PullFilterInput {
  topic: string;
  consumerGroup: string;
  /** The subscription's expression type (from the request or the registered subscription). */
  expressionType: string;
  /** The request's subscription version. */
  subVersion: number;
  /** The expression the request carries (hasSubscriptionFlag); undefined: use the registered one. */
  requestExpression?: string;
  /** The tag filter of a TAG subscription (tag-filter.ts), null for "*". */
  tagFilter: MessageFilter | null;
  manager: ConsumerFilterManager;
  enablePropertyFilter: boolean;
  filterSupportRetry: boolean;
  now?: number;
}

/** The store filter for a pull, or why the pull is refused. Null: everything matches. */
export function pullMessageFilter(p: PullFilterInput): MessageFilter | null | FilterRefusal {
  const sql = !isTagType(p.expressionType);
  let data: ConsumerFilterData | null | undefined = null;
  if (sql) {
    if (p.requestExpression !== undefined) {
      data = buildConsumerFilterData(p.topic, p.consumerGroup, p.requestExpression, p.expressionType, p.subVersion, p.now);
      if (!data) return { code: ResponseCode.SUBSCRIPTION_PARSE_FAILED, remark: "parse the consumer's subscription failed" };
    } else {
      data = p.manager.get(p.topic, p.consumerGroup);
      if (!data) {
        return {
          code: ResponseCode.FILTER_DATA_NOT_EXIST,
          remark: "The broker's consumer filter data is not exist!Your expression may be wrong!",
        };
      }
      if (data.clientVersion < p.subVersion) {
        return { code: ResponseCode.FILTER_DATA_NOT_LATEST, remark: "the consumer's consumer filter data not latest" };
      }
    }
    if (!p.enablePropertyFilter) return unsupported(p.expressionType);
  }
  if (p.filterSupportRetry && p.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) {
    return new ExpressionForRetryMessageFilter(p.topic, data, p.manager, p.tagFilter);
  }
  return sql ? new ExpressionMessageFilter(data, p.tagFilter) : p.tagFilter;
}
