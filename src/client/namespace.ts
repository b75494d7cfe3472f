// Namespaces (Java's NamespaceUtil and ClientConfig.withNamespace): a client with namespace `ns`
// names its topics and groups `ns%name` on the broker, and shows its user the names without it.
// Retry and DLQ topics keep their prefix in front: the retry topic of group `g` in `ns` is
// `%RETRY%ns%g`. System topics (TBW102, rmq_sys_*, ...) and system groups (CID_RMQ_SYS_*) are never
// wrapped. Wrapping is idempotent, and stripping leaves a name of another namespace as it is.

import { DLQ_GROUP_TOPIC_PREFIX, isSystemTopic, RETRY_GROUP_TOPIC_PREFIX } from '../common/message/message-const.js';
import type { MessageQueue } from '../remoting/protocol/message-queue.js';
import type { Message } from './message/message.js';
import { MixAll } from './mix-all.js';

export const NAMESPACE_SEPARATOR = '%';

function isSystemResource(resource: string): boolean {
  return isSystemTopic(resource) || resource.startsWith(MixAll.CID_RMQ_SYS_PREFIX);
}

/** The `%RETRY%` or `%DLQ%` prefix of a resource, or ''. */
function retryOrDLQPrefix(resource: string): string {
  if (resource.startsWith(RETRY_GROUP_TOPIC_PREFIX)) return RETRY_GROUP_TOPIC_PREFIX;
  if (resource.startsWith(DLQ_GROUP_TOPIC_PREFIX)) return DLQ_GROUP_TOPIC_PREFIX;
  return '';
}

/** Whether `resource` (after any retry/DLQ prefix) already starts with `namespace%`. */
export function isAlreadyWithNamespace(resource: string, namespace: string | undefined): boolean {
  if (!namespace || !resource || isSystemResource(resource)) return false;
  return resource.slice(retryOrDLQPrefix(resource).length).startsWith(namespace + NAMESPACE_SEPARATOR);
}

/** `ns%name` (`%RETRY%ns%g` for a retry topic); unchanged without a namespace, for system names, or when already wrapped. */
export function wrapNamespace(namespace: string | undefined, resource: string): string {
  if (!namespace || !resource || isSystemResource(resource) || isAlreadyWithNamespace(resource, namespace)) return resource;
  const prefix = retryOrDLQPrefix(resource);
  return prefix + namespace + NAMESPACE_SEPARATOR + resource.slice(prefix.length);
}

/** The name without `namespace`; a name of another namespace, or of none, stays as it is. */
export function withoutNamespace(resource: string, namespace: string | undefined): string {
  return isAlreadyWithNamespace(resource, namespace) ? withoutAnyNamespace(resource) : resource;
}

/** The name without whatever namespace it carries: what precedes the first `%` after a retry/DLQ prefix. */
export function withoutAnyNamespace(resource: string): string {
  if (!resource || isSystemResource(resource)) return resource;
  const prefix = retryOrDLQPrefix(resource);
  const rest = resource.slice(prefix.length);
  const i = rest.indexOf(NAMESPACE_SEPARATOR);
  return i > 0 ? prefix + rest.slice(i + 1) : resource;
}

/** NamespaceUtil.wrapNamespaceAndRetry: the retry topic of `group` in `namespace`. */
export function wrapNamespaceAndRetry(namespace: string | undefined, group: string): string {
  return RETRY_GROUP_TOPIC_PREFIX + wrapNamespace(namespace, group);
}

/** The namespace a resource carries, or ''. */
export function getNamespaceFromResource(resource: string): string {
  if (!resource || isSystemResource(resource)) return '';
  const rest = resource.slice(retryOrDLQPrefix(resource).length);
  const i = rest.indexOf(NAMESPACE_SEPARATOR);
  return i > 0 ? rest.slice(0, i) : '';
}

/** The queue as the broker names it (a new object only when the topic changes). */
export function queueWithNamespace(namespace: string | undefined, mq: MessageQueue): MessageQueue {
  const topic = wrapNamespace(namespace, mq.topic);
  return topic === mq.topic ? mq : { topic, brokerName: mq.brokerName, queueId: mq.queueId };
}

/** The queue as the user names it. */
export function queueWithoutNamespace(namespace: string | undefined, mq: MessageQueue): MessageQueue {
  const topic = withoutNamespace(mq.topic, namespace);
  return topic === mq.topic ? mq : { topic, brokerName: mq.brokerName, queueId: mq.queueId };
}

/** Sets the user's topic back on received messages (they arrive with the broker's name). */
export function stripMessageTopics<T extends { topic: string }>(namespace: string | undefined, msgs: readonly T[]): void {
  if (!namespace) return;
  for (const m of msgs) m.topic = withoutNamespace(m.topic, namespace);
}

/**
 * The message as the broker must see it: `msg` itself when its topic is already right, else a view
 * with the namespaced topic that shares the caller's body and properties. Java rewrites the
 * caller's topic and puts it back after the send; the view leaves it alone, yet what the send adds
 * to the properties (UNIQ_KEY, INSTANCE_ID) still lands on the caller's message, as in Java.
 */
export function messageInNamespace<T extends Message>(namespace: string | undefined, msg: T): T {
  const topic = wrapNamespace(namespace, msg.topic);
  if (topic === msg.topic) return msg;
  const view = Object.create(msg) as T;
  view.topic = topic;
  return view;
}
