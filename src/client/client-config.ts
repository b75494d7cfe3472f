// ClientConfig: what every producer, consumer and admin client shares (Java's ClientConfig), with
// Java's defaults. The client id is `ip@instanceName[@unitName][@STREAM]` (pull consumers add
// STREAM); clients built on the default instance name "DEFAULT" rename it to `<pid>#<nanotime>`
// (changeInstanceNameToPID), so two clients in one process get two client instances unless they
// name one on purpose. A namespace is not part of the client id: it prefixes topics and groups
// (namespace.ts).

import os from 'node:os';
import { nowNs } from '../common/runtime.js';
import { defaultSerializeType, type RemotingCommand, SerializeType, type SerializeTypeValue } from '../remoting/command.js';
import { splitAddressList } from '../remoting/address.js';
import { type SessionCredentials, signRequest } from '../remoting/acl-signature.js';
import { resolveTlsConfig, type TlsConfig, type TlsKey } from '../common/config/tls-config.js';
import type { MessageQueue } from '../remoting/protocol/message-queue.js';
import { MixAll } from './mix-all.js';
import { queueWithNamespace, queueWithoutNamespace, withoutNamespace, wrapNamespace } from './namespace.js';

/** Called around every request the client sends (Java's RPCHook), e.g. to sign it for ACL. */
export interface RPCHook {
  doBeforeRequest(remoteAddr: string, request: RemotingCommand): void;
  doAfterResponse?(remoteAddr: string, request: RemotingCommand, response: RemotingCommand): void;
}

/** An RPCHook that signs requests with AccessKey / Signature, as AclClientRPCHook does. */
export function aclHook(credentials: SessionCredentials): RPCHook {
  return { doBeforeRequest: (_addr, request) => void signRequest(request, credentials) };
}

/** The signing hook of ClientOptions' keys; none unless both keys are set. */
function credentialsHook(opts: ClientOptions): RPCHook | undefined {
  const { accessKey, secretKey, securityToken } = opts;
  if (!accessKey || !secretKey) return undefined;
  return aclHook({ accessKey, secretKey, ...(securityToken ? { securityToken } : {}) });
}

export interface ClientOptions {
  /** Name servers: "a:9876;b:9876" or a list. Default: the NAMESRV_ADDR environment variable. */
  namesrvAddr?: string | readonly string[];
  /** Instance name; "DEFAULT" (the default, or ROCKETMQ_CLIENT_NAME) becomes `<pid>#<nanotime>`. */
  instanceName?: string;
  /** The IP this client names itself by in its client id. Default: the host's first non-loopback address. */
  clientIP?: string;
  unitName?: string;
  unitMode?: boolean;
  /**
   * Topics and groups of this client live on the broker as `<namespace>%<name>` (retry topics as
   * `%RETRY%<namespace>%<group>`); the client shows the names without it.
   */
  namespace?: string;
  /** How often topic routes are refreshed from the name server (ms). */
  pollNameServerInterval?: number;
  /** How often the client heartbeats every broker (ms). */
  heartbeatBrokerInterval?: number;
  /** How often consumers persist their offsets (ms). */
  persistConsumerOffsetInterval?: number;
  /** Delay before a failed pull is retried (ms); push consumers use 3000 as Java's impl does. */
  pullTimeDelayMillsWhenException?: number;
  /** Timeout of client API calls other than sends and pulls (ms). */
  mqClientApiTimeout?: number;
  /** Send (and most broker calls) through the VIP channel, listenPort - 2. Java 4.9.8 defaults to false. */
  vipChannelEnabled?: boolean;
  /** Header serialization of our requests. Default: ROCKETMQ_SERIALIZE_TYPE, else JSON (as Java). */
  serializeType?: 'JSON' | 'ROCKETMQ' | SerializeTypeValue;
  /** TCP connect timeout (ms), Java's connectTimeoutMillis. */
  connectTimeoutMillis?: number;
  rpcHook?: RPCHook;
  /** Connect to name servers and brokers over TLS. Default: tls.enable (TLS_ENABLE, or -Dtls.enable in JAVA_OPT), as Java's. */
  useTLS?: boolean;
  /**
   * tls.* settings for this client (tls.client.trustCertPath, tls.client.authServer, ...), over those
   * of the environment; tls.config.file still overrides them, as in Java.
   */
  tls?: Partial<Record<TlsKey, string | boolean>>;
  /**
   * ACL credentials: with both keys every request (sends, pulls, heartbeats, name-server calls) is
   * signed as AclClientRPCHook signs it. Ignored when `rpcHook` is given.
   */
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
}

export const DEFAULT_INSTANCE_NAME = 'DEFAULT';

/** The resolved client configuration, with every default filled in. */
export class ClientConfig {
  namesrvAddrs: string[];
  instanceName: string;
  clientIP: string;
  unitName: string | undefined;
  unitMode: boolean;
  // None: names are used as given.
  namespace: string | undefined;
  // Off; pull consumers turn it on, as Java's do: "@STREAM" ends the client id and every request
  // carries ReqT=0 (RequestType.STREAM).
  enableStreamRequestType = false;
  // Route refresh: 30 s, Java's pollNameServerInterval.
  pollNameServerInterval: number;
  // Broker heartbeat: 30 s, Java's heartbeatBrokerInterval.
  heartbeatBrokerInterval: number;
  // Offsets persisted every 5 s, Java's persistConsumerOffsetInterval.
  persistConsumerOffsetInterval: number;
  pullTimeDelayMillsWhenException: number;
  // 3 s for route, heartbeat and offset calls, Java's mqClientApiTimeout.
  mqClientApiTimeout: number;
  // Java 4.9.8: Boolean.parseBoolean(System.getProperty("com.rocketmq.sendMessageWithVIPChannel", "false")).
  vipChannelEnabled: boolean;
  serializeType: SerializeTypeValue;
  connectTimeoutMillis: number;
  rpcHook: RPCHook | undefined;
  useTLS: boolean;
  /** The resolved tls.* settings; the tls.client.* ones apply when useTLS is on. */
  tlsConfig: TlsConfig;

