// The broker's calls to the name servers (Java's BrokerOuterAPI): REGISTER_BROKER to every name
// server at once, so one that is down or slow delays nobody, and UNREGISTER_BROKER at shutdown.
// The body is encoded once per registration and shared by all requests. A slave also reads its
// master's tables through here (GET_ALL_TOPIC_CONFIG, GET_ALL_CONSUMER_OFFSET, GET_ALL_DELAY_OFFSET,
// GET_ALL_SUBSCRIPTIONGROUP_CONFIG), as Java's SlaveSynchronize does.

import { getLogger } from '../../common/logger.js';
import { describeError } from '../../common/errors.js';
import { RemotingClient } from '../../remoting/client.js';
import { createRequest } from '../../remoting/command.js';
import { MQBrokerError } from '../../remoting/errors.js';
import { RequestCode } from '../../remoting/request-code.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { type ConsumerOffsetTable, decodeConsumerOffsetTable } from '../../remoting/protocol/consumer-offset.js';
import { decodeKVTable } from '../../remoting/protocol/namesrv/lists.js';
import {
  RegisterBrokerRequestHeader,
  RegisterBrokerResponseHeader,
  UnRegisterBrokerRequestHeader,
} from '../../remoting/protocol/namesrv/headers.js';
import { crc32Positive, encodeRegisterBrokerBody } from '../../remoting/protocol/namesrv/register-broker-body.js';
import { decodeSubscriptionGroupWrapper, type SubscriptionGroupWrapper } from '../../remoting/protocol/subscription-group.js';
import { decodeTopicConfigWrapper, type TopicConfigSerializeWrapper } from '../../remoting/protocol/topic-config.js';
import type { ClientTlsOptions } from '../../remoting/tls.js';

/** Java's timeout for a slave's reads of its master's tables. */
const MASTER_READ_TIMEOUT_MS = 3000;
const EMPTY = Buffer.alloc(0);

const log = getLogger('broker');

export interface BrokerIdentity {
  clusterName: string;
  brokerAddr: string;
  brokerName: string;
  brokerId: number;
}

export interface RegisterBrokerResult {
  namesrvAddr: string;
  masterAddr?: string;
  haServerAddr?: string;
  /** The name server's ORDER_TOPIC_CONFIG namespace (topic -> "brokerName:queueNums;..."). */
  kvTable?: Map<string, string>;
}

export interface RegisterOptions extends BrokerIdentity {
  haServerAddr: string;
  wrapper: TopicConfigSerializeWrapper;
  oneway: boolean;
  timeoutMs: number;
  compressed: boolean;
}

export class BrokerOuterAPI {
  private namesrvAddrs: string[] = [];
  readonly client: RemotingClient;

  /** With `tls` the name servers are reached over TLS (the broker's useTLS). */
  constructor(connectTimeoutMs = 3000, tls?: ClientTlsOptions) {
    this.client = new RemotingClient({ connectTimeoutMs, ...(tls ? { tls } : {}) });
  }

  updateNameServerAddressList(addrs: readonly string[]): void {
    this.namesrvAddrs = [...addrs];
  }

  get nameServerAddressList(): readonly string[] {
    return this.namesrvAddrs;
  }

  /** Registers with every name server concurrently; resolves with the replies that came back (none for oneway). */
  async registerBrokerAll(o: RegisterOptions): Promise<RegisterBrokerResult[]> {
    if (this.namesrvAddrs.length === 0) return [];
    const body = encodeRegisterBrokerBody({ topicConfigSerializeWrapper: o.wrapper, filterServerList: [] }, o.compressed);
    const ext = RegisterBrokerRequestHeader.encode({
      brokerName: o.brokerName,
      brokerAddr: o.brokerAddr,
      clusterName: o.clusterName,
      haServerAddr: o.haServerAddr,
      brokerId: o.brokerId,
      compressed: o.compressed,
      bodyCrc32: crc32Positive(body),
    });
    const settled = await Promise.allSettled(this.namesrvAddrs.map((addr) => this.registerBroker(addr, ext, body, o.oneway, o.timeoutMs)));
    const out: RegisterBrokerResult[] = [];
    settled.forEach((s, i) => {
      const addr = this.namesrvAddrs[i]!;
      if (s.status === 'fulfilled') {
        if (s.value) out.push(s.value);
        log.debug('register broker to name server OK', { namesrv: addr, oneway: o.oneway });
      } else {
        log.warn('register broker to name server failed', { namesrv: addr, err: describeError(s.reason) });
      }
    });
    return out;
  }

  private async registerBroker(
    addr: string,
    ext: Record<string, string>,
    body: Buffer,
    oneway: boolean,
    timeoutMs: number,
  ): Promise<RegisterBrokerResult | null> {
    const req = createRequest(RequestCode.REGISTER_BROKER, ext, body);
    if (oneway) {
      await this.client.invokeOneway(addr, req);
      return null;
    }
    const res = await this.client.invoke(addr, req, timeoutMs);
    if (res.code !== ResponseCode.SUCCESS) throw new MQBrokerError(res.code, res.remark, addr);
    const h = RegisterBrokerResponseHeader.decode(res.extFields);
    const result: RegisterBrokerResult = { namesrvAddr: addr };
    if (h.masterAddr) result.masterAddr = h.masterAddr;
    if (h.haServerAddr) result.haServerAddr = h.haServerAddr;
    if (res.body && res.body.length > 0) result.kvTable = decodeKVTable(res.body);
    return result;
  }

  /** UNREGISTER_BROKER to every name server, concurrently; failures are logged. */
  async unregisterBrokerAll(id: BrokerIdentity, timeoutMs = 3000): Promise<void> {
    const ext = UnRegisterBrokerRequestHeader.encode(id);
    await Promise.all(this.namesrvAddrs.map(async (addr) => {
      try {
        const res = await this.client.invoke(addr, createRequest(RequestCode.UNREGISTER_BROKER, ext), timeoutMs);
        if (res.code !== ResponseCode.SUCCESS) throw new MQBrokerError(res.code, res.remark, addr);
        log.info('unregister broker OK', { namesrv: addr });
      } catch (err) {
        log.warn('unregister broker failed', { namesrv: addr, err: describeError(err) });
      }
    }));
  }

  /** A request without header to a broker; its body, or an MQBrokerError for any other answer than SUCCESS. */
  private async readFromBroker(addr: string, code: number): Promise<Uint8Array> {
    const res = await this.client.invoke(addr, createRequest(code), MASTER_READ_TIMEOUT_MS);
    if (res.code !== ResponseCode.SUCCESS) throw new MQBrokerError(res.code, res.remark, addr);
    return res.body ?? EMPTY;
  }

  async getAllTopicConfig(addr: string): Promise<TopicConfigSerializeWrapper> {
    return decodeTopicConfigWrapper(await this.readFromBroker(addr, RequestCode.GET_ALL_TOPIC_CONFIG));
  }

  async getAllConsumerOffset(addr: string): Promise<ConsumerOffsetTable> {
    return decodeConsumerOffsetTable(await this.readFromBroker(addr, RequestCode.GET_ALL_CONSUMER_OFFSET));
  }

  /** The master's delayOffset.json text, as it sends it. */
  async getAllDelayOffset(addr: string): Promise<string> {
    return Buffer.from(await this.readFromBroker(addr, RequestCode.GET_ALL_DELAY_OFFSET)).toString('utf8');
  }

  async getAllSubscriptionGroupConfig(addr: string): Promise<SubscriptionGroupWrapper> {
    return decodeSubscriptionGroupWrapper(await this.readFromBroker(addr, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG));
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
