// The check a broker with aclEnable=true runs before every request (Java's PlainAccessValidator,
// registered by BrokerController.initialAcl as an RPC hook), in Java's order:
//   1. a peer in any global white address list passes;
//   2. no AccessKey: "No accessKey is configured"; an unknown one: "No acl config for <key>";
//   3. a peer in the account's own white address passes;
//   4. the Signature must be Base64(HmacSHA1(secretKey, sorted extFields values but Signature,
//      then the body)): "Check signature failed for accessKey=<key>";
//   5. a PUB to RMQ_SYS_TRACE_TOPIC passes (message traces);
//   6. admin-only codes need an admin account; each topic and group needs its permission, from
//      the account's list or else its default: "No default permission for topic:<t>|group:<g>".
// Every refusal is an AclError (NO_PERMISSION). The config is the manager's current snapshot,
// so a request costs map look-ups, one HMAC and no file access.

import crypto from 'node:crypto';
import type { RemotingCommand } from '../remoting/command.js';
import { aclSignature } from '../remoting/acl-signature.js';
import type { AclConfig, PlainAccessConfig } from '../remoting/protocol/acl.js';
import { QueryMessageRequestHeader } from '../remoting/protocol/query-message.js';
import type { DataVersion } from '../remoting/protocol/topic-config.js';
import { SystemTopic } from '../common/message/message-const.js';
import { AclError } from './acl-error.js';
import { type AccessResource, parseAccessResource } from './access-resource.js';
import type { AclAccount } from './account.js';
import { checkPermission, isRetryTopic, needAdminPerm, Permission, resourceText } from './permission.js';
import { type PlainAclOptions, PlainPermissionManager } from './plain-permission-manager.js';

/** AclSigner's code for a signature that cannot be computed. */
export const CAL_SIGNATURE_FAILED = 10015;

/** MQVersion.Version.V4_9_3.ordinal(): clients up to it sign a query before adding _UNIQUE_KEY_QUERY. */
const V4_9_3 = 404;
const UNIQUE_KEY_QUERY = QueryMessageRequestHeader.spec.uniqueKeyQuery.wire ?? '_UNIQUE_KEY_QUERY';

/**
 * The signature a request must carry for `secretKey`. Java 4.9.8 always leaves _UNIQUE_KEY_QUERY
 * out, which refuses every query by unique key that a 4.9.4+ mqadmin signs (apache/rocketmq#5310);
 * as 5.1 does, it is left out only for clients up to 4.9.3.
 */
export function expectedSignature(request: RemotingCommand, secretKey: string): string {
  if (!secretKey) {
    throw new AclError(`[${CAL_SIGNATURE_FAILED}:signature-failed] unable to calculate a request signature. error=Empty key`, {
      status: 'CAL_SIGNATURE_FAILED',
      code: CAL_SIGNATURE_FAILED,
    });
  }
  let ext = request.extFields;
  if (ext && request.version <= V4_9_3 && ext[UNIQUE_KEY_QUERY] !== undefined) {
    ext = { ...ext };
    delete ext[UNIQUE_KEY_QUERY];
  }
  return aclSignature(ext, request.body, secretKey);
}

/** Compares in constant time, so response timing does not reveal how much of a forged signature was right. */
function sameSignature(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function checkPerm(needed: AccessResource, owned: AclAccount): void {
  if (needAdminPerm(needed.requestCode) && !owned.admin) {
    throw new AclError(`Need admin permission for request code=${needed.requestCode}, but accessKey=${owned.accessKey} is not`);
  }
  if (!needed.resources) return;
  // An admin that lists no resources may use every one.
  if (!owned.resourcePerms && owned.admin) return;
  for (const [resource, perm] of needed.resources) {
    const isGroup = isRetryTopic(resource);
    const own = owned.resourcePerms?.get(resource) ?? (isGroup ? owned.defaultGroupPerm : owned.defaultTopicPerm);
    if (!checkPermission(perm, own)) throw new AclError(`No default permission for ${resourceText(resource, isGroup)}`);
  }
}

export class PlainAccessValidator {
  readonly manager: PlainPermissionManager;

  /** Loads the home's ACL files (throws AclError for one that cannot be used) and watches them. */
  constructor(opts: PlainAclOptions) {
    this.manager = new PlainPermissionManager(opts);
  }

  /** What `request` from `remoteAddr` ("host:port") asks for. */
  parse(request: RemotingCommand, remoteAddr: string | undefined | null): AccessResource {
    return parseAccessResource(request, remoteAddr);
  }

  /** Throws AclError unless the current ACL lets `resource` through. */
  validate(resource: AccessResource): void {
    const snapshot = this.manager.snapshot;
    for (const white of snapshot.globalWhites) if (white.match(resource.remoteHost)) return;
    const accessKey = resource.accessKey;
    if (accessKey === undefined) throw new AclError('No accessKey is configured');
    const entry = snapshot.accounts.get(accessKey);
    if (!entry) throw new AclError(`No acl config for ${accessKey}`);
    const owned = entry.account;
    if (owned.white.match(resource.remoteHost)) return;
    if (!sameSignature(resource.signature, expectedSignature(resource.request, owned.secretKey))) {
      throw new AclError(`Check signature failed for accessKey=${accessKey}`);
    }
    if (resource.resources?.get(SystemTopic.TRACE) === Permission.PUB) return;
    checkPerm(resource, owned);
  }

  /** The whole check of one request, as the broker's pre-dispatch hook runs it. */
  check(request: RemotingCommand, remoteAddr: string | undefined | null): void {
    this.validate(parseAccessResource(request, remoteAddr));
  }

  updateAccessConfig(config: PlainAccessConfig): boolean {
    return this.manager.updateAccessConfig(config);
  }

  deleteAccessConfig(accessKey: string): boolean {
    return this.manager.deleteAccessConfig(accessKey);
  }

  updateGlobalWhiteAddrsConfig(addresses: readonly string[], aclFileFullPath?: string | null): boolean {
    return this.manager.updateGlobalWhiteAddrsConfig(addresses, aclFileFullPath);
  }

  getAllAclConfig(): AclConfig {
    return this.manager.getAllAclConfig();
  }

  getAclConfigVersion(): DataVersion {
    return this.manager.getAclConfigVersion();
  }

  getAllAclConfigVersion(): Map<string, DataVersion> {
    return this.manager.getAllAclConfigVersion();
  }

  /** Stops watching the files. */
  close(): void {
    this.manager.close();
  }
}
