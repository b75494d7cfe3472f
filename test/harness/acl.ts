// A RocketMQ home in a temp dir with the ACL files a test writes, and requests to check against it;
// for broker tests, an admin and a user account, the plain_acl.yml that holds them, and our name
// server with a broker started on such a home with aclEnable=true (children, stopped after the test).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from './tmp.js';
import { type RemotingCommand, SerializeType } from '../../src/remoting/command.js';
import { type SessionCredentials, signRequest } from '../../src/remoting/acl-signature.js';
import { AclError } from '../../src/acl/acl-error.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { AdminExt } from '../../src/admin/admin-ext.js';
import { type BrokerHandle, type NamesrvHandle, startBroker, startNamesrv } from './servers.js';

type TestContext = { after(fn: () => unknown): void };

/** A home with conf/ and the given files (paths relative to the home). */
export function aclHome(t: TestContext, files: Record<string, string> = {}): string {
  const home = tmpDir('mq-acl-', t);
  fs.mkdirSync(path.join(home, 'conf'), { recursive: true });
  for (const [rel, text] of Object.entries(files)) writeAt(home, rel, text);
  return home;
}

export function writeAt(home: string, rel: string, text: string): string {
  const file = path.join(home, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

export function request(code: number, extFields: Record<string, string> | null, body?: Uint8Array | null, version = 409): RemotingCommand {
  return { code, language: 'JAVA', version, opaque: 1, flag: 0, extFields, body: body ?? null, serializeType: SerializeType.JSON };
}

/** A request signed as a Java client's AclClientRPCHook signs it. */
export function signed(
  code: number,
  extFields: Record<string, string>,
  cred: SessionCredentials,
  body?: Uint8Array | null,
): RemotingCommand {
  return signRequest(request(code, { ...extFields }, body), cred);
}

/** An assert.throws check: an AclError answering NO_PERMISSION with exactly this message. */
export function refusal(message: string): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof AclError, `not an AclError: ${String(err)}`);
    assert.equal(err.message, message);
    assert.equal(err.responseCode, ResponseCode.NO_PERMISSION);
    return true;
  };
}

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
export function plainAclHome(t: TestContext, text: string = PLAIN_ACL): string {
  return aclHome(t, { 'conf/plain_acl.yml': text });
}

export interface AclCluster {
  ns: NamesrvHandle;
  broker: BrokerHandle;
  home: string;
  /** The broker's conf/plain_acl.yml. */
  aclFile: string;
}

/** Our name server and a broker of cluster AclCluster (broker-acl) with aclEnable=true on aclHome(). */
export async function startAclCluster(t: TestContext): Promise<AclCluster> {
  const ns = await startNamesrv(t);
  const home = plainAclHome(t);
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
