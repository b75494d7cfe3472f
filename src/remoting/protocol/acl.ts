// Plain ACL management (RocketMQ 4.9, sent by mqadmin updateAclConfig, deleteAclConfig,
// clusterAclConfigVersion, updateGlobalWhiteAddr):
//   UPDATE_AND_CREATE_ACL_CONFIG (50)      request accessKey secretKey? whiteRemoteAddress? admin
//                                          defaultTopicPerm? defaultGroupPerm? topicPerms? groupPerms?
//                                          (perm lists joined by ",": "topicA=DENY,topicB=PUB|SUB")
//   DELETE_ACL_CONFIG (51)                 request accessKey
//   GET_BROKER_CLUSTER_ACL_INFO (52)       response version (DataVersion JSON of the default file)
//                                          allAclFileVersion ({"<file path>":DataVersion..} JSON)
//                                          brokerName brokerAddr clusterName
//   UPDATE_GLOBAL_WHITE_ADDRS_CONFIG (53)  request globalWhiteAddrs ("a,b,c") aclFileFullPath?
//   GET_BROKER_CLUSTER_ACL_CONFIG (54)     (4.9.7 and older; removed in 4.9.8) response body
//                                          {"globalWhiteAddrs":[..],"plainAccessConfigs":[PlainAccessConfig..]}
//   PlainAccessConfig  {"accessKey":..,"admin":b,"defaultGroupPerm":..,"defaultTopicPerm":..,
//                       "groupPerms":[..],"secretKey":..,"topicPerms":[..],"whiteRemoteAddress":..}
//   DataVersion        {"counter":n,"timestamp":n}
// Every response of 50, 51 and 53 carries no header; failures answer 209, 210 and 211.

import type { FJValue } from '../fastjson.js';
import { parseFastjson, stringifyFastjson } from '../fastjson.js';
import { defineHeader, h, type HeaderType } from '../header.js';
import { asObject, type Bean, bool, decodeBean, encodeBody, str, strList } from './bean.js';
import { type DataVersion, dataVersionFromJson, dataVersionToJson } from './topic-config.js';

/** One account of plain_acl.yml (PlainAccessConfig). The perms are the strings of the file ("PUB|SUB"). */
export interface PlainAccessConfig {
  accessKey?: string;
  secretKey?: string;
  whiteRemoteAddress?: string;
  admin: boolean;
  defaultTopicPerm?: string;
  defaultGroupPerm?: string;
  /** "topic=PERM" entries. */
  topicPerms?: string[];
  /** "group=PERM" entries. */
  groupPerms?: string[];
}

/** Everything the plain ACL files say (AclConfig), as GET_BROKER_CLUSTER_ACL_CONFIG answers it. */
export interface AclConfig {
  globalWhiteAddrs: string[];
  plainAccessConfigs: PlainAccessConfig[];
}

export const CreateAccessConfigRequestHeader = defineHeader('CreateAccessConfigRequestHeader', {
  accessKey: h.str(),
  secretKey: h.optStr(),
  whiteRemoteAddress: h.optStr(),
  admin: h.boolOr(false),
  defaultTopicPerm: h.optStr(),
  defaultGroupPerm: h.optStr(),
  topicPerms: h.optStr(),
  groupPerms: h.optStr(),
});
export type CreateAccessConfigRequest = HeaderType<typeof CreateAccessConfigRequestHeader>;

export const DeleteAccessConfigRequestHeader = defineHeader('DeleteAccessConfigRequestHeader', {
  accessKey: h.str(),
});
export type DeleteAccessConfigRequest = HeaderType<typeof DeleteAccessConfigRequestHeader>;

/**
 * Java declares aclFileFullPath not-null, yet mqadmin leaves it out unless -p is given and means
 * "the default file" then (apache/rocketmq#4151); so a missing one is accepted here.
 */
export const UpdateGlobalWhiteAddrsConfigRequestHeader = defineHeader('UpdateGlobalWhiteAddrsConfigRequestHeader', {
  globalWhiteAddrs: h.str(),
  aclFileFullPath: h.optStr(),
});
export type UpdateGlobalWhiteAddrsConfigRequest = HeaderType<typeof UpdateGlobalWhiteAddrsConfigRequestHeader>;

export const GetBrokerAclConfigResponseHeader = defineHeader('GetBrokerAclConfigResponseHeader', {
  version: h.str(),
  allAclFileVersion: h.optStr(),
  brokerName: h.str(),
  brokerAddr: h.str(),
  clusterName: h.str(),
});
export type GetBrokerAclConfigResponse = HeaderType<typeof GetBrokerAclConfigResponseHeader>;

/** What clusterAclConfigVersion shows for one broker (ClusterAclVersionInfo). */
export interface ClusterAclVersionInfo {
  brokerName: string;
  brokerAddr: string;
  clusterName: string;
  /** The default file's version (deprecated in Java, still sent). */
  aclConfigDataVersion: DataVersion;
  /** File path -> its version. */
  allAclConfigDataVersion: Map<string, DataVersion>;
}

