// ACL fixtures for integration tests: an admin and a user account, the plain_acl.yml that holds
// them, and a temporary ROCKETMQ_HOME with that file for a broker started with aclEnable=true.

import fs from 'node:fs';
import path from 'node:path';
import type { SessionCredentials } from '../../src/remoting/acl-signature.js';
import { tmpDir } from './tmp.js';

type Ctx = { after(fn: () => unknown): void };

export const ADMIN: SessionCredentials = { accessKey: 'aclAdmin1', secretKey: 'adminSecret1' };
export const USER: SessionCredentials = { accessKey: 'aclUser01', secretKey: 'userSecret1' };

/** An admin, and a user who may use every topic but `aclDenied` and may consume as any group. */
export const PLAIN_ACL = `globalWhiteRemoteAddresses:
accounts:
  - accessKey: ${ADMIN.accessKey}
    secretKey: ${ADMIN.secretKey}
    admin: true
  - accessKey: ${USER.accessKey}
    secretKey: ${USER.secretKey}
    admin: false
    defaultTopicPerm: PUB|SUB
    defaultGroupPerm: SUB
    topicPerms:
      - aclDenied=DENY
`;

/** A ROCKETMQ_HOME whose conf/plain_acl.yml is `text`. */
export function aclHome(t: Ctx, text: string = PLAIN_ACL): string {
  const home = tmpDir('mq-acl-home-', t);
  fs.mkdirSync(path.join(home, 'conf'));
  fs.writeFileSync(path.join(home, 'conf', 'plain_acl.yml'), text);
  return home;
}
