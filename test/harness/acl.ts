// ACL fixtures for integration tests: an admin and a user account, the plain_acl.yml that holds
// them, a temporary ROCKETMQ_HOME with that file, and our name server with a broker started on it
// with aclEnable=true (children, stopped after the test).

import fs from 'node:fs';
import path from 'node:path';
import { AdminExt } from '../../src/admin/admin-ext.js';
import type { SessionCredentials } from '../../src/remoting/acl-signature.js';
import { type BrokerHandle, type NamesrvHandle, startBroker, startNamesrv } from './servers.js';
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

export interface AclCluster {
  ns: NamesrvHandle;
  broker: BrokerHandle;
  home: string;
  /** The broker's conf/plain_acl.yml. */
  aclFile: string;
}

/** Our name server and a broker of cluster AclCluster (broker-acl) with aclEnable=true on aclHome(). */
export async function startAclCluster(t: Ctx): Promise<AclCluster> {
  const ns = await startNamesrv(t);
  const home = aclHome(t);
  const broker = await startBroker(t, {
    namesrvAddr: ns.addr,
    props: { aclEnable: true, rocketmqHome: home, brokerClusterName: 'AclCluster', brokerName: 'broker-acl' },
  });
  return { ns, broker, home, aclFile: path.join(home, 'conf', 'plain_acl.yml') };
}

/** Creates `topic` (4 queues) on one broker, signed by the admin. */
export async function createTopicAsAdmin(namesrvAddr: string, brokerAddr: string, topic: string): Promise<void> {
  const admin = new AdminExt({ namesrvAddr, credentials: ADMIN }).start();
  try {
    const config = { topicName: topic, readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0, order: false };
    await admin.api.createTopic(brokerAddr, 'TBW102', { ...config, topicFilterType: 'SINGLE_TAG' }, admin.timeoutMs);
  } finally {
    await admin.shutdown();
  }
}
