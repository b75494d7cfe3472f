// Topic names the broker accepts, and the topics clients may not use (Java's TopicValidator), with
// the response codes and remarks Java answers. The name rules and their remarks come from
// common/message (topicNameRemark); this file adds the broker's verdicts on top of them.

import { NOT_ALLOWED_SEND_TOPICS, SYSTEM_TOPIC_PREFIX, SystemTopic, topicNameRemark } from '../../common/message/message-const.js';
import { ResponseCode } from '../../remoting/response-code.js';

export interface TopicVerdict {
  code: number;
  remark: string;
}

/** Topics that exist for the broker's own use; names starting with `rmq_sys_` count too. */
const SYSTEM_TOPICS: ReadonlySet<string> = new Set(Object.values(SystemTopic));

/** TopicValidator.validateTopic: null when the name is fine, else SYSTEM_ERROR with Java's remark. */
export function validateTopic(topic: string | undefined | null): TopicVerdict | null {
  const remark = topicNameRemark(topic);
  return remark === null ? null : { code: ResponseCode.SYSTEM_ERROR, remark };
}

/** NO_PERMISSION for the topics the broker keeps to itself. */
export function notAllowedSendTopic(topic: string): TopicVerdict | null {
  return NOT_ALLOWED_SEND_TOPICS.has(topic)
    ? { code: ResponseCode.NO_PERMISSION, remark: `Sending message to topic[${topic}] is forbidden.` }
    : null;
}

/**
 * The system topics of one broker: the fixed ones plus those named after its cluster and itself,
 * its reply topic and its trace topic (Java adds them to a process-wide set at start-up).
 */
export class SystemTopics {
  private readonly extra = new Set<string>();

  add(topic: string): void {
    this.extra.add(topic);
  }

  has(topic: string): boolean {
    return SYSTEM_TOPICS.has(topic) || this.extra.has(topic) || topic.startsWith(SYSTEM_TOPIC_PREFIX);
  }

  /** SYSTEM_ERROR "conflict with system topic", as topic administration answers. */
  verdict(topic: string): TopicVerdict | null {
    return this.has(topic) ? { code: ResponseCode.SYSTEM_ERROR, remark: `The topic[${topic}] is conflict with system topic.` } : null;
  }

  list(): string[] {
    return [...new Set([...SYSTEM_TOPICS, ...this.extra])];
  }
}
