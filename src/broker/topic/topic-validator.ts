// Topic names the broker accepts, and the topics clients may not use (Java's TopicValidator), with
// the response codes and remarks Java answers. The character rule and length come from
// common/message (isValidTopicName); this file adds the broker's verdicts on top of them.

import { NOT_ALLOWED_SEND_TOPICS, SYSTEM_TOPIC_PREFIX, SystemTopic, TOPIC_MAX_LENGTH } from '../../common/message/message-const.js';
import { ResponseCode } from '../../remoting/response-code.js';

export interface TopicVerdict {
  code: number;
  remark: string;
}

/** Topics that exist for the broker's own use; names starting with `rmq_sys_` count too. */
const SYSTEM_TOPICS: ReadonlySet<string> = new Set(Object.values(SystemTopic));

function legalChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 37 /* % */ || c === 45 /* - */ ||
    c === 95 /* _ */ || c === 124; /* | */
}

/** TopicValidator.validateTopic: null when the name is fine, else SYSTEM_ERROR with Java's remark. */
export function validateTopic(topic: string | undefined | null): TopicVerdict | null {
  if (!topic || topic.trim().length === 0) return { code: ResponseCode.SYSTEM_ERROR, remark: 'The specified topic is blank.' };
  for (let i = 0; i < topic.length; i++) {
    if (!legalChar(topic.charCodeAt(i))) {
      return {
        code: ResponseCode.SYSTEM_ERROR,
        remark: 'The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$',
      };
    }
  }
  if (topic.length > TOPIC_MAX_LENGTH) {
    return { code: ResponseCode.SYSTEM_ERROR, remark: 'The specified topic is longer than topic max length.' };
  }
  return null;
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
