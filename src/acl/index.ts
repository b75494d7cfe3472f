// The plain ACL of RocketMQ 4.9 as a library: the broker builds one PlainAccessValidator for its
// home, calls check() before dispatching each request and routes the management codes to
// aclAdminResponse(); clients find their signing credentials with resolveCredentials().

export { AclError } from './acl-error.js';
export { Permission, PermString, ADMIN_CODES, ACL_ADMIN_CODES, needAdminPerm, checkPermission, parsePermFromString, checkResourcePerms } from './permission.js';
export { remoteAddressMatcher, remoteHostOf, expandIP, type RemoteAddressMatcher } from './remote-address.js';
export { buildAccount, checkPlainAccessConfig, type AclAccount } from './account.js';
export { aclYamlText, parseAclYaml, aclFileData, type AclFileData, type AclYaml } from './acl-file.js';
export { aclPaths, aclFileSetting, listAclFiles, DEFAULT_PLAIN_ACL_FILE, type AclPaths } from './acl-paths.js';
export { parseAccessResource, type AccessResource } from './access-resource.js';
export { PlainPermissionManager, type PlainAclOptions, type AclSnapshot } from './plain-permission-manager.js';
export { PlainAccessValidator, expectedSignature, CAL_SIGNATURE_FAILED } from './plain-access-validator.js';
export { aclAdminResponse, ACL_ADMIN_REQUEST_CODES, type AclBrokerIdentity } from './acl-admin-requests.js';
export { readToolsYml, toolsCredentials, credentialsFromEnv, resolveCredentials, TOOLS_YML, type CredentialSources } from './credentials.js';
