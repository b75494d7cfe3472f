// The transport under every client API call: builds requests in the configured serialize type,
// runs the RPC hook, sends to a broker (optionally on its VIP channel) or to a name server, and
// turns a non-success answer into MQBrokerError. Name servers are tried from a random start and
// failed over in turn when one cannot be reached, as Java's NettyRemotingClient does.

import { createRequest, nextOpaque, type RemotingCommand, type SerializeTypeValue } from '../../remoting/command.js';
import { RemotingClient } from '../../remoting/client.js';
import type { ClientTlsOptions } from '../../remoting/tls.js';
import type { Connection } from '../../remoting/connection.js';
import { MQBrokerError, RemotingConnectError, RemotingSendRequestError } from '../../remoting/errors.js';
import { ResponseCode } from '../../remoting/response-code.js';
import type { RPCHook } from '../client-config.js';
import { noNameServerError } from '../errors.js';
import { brokerVIPChannel } from '../mix-all.js';

export interface RemoteInvokerOptions {
  namesrvAddrs: readonly string[];
  serializeType: SerializeTypeValue;
  vipChannelEnabled: boolean;
  connectTimeoutMillis: number;
  rpcHook?: RPCHook | undefined;
  /** TLS for every connection (the client's useTLS); plain TCP without. */
  tls?: ClientTlsOptions | undefined;
  /** Requests brokers send to this client. */
  onRequest?: (conn: Connection, request: RemotingCommand) => void;
}

export class RemoteInvoker {
  readonly remoting: RemotingClient;
  readonly serializeType: SerializeTypeValue;
  readonly vipChannelEnabled: boolean;
  private namesrvAddrs: string[];
  private namesrvIndex: number;
  private readonly rpcHook: RPCHook | undefined;

  constructor(opts: RemoteInvokerOptions) {
    const clientOpts: ConstructorParameters<typeof RemotingClient>[0] = { connectTimeoutMs: opts.connectTimeoutMillis };
    if (opts.onRequest) clientOpts.onRequest = opts.onRequest;
    if (opts.tls) clientOpts.tls = opts.tls;
    this.remoting = new RemotingClient(clientOpts);
    this.serializeType = opts.serializeType;
    this.vipChannelEnabled = opts.vipChannelEnabled;
    this.namesrvAddrs = [...opts.namesrvAddrs];
    this.namesrvIndex = Math.floor(Math.random() * 997);
    this.rpcHook = opts.rpcHook;
  }

  get nameServerAddressList(): readonly string[] {
    return this.namesrvAddrs;
  }

  updateNameServerAddressList(addrs: readonly string[]): void {
    this.namesrvAddrs = [...addrs];
  }

  /** A request in this client's serialize type. */
  request(code: number, extFields?: Record<string, string> | null, body?: Uint8Array | null): RemotingCommand {
    return createRequest(code, extFields ?? null, body ?? null, this.serializeType);
  }

  /** The address broker calls go to: the VIP channel when enabled. */
  vip(addr: string): string {
    return brokerVIPChannel(this.vipChannelEnabled, addr);
  }

  /** Sends to `addr` and waits for the answer, whatever its code. */
  invoke(addr: string, request: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    const hook = this.rpcHook;
    if (!hook) return this.remoting.invoke(addr, request, timeoutMs);
    try {
      hook.doBeforeRequest(addr, request);
    } catch (err) {
      return Promise.reject(err);
    }
    const pending = this.remoting.invoke(addr, request, timeoutMs);
    if (!hook.doAfterResponse) return pending;
    return pending.then((response) => {
      hook.doAfterResponse!(addr, request, response);
      return response;
    });
  }

  /** Sends without waiting for an answer (the request is flagged oneway). */
  async invokeOneway(addr: string, request: RemotingCommand): Promise<void> {
    if (this.rpcHook) this.rpcHook.doBeforeRequest(addr, request);
    await this.remoting.invokeOneway(addr, request);
  }

  /** Sends and returns the answer when its code is SUCCESS (or one of `okCodes`); else MQBrokerError. */
  async invokeOk(addr: string, request: RemotingCommand, timeoutMs: number, okCodes?: readonly number[]): Promise<RemotingCommand> {
    const response = await this.invoke(addr, request, timeoutMs);
    if (response.code !== ResponseCode.SUCCESS && !okCodes?.includes(response.code)) {
      throw new MQBrokerError(response.code, response.remark, addr);
    }
    return response;
  }

  /**
   * Sends to a name server. Starts with the one that answered last; one that cannot be reached is
   * skipped for the next, and only when none can be reached does the call fail (with every address named).
   */
  async invokeNamesrv(request: RemotingCommand, timeoutMs: number): Promise<{ response: RemotingCommand; addr: string }> {
    const addrs = this.namesrvAddrs;
    if (addrs.length === 0) throw noNameServerError();
    let lastErr: unknown;
    for (let i = 0; i < addrs.length; i++) {
      const idx = (this.namesrvIndex + i) % addrs.length;
      const addr = addrs[idx]!;
      if (i > 0) request.opaque = nextOpaque();
      try {
        const response = await this.invoke(addr, request, timeoutMs);
        this.namesrvIndex = idx;
        return { response, addr };
      } catch (err) {
        if (!(err instanceof RemotingConnectError || err instanceof RemotingSendRequestError)) throw err;
        lastErr = err;
      }
    }
    if (addrs.length === 1) throw lastErr;
    throw new RemotingConnectError(addrs.join(';'), lastErr);
  }

  /** invokeNamesrv, then MQBrokerError unless SUCCESS (or one of `okCodes`). */
  async invokeNamesrvOk(request: RemotingCommand, timeoutMs: number, okCodes?: readonly number[]): Promise<RemotingCommand> {
    const { response, addr } = await this.invokeNamesrv(request, timeoutMs);
    if (response.code !== ResponseCode.SUCCESS && !okCodes?.includes(response.code)) {
      throw new MQBrokerError(response.code, response.remark, addr);
    }
    return response;
  }

  close(): Promise<void> {
    return this.remoting.close();
  }
}
