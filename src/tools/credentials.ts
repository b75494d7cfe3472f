// The ACL keys `mq tools` sign with: --accessKey/--secretKey (also -ak/-sk, Java's benchmark spelling),
// else ROCKETMQ_ACCESS_KEY / ROCKETMQ_SECRET_KEY (and ROCKETMQ_SECURITY_TOKEN), else conf/tools.yml
// under ROCKETMQ_HOME (this package's by default, as mqadmin reads it). A broker without ACL
// ignores the signature.

import { Flags } from '@oclif/core';
import { resolveCredentials, toolsHome } from '../acl/index.js';
import type { ClientOptions } from '../client/client-config.js';
import { ConfigError } from '../common/errors.js';
import type { SessionCredentials } from '../remoting/acl-signature.js';

export const credentialFlags = {
  accessKey: Flags.string({
    aliases: ['ak'],
    description: 'ACL access key to sign requests with (default: ROCKETMQ_ACCESS_KEY, else conf/tools.yml under ROCKETMQ_HOME)',
  }),
  secretKey: Flags.string({
    aliases: ['sk'],
    description: 'ACL secret key to sign requests with (default: ROCKETMQ_SECRET_KEY, else conf/tools.yml)',
  }),
};

/** The credentials of the flags, the environment or tools.yml; undefined when none is complete. */
export function toolCredentials(
  accessKey: string | undefined,
  secretKey: string | undefined,
  flagNames = '--accessKey (-ak) and --secretKey (-sk)',
): SessionCredentials | undefined {
  if ((accessKey === undefined) !== (secretKey === undefined)) throw new ConfigError(`${flagNames} go together: give both or neither`);
  return resolveCredentials({ accessKey, secretKey, rocketmqHome: toolsHome() });
}

/** Client options that sign with `cred` (nothing when there are none). */
export function signingOptions(cred: SessionCredentials | undefined): ClientOptions {
  if (!cred) return {};
  return { accessKey: cred.accessKey, secretKey: cred.secretKey, ...(cred.securityToken ? { securityToken: cred.securityToken } : {}) };
}