  constructor(opts: ClientOptions = {}) {
    this.namesrvAddrs = resolveNamesrvAddrs(opts.namesrvAddr);
    this.instanceName = opts.instanceName ?? process.env.ROCKETMQ_CLIENT_NAME ?? DEFAULT_INSTANCE_NAME;
    this.clientIP = opts.clientIP ?? localClientIP();
    this.unitName = opts.unitName;
    this.unitMode = opts.unitMode ?? false;
    this.namespace = opts.namespace || undefined;
    this.pollNameServerInterval = opts.pollNameServerInterval ?? 30_000;
    this.heartbeatBrokerInterval = opts.heartbeatBrokerInterval ?? 30_000;
    this.persistConsumerOffsetInterval = opts.persistConsumerOffsetInterval ?? 5_000;
    this.pullTimeDelayMillsWhenException = opts.pullTimeDelayMillsWhenException ?? 1_000;
    this.mqClientApiTimeout = opts.mqClientApiTimeout ?? 3_000;
    this.vipChannelEnabled = opts.vipChannelEnabled ?? envFlag('ROCKETMQ_VIP_CHANNEL', false);
    this.serializeType = resolveSerializeType(opts.serializeType);
    this.connectTimeoutMillis = opts.connectTimeoutMillis ?? 3_000;
    this.rpcHook = opts.rpcHook ?? credentialsHook(opts);
    this.tlsConfig = resolveTlsConfig(Object.entries(opts.tls ?? {}));
    this.useTLS = opts.useTLS ?? this.tlsConfig['tls.enable'];
  }

  /** ClientConfig.changeInstanceNameToPID. */
  changeInstanceNameToPID(): void {
    if (this.instanceName === DEFAULT_INSTANCE_NAME) this.instanceName = `${process.pid}#${nowNs()}`;
  }

  /** ClientConfig.buildMQClientId: `ip@instanceName[@unitName][@STREAM]`. */
  buildMQClientId(): string {
    let id = `${this.clientIP}@${this.instanceName}`;
    if (this.unitName && this.unitName.trim()) id += `@${this.unitName}`;
    if (this.enableStreamRequestType) id += `@${STREAM_REQUEST_TYPE}`;
    return id;
  }

  /** The broker's name of a topic or group of this client. */
  withNamespace(resource: string): string {
    return wrapNamespace(this.namespace, resource);
  }

  /** The user's name of a topic or group the broker named. */
  withoutNamespace(resource: string): string {
    return withoutNamespace(resource, this.namespace);
  }

  queueWithNamespace(mq: MessageQueue): MessageQueue {
    return queueWithNamespace(this.namespace, mq);
  }

  queueWithoutNamespace(mq: MessageQueue): MessageQueue {
    return queueWithoutNamespace(this.namespace, mq);
  }

  /** What every request runs through: ReqT first (so an ACL signature covers it), then the user's hook. */
  requestHook(): RPCHook | undefined {
    const user = this.rpcHook;
    if (!this.enableStreamRequestType) return user;
    if (!user) return streamTypeHook;
    const hook: RPCHook = {
      doBeforeRequest: (addr, request) => {
        streamTypeHook.doBeforeRequest(addr, request);
        user.doBeforeRequest(addr, request);
      },
    };
    if (user.doAfterResponse) hook.doAfterResponse = (addr, request, response) => user.doAfterResponse!(addr, request, response);
    return hook;
  }
}

/** RequestType.STREAM: its name ends a pull consumer's client id, its code (0) goes in ReqT. */
export const STREAM_REQUEST_TYPE = 'STREAM';

/** StreamTypeRPCHook: marks every request of a pull consumer's instance with ReqT=0. */
export const streamTypeHook: RPCHook = {
  doBeforeRequest: (_addr, request) => {
    (request.extFields ??= {})[MixAll.REQ_T] = '0';
  },
};

/** `opt`, else NAMESRV_ADDR; `;`-separated (commas accepted too). */
export function resolveNamesrvAddrs(opt: string | readonly string[] | undefined): string[] {
  if (Array.isArray(opt)) return opt.flatMap((a) => splitAddressList(a));
  const text = (opt as string | undefined) ?? process.env.NAMESRV_ADDR ?? process.env['rocketmq.namesrv.addr'];
  return splitAddressList(text);
}

function resolveSerializeType(v: ClientOptions['serializeType']): SerializeTypeValue {
  if (v === undefined) return defaultSerializeType();
  if (v === 'JSON') return SerializeType.JSON;
  if (v === 'ROCKETMQ') return SerializeType.ROCKETMQ;
  return v;
}

function envFlag(name: string, dflt: boolean): boolean {
  const v = process.env[name];
  return v === undefined ? dflt : v.toLowerCase() === 'true';
}

/**
 * RemotingUtil.getLocalAddress: the first non-loopback IPv4 address that is not 127.0.x / 192.168.x,
 * else the last IPv4 one, else the first IPv6 one, else 127.0.0.1.
 */
export function localClientIP(): string {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4') v4.push(a.address);
      else v6.push(a.address.replace(/%.*$/, ''));
    }
  }
  for (const ip of v4) if (!ip.startsWith('127.0') && !ip.startsWith('192.168')) return ip;
  if (v4.length > 0) return v4[v4.length - 1]!;
  return v6[0] ?? '127.0.0.1';
}
