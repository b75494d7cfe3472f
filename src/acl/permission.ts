// Permissions of the plain ACL (Java's acl Permission and AclConstants): bit flags, the strings
// of plain_acl.yml, "resource=PERM" entries, and which request codes need an admin account.
// A group's permission is kept under its retry topic (%RETRY%<group>), as Java keys it.

import { RETRY_GROUP_TOPIC_PREFIX } from '../common/message/message-const.js';
import { RequestCode } from '../remoting/request-code.js';
import { AclError } from './acl-error.js';

export const Permission = {
  DENY: 1,
  ANY: 1 << 1,
  PUB: 1 << 2,
  SUB: 1 << 3,
} as const;

/** The permission strings of plain_acl.yml. */
export const PermString = {
  DENY: 'DENY',
  PUB: 'PUB',
  SUB: 'SUB',
  PUB_SUB: 'PUB|SUB',
  SUB_PUB: 'SUB|PUB',
} as const;

/** Request codes that only an admin account may send (Permission.ADMIN_CODE). */
export const ADMIN_CODES: ReadonlySet<number> = new Set([
  RequestCode.UPDATE_AND_CREATE_TOPIC,
  RequestCode.UPDATE_BROKER_CONFIG,
  RequestCode.DELETE_TOPIC_IN_BROKER,
  RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
  RequestCode.DELETE_SUBSCRIPTIONGROUP,
]);

/**
 * The ACL management codes. Java 4.9.8 lets any signed account send them, so any account could
 * make itself an admin or read every secret; we ask for an admin account here too.
 */
export const ACL_ADMIN_CODES: ReadonlySet<number> = new Set([
  RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
  RequestCode.DELETE_ACL_CONFIG,
  RequestCode.GET_BROKER_CLUSTER_ACL_INFO,
  RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG,
  RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG,
]);

export function needAdminPerm(code: number): boolean {
  return ADMIN_CODES.has(code) || ACL_ADMIN_CODES.has(code);
}

/** Whether `owned` grants `needed`: DENY refuses everything; ANY is granted by PUB or SUB. */
export function checkPermission(needed: number, owned: number): boolean {
  if ((owned & Permission.DENY) !== 0) return false;
  if ((needed & Permission.ANY) !== 0) return (owned & Permission.PUB) !== 0 || (owned & Permission.SUB) !== 0;
  return (needed & owned) !== 0;
}

/** A permission string (trimmed); anything unknown, or none at all, is DENY. */
export function parsePermFromString(text: string | undefined | null): number {
  if (text === undefined || text === null) return Permission.DENY;
  switch (text.trim()) {
    case PermString.PUB:
      return Permission.PUB;
    case PermString.SUB:
      return Permission.SUB;
    case PermString.PUB_SUB:
    case PermString.SUB_PUB:
      return Permission.PUB | Permission.SUB;
    default:
      return Permission.DENY;
  }
}

/** Commons-lang StringUtils.split on one character: empty pieces are dropped. */
function splitTokens(text: string, sep: string): string[] {
  return text.split(sep).filter((p) => p.length > 0);
}

export const isRetryTopic = (topic: string | undefined | null): topic is string =>
  topic !== undefined && topic !== null && topic.startsWith(RETRY_GROUP_TOPIC_PREFIX);
export const retryTopicOf = (group: string): string => RETRY_GROUP_TOPIC_PREFIX + group;

/** "topic:<name>" or "group:<name>" for a resource key, as the refusals name it. */
export function resourceText(resource: string, isGroup: boolean): string {
  return isGroup ? `group:${resource.slice(RETRY_GROUP_TOPIC_PREFIX.length)}` : `topic:${resource}`;
}

/** "name=PERM" entries of topicPerms or groupPerms into resource -> permission (groups as retry topics). */
export function parseResourcePerms(entries: readonly string[] | undefined, isTopic: boolean, into: Map<string, number>): void {
  if (!entries) return;
  for (const entry of entries) {
    const items = splitTokens(entry, '=');
    if (items.length !== 2) throw new AclError(`Parse resource permission failed for ${isTopic ? 'topic' : 'group'}:${entry}`);
    const name = items[0]!.trim();
    into.set(isTopic ? name : retryTopicOf(name), parsePermFromString(items[1]!.trim()));
  }
}

/** What an update request may carry: each entry "name=PERM" with a known permission. */
export function checkResourcePerms(entries: readonly string[] | undefined): void {
  if (!entries) return;
  for (const entry of entries) {
    const items = splitTokens(entry, '=');
    if (items.length !== 2) {
      throw new AclError(`Parse Resource format error for ${entry}.\nThe expected resource format is 'Res=Perm'. For example: topicA=SUB`);
    }
    const perm = items[1]!.trim();
    if (perm !== PermString.DENY && parsePermFromString(perm) === Permission.DENY) {
      throw new AclError(
        `Parse resource permission error for ${entry}.\nThe expected permissions are 'SUB' or 'PUB' or 'SUB|PUB' or 'PUB|SUB'.`,
      );
    }
  }
}
