// Name server operations of mqadmin: configuration of each name server (read and change), KV
// entries, and taking a broker's write permission away (or giving it back) on every name server
// named by -n, which is how operators drain a broker before maintenance.

import { MQClientError } from '../common/errors.js';
import { ResponseCode } from '../remoting/response-code.js';
import type { AdminExt } from './admin-ext.js';

/** GET_NAMESRV_CONFIG from each name server, in -n order. */
export async function getNamesrvConfigs(admin: AdminExt): Promise<Array<{ addr: string; config: Map<string, string> }>> {
  const out: Array<{ addr: string; config: Map<string, string> }> = [];
  for (const addr of admin.nameServerAddressList) out.push({ addr, config: await admin.calls.getNamesrvConfig(addr, admin.timeoutMs) });
  return out;
}

export async function updateNamesrvConfig(admin: AdminExt, key: string, value: string): Promise<readonly string[]> {
  for (const addr of admin.nameServerAddressList) await admin.calls.updateNamesrvConfig(addr, [[key, value]], admin.timeoutMs);
  return admin.nameServerAddressList;
}

export async function getKvConfig(admin: AdminExt, namespace: string, key: string): Promise<string | undefined> {
  return admin.calls.getKVConfigValue(namespace, key, admin.timeoutMs);
}

/** PUT_KV_CONFIG on every name server, as Java's putKVConfigValue does. */
export async function putKvConfig(admin: AdminExt, namespace: string, key: string, value: string): Promise<void> {
  for (const addr of admin.nameServerAddressList) await admin.calls.putKVConfigValue(namespace, key, value, admin.timeoutMs, addr);
}

/** The value of a KV entry; a key that is not there fails with its reason (Java would act silently). */
export async function requireKvConfig(admin: AdminExt, namespace: string, key: string): Promise<string> {
  const value = await getKvConfig(admin, namespace, key);
  if (value === undefined) throw new MQClientError(ResponseCode.QUERY_NOT_FOUND, `no KV config ${key} in namespace ${namespace}`);
  return value;
}

/** DELETE_KV_CONFIG on every name server. */
export async function deleteKvConfig(admin: AdminExt, namespace: string, key: string): Promise<void> {
  for (const addr of admin.nameServerAddressList) await admin.calls.deleteKVConfigValue(namespace, key, admin.timeoutMs, addr);
}

/** Fails unless some cluster on the name servers holds a broker of that name. */
export async function requireBrokerName(admin: AdminExt, brokerName: string): Promise<void> {
  const info = await admin.examineBrokerClusterInfo();
  if (!info.brokerAddrTable.has(brokerName)) {
    const known = [...info.brokerAddrTable.keys()].sort();
    throw new MQClientError(
      ResponseCode.SYSTEM_ERROR,
      `broker ${brokerName} is not registered on the name server${known.length ? ` (known: ${known.join(', ')})` : ''}`,
    );
  }
}

export interface PermResult {
  namesrvAddr: string;
  /** Topics whose permission changed, or the reason it failed on that name server. */
  topicCount?: number;
  error?: string;
}

/** wipeWritePerm / addWritePerm on every name server in turn; a failure on one does not stop the rest. */
export async function changeWritePerm(admin: AdminExt, brokerName: string, wipe: boolean): Promise<PermResult[]> {
  const out: PermResult[] = [];
  for (const addr of admin.nameServerAddressList) {
    try {
      const n = wipe
        ? await admin.calls.wipeWritePermOfBroker(brokerName, admin.timeoutMs, addr)
        : await admin.calls.addWritePermOfBroker(brokerName, admin.timeoutMs, addr);
      out.push({ namesrvAddr: addr, topicCount: n });
    } catch (err) {
      out.push({ namesrvAddr: addr, error: (err as Error).message });
    }
  }
  return out;
}
