// The plain ACL of RocketMQ 4.9 as a library: the broker builds one PlainAccessValidator for its
// home, calls check() before dispatching each request and routes the management codes to
// aclAdminResponse(); clients find their signing credentials with resolveCredentials().

export { AclError } from './acl-error.js';
export {
  ACL_ADMIN_CODES,
  ADMIN_CODES,
  checkPermission,
  checkResourcePerms,
  needAdminPerm,
  parsePermFromString,
  Permission,
  PermString,
} from './permission.js';
export { expandIP, type RemoteAddressMatcher, remoteAddressMatcher, remoteHostOf } from './remote-address.js';
export { type AclAccount, buildAccount, checkPlainAccessConfig } from './account.js';
export { type AclFileData, aclFileData, type AclYaml, aclYamlText, parseAclYaml } from './acl-file.js';
export { aclFileSetting, type AclPaths, aclPaths, DEFAULT_PLAIN_ACL_FILE, listAclFiles } from './acl-paths.js';
export { type AccessResource, parseAccessResource } from './access-resource.js';
export { type AclSnapshot, type PlainAclOptions, PlainPermissionManager } from './plain-permission-manager.js';
export { CAL_SIGNATURE_FAILED, expectedSignature, PlainAccessValidator } from './plain-access-validator.js';
export { ACL_ADMIN_REQUEST_CODES, aclAdminResponse, type AclBrokerIdentity } from './acl-admin-requests.js';
export {
  credentialsFromEnv,
  type CredentialSources,
  readToolsYml,
  resolveCredentials,
  TOOLS_YML,
  toolsCredentials,
  toolsHome,
} from './credentials.js';
