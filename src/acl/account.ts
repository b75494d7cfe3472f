// One account of the ACL files, ready for checks (Java's PlainAccessResource as
// PlainPermissionManager.buildPlainAccessResource makes it): keys validated, permissions parsed to
// bits, the white remote address compiled.

import type { PlainAccessConfig } from '../remoting/protocol/acl.js';
import { AclError, javaText } from './acl-error.js';
import { parsePermFromString, parseResourcePerms } from './permission.js';
import { type RemoteAddressMatcher, remoteAddressMatcher } from './remote-address.js';

/** Keys must be longer than this (AclConstants.ACCESS_KEY_MIN_LENGTH, SECRET_KEY_MIN_LENGTH). */
export const ACCESS_KEY_MIN_LENGTH = 6;
export const SECRET_KEY_MIN_LENGTH = 6;

export interface AclAccount {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly admin: boolean;
  /** Bits for topics and groups not listed; DENY when the file names none. */
  readonly defaultTopicPerm: number;
  readonly defaultGroupPerm: number;
  /** Topic (groups as %RETRY%<group>) -> bits; undefined when the account lists none. */
  readonly resourcePerms: ReadonlyMap<string, number> | undefined;
  /** Requests from these addresses need no signature and no permission. */
  readonly white: RemoteAddressMatcher;
  /** The account as written. */
  readonly config: PlainAccessConfig;
}

/** Both keys present and longer than six characters (checkPlainAccessConfig). */
export function checkPlainAccessConfig(c: PlainAccessConfig): asserts c is PlainAccessConfig & { accessKey: string; secretKey: string } {
  const ak = c.accessKey;
  const sk = c.secretKey;
  if (ak === undefined || sk === undefined || ak.length <= ACCESS_KEY_MIN_LENGTH || sk.length <= SECRET_KEY_MIN_LENGTH) {
    throw new AclError(`The accessKey=${javaText(ak)} and secretKey=${javaText(sk)} cannot be null and length should longer than 6`);
  }
}

export function buildAccount(c: PlainAccessConfig): AclAccount {
  checkPlainAccessConfig(c);
  const perms = new Map<string, number>();
  parseResourcePerms(c.groupPerms, false, perms);
  parseResourcePerms(c.topicPerms, true, perms);
  return {
    accessKey: c.accessKey,
    secretKey: c.secretKey,
    admin: c.admin,
    defaultTopicPerm: parsePermFromString(c.defaultTopicPerm),
    defaultGroupPerm: parsePermFromString(c.defaultGroupPerm),
    resourcePerms: perms.size > 0 ? perms : undefined,
    white: remoteAddressMatcher(c.whiteRemoteAddress),
    config: c,
  };
}
