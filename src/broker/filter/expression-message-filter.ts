// The store's message filter for a SQL92 subscription (Java's ExpressionMessageFilter and, with
// filterSupportRetry, ExpressionForRetryMessageFilter). Consume-queue units always pass: Java
// narrows them only with per-message bloom bitmaps (enableCalcFilterBitMap, off by default and not
// built here), and even then a unit without a bitmap passes. Each record then has its properties
// evaluated, read straight from the stored bytes: every property the message carries is visible,
// user properties and system ones alike (TAGS, KEYS, UNIQ_KEY, ...). A message matches only when
// the expression is TRUE; null (unknown) and evaluation errors do not match. TAG subscriptions
// keep using tag-filter.ts.

import { MessageConst, RETRY_GROUP_TOPIC_PREFIX } from '../../common/message/message-const.js';
import { getProperty } from '../../common/message/properties.js';
import { recordPropertiesBounds } from '../../common/message/record-codec.js';
import { type CompiledExpression, RawPropertiesContext } from '../../filter/index.js';
import type { MessageFilter } from '../../store/index.js';
import type { ConsumerFilterData, ConsumerFilterManager } from './consumer-filter-manager.js';

/** The properties string of a stored record ('' when it has none). */
export function recordProperties(record: Buffer): string {
  const b = recordPropertiesBounds(record);
  return b ? record.toString('utf8', b[0], b[1]) : '';
}

export class ExpressionMessageFilter implements MessageFilter {
  protected readonly ctx = new RawPropertiesContext();
  private readonly compiled: CompiledExpression | null;

  /**
   * `filterData` null (no compiled expression): every record matches, as in Java. `tags` is the
   * tag filter of a TAG subscription (only the retry variant filters those by expression).
   */
  constructor(filterData: ConsumerFilterData | null | undefined, private readonly tags: MessageFilter | null = null) {
    this.compiled = filterData?.compiledExpression ?? null;
  }

  isMatchedByConsumeQueue(tagsCode: number): boolean {
    return this.tags === null || this.tags.isMatchedByConsumeQueue(tagsCode);
  }

  isMatchedByCommitLog(record: Buffer): boolean {
    return this.compiled === null || this.compiled.matches(this.ctx.reset(recordProperties(record)));
  }

  /** For a message that just arrived (long-polling wake-ups): its raw properties string. */
  isMatchedByProperties(properties: string): boolean {
    return this.compiled === null || this.compiled.matches(this.ctx.reset(properties));
  }
}

/**
 * filterSupportRetry: pulls from %RETRY%<group> are filtered with the group's filter on the
 * message's original topic (property RETRY_TOPIC); other topics as ExpressionMessageFilter.
 */
export class ExpressionForRetryMessageFilter extends ExpressionMessageFilter {
  private readonly retryGroup: string | null;

  constructor(
    topic: string,
    filterData: ConsumerFilterData | null | undefined,
    private readonly manager: ConsumerFilterManager,
    tags: MessageFilter | null = null,
  ) {
    super(filterData, tags);
    this.retryGroup = topic.startsWith(RETRY_GROUP_TOPIC_PREFIX) ? topic.substring(RETRY_GROUP_TOPIC_PREFIX.length) : null;
  }

  override isMatchedByCommitLog(record: Buffer): boolean {
    return this.retryGroup === null ? super.isMatchedByCommitLog(record) : this.matchRetry(recordProperties(record));
  }

  override isMatchedByProperties(properties: string): boolean {
    return this.retryGroup === null ? super.isMatchedByProperties(properties) : this.matchRetry(properties);
  }

  private matchRetry(properties: string): boolean {
    const realTopic = getProperty(properties, MessageConst.PROPERTY_RETRY_TOPIC);
    const compiled = realTopic === undefined ? null : this.manager.get(realTopic, this.retryGroup!)?.compiledExpression;
    if (!compiled) return true;
    return compiled.matches(this.ctx.reset(properties));
  }
}