/** String.split(","): trailing empty pieces dropped, but "" is one empty piece. */
export function splitJavaList(text: string | undefined | null): string[] | undefined {
  if (text === undefined || text === null) return undefined;
  if (text === '') return [''];
  const parts = text.split(',');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** The request header mqadmin builds from a PlainAccessConfig (MQClientAPIImpl.createPlainAccessConfig). */
export function accessConfigToRequest(c: PlainAccessConfig): CreateAccessConfigRequest {
  const r: CreateAccessConfigRequest = { accessKey: c.accessKey ?? '', admin: c.admin };
  if (c.secretKey !== undefined) r.secretKey = c.secretKey;
  if (c.whiteRemoteAddress !== undefined) r.whiteRemoteAddress = c.whiteRemoteAddress;
  if (c.defaultTopicPerm !== undefined) r.defaultTopicPerm = c.defaultTopicPerm;
  if (c.defaultGroupPerm !== undefined) r.defaultGroupPerm = c.defaultGroupPerm;
  if (c.topicPerms !== undefined) r.topicPerms = c.topicPerms.join(',');
  if (c.groupPerms !== undefined) r.groupPerms = c.groupPerms.join(',');
  return r;
}

/** The PlainAccessConfig a broker makes of the request (AdminBrokerProcessor.updateAndCreateAccessConfig). */
export function accessConfigFromRequest(r: CreateAccessConfigRequest): PlainAccessConfig {
  const c: PlainAccessConfig = { accessKey: r.accessKey, admin: r.admin };
  if (r.secretKey !== undefined) c.secretKey = r.secretKey;
  if (r.whiteRemoteAddress !== undefined) c.whiteRemoteAddress = r.whiteRemoteAddress;
  if (r.defaultTopicPerm !== undefined) c.defaultTopicPerm = r.defaultTopicPerm;
  if (r.defaultGroupPerm !== undefined) c.defaultGroupPerm = r.defaultGroupPerm;
  const topics = splitJavaList(r.topicPerms);
  if (topics !== undefined) c.topicPerms = topics;
  const groups = splitJavaList(r.groupPerms);
  if (groups !== undefined) c.groupPerms = groups;
  return c;
}

/** fastjson's bean layout: properties in name order, nulls left out. */
export function plainAccessConfigToJson(c: PlainAccessConfig): Record<string, unknown> {
  return {
    accessKey: c.accessKey,
    admin: c.admin,
    defaultGroupPerm: c.defaultGroupPerm,
    defaultTopicPerm: c.defaultTopicPerm,
    groupPerms: c.groupPerms,
    secretKey: c.secretKey,
    topicPerms: c.topicPerms,
    whiteRemoteAddress: c.whiteRemoteAddress,
  };
}

export function plainAccessConfigFromJson(v: FJValue): PlainAccessConfig {
  const o: Bean = asObject(v, 'PlainAccessConfig');
  const c: PlainAccessConfig = { admin: bool(o, 'admin') };
  for (const k of ['accessKey', 'secretKey', 'whiteRemoteAddress', 'defaultTopicPerm', 'defaultGroupPerm'] as const) {
    const s = str(o, k);
    if (s !== undefined) c[k] = s;
  }
  if (o.topicPerms !== undefined && o.topicPerms !== null) c.topicPerms = strList(o, 'topicPerms');
  if (o.groupPerms !== undefined && o.groupPerms !== null) c.groupPerms = strList(o, 'groupPerms');
  return c;
}

export function encodeAclConfigBody(c: AclConfig): Buffer {
  return encodeBody({ globalWhiteAddrs: c.globalWhiteAddrs, plainAccessConfigs: c.plainAccessConfigs.map(plainAccessConfigToJson) });
}

export function decodeAclConfigBody(body: Uint8Array): AclConfig {
  const o = decodeBean(body, 'GetBrokerClusterAclConfigResponseBody');
  const configs = o.plainAccessConfigs;
  return {
    globalWhiteAddrs: strList(o, 'globalWhiteAddrs'),
    plainAccessConfigs: Array.isArray(configs) ? configs.map(plainAccessConfigFromJson) : [],
  };
}

/** allAclFileVersion: fastjson's JSON.toJSONString of Map<String, DataVersion>. */
export function encodeAclFileVersions(versions: ReadonlyMap<string, DataVersion>): string {
  const o: Record<string, unknown> = {};
  for (const [file, dv] of versions) o[file] = dataVersionToJson(dv);
  return stringifyFastjson(o);
}

export function decodeAclFileVersions(text: string | undefined | null): Map<string, DataVersion> {
  const out = new Map<string, DataVersion>();
  if (!text) return out;
  const o = asObject(parseFastjson(text), 'allAclFileVersion');
  for (const [file, dv] of Object.entries(o)) out.set(file, dataVersionFromJson(dv));
  return out;
}

/** The response header of GET_BROKER_CLUSTER_ACL_INFO for one broker. */
export function clusterAclVersionHeader(info: ClusterAclVersionInfo): GetBrokerAclConfigResponse {
  return {
    version: stringifyFastjson(dataVersionToJson(info.aclConfigDataVersion)),
    allAclFileVersion: encodeAclFileVersions(info.allAclConfigDataVersion),
    brokerName: info.brokerName,
    brokerAddr: info.brokerAddr,
    clusterName: info.clusterName,
  };
}

/** What mqadmin makes of that header (MQClientAPIImpl.getBrokerClusterAclInfo). */
export function clusterAclVersionFromHeader(r: GetBrokerAclConfigResponse): ClusterAclVersionInfo {
  return {
    brokerName: r.brokerName,
    brokerAddr: r.brokerAddr,
    clusterName: r.clusterName,
    aclConfigDataVersion: dataVersionFromJson(parseFastjson(r.version)),
    allAclConfigDataVersion: decodeAclFileVersions(r.allAclFileVersion),
  };
}
