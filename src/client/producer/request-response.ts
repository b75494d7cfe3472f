// Request/reply over RocketMQ (DefaultMQProducerImpl.request*, RequestResponseFuture,
// RequestFutureHolder). A request is an ordinary asynchronous send carrying CORRELATION_ID (a
// random UUID), REPLY_TO_CLIENT (the requester's client id) and TTL (the timeout); a responder
// answers with createReplyMessage, and the broker pushes that reply over the requester's own
// connection (PUSH_REPLY_MESSAGE_TO_CLIENT), where it is matched by its correlation id in one
// process-wide table, as in Java.
//
// Deliberate difference: Java 4.9.8's callback form calls onSuccess(null) as soon as the request is
// sent and onSuccess(reply) again when the reply comes; here onSuccess runs once, with the reply,
// and onException once on a failed send or when no reply came within the timeout.

import { randomUUID } from 'node:crypto';
import { MQClientError } from '../../common/errors.js';
import { getLogger } from '../../common/logger.js';
import { MessageConst } from '../../common/message/message-const.js';
import type { ClientInstance } from '../instance/client-instance.js';
import type { Message } from '../message/message.js';
import type { MessageExt } from '../message/message-ext.js';
import { ClientErrorCode } from '../mix-all.js';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import type { TopicPublishInfo } from '../route/topic-publish-info.js';
import type { MessageQueueSelector } from './selectors.js';
import type { SendResult } from './send-result.js';

const log = getLogger('client');

export interface RequestCallback {
  onSuccess(reply: MessageExt): void;
  onException(err: Error): void;
}

/** No reply within the request's timeout (Java's RequestTimeoutException, code REQUEST_TIMEOUT_EXCEPTION). */
export class RequestTimeoutError extends MQClientError {
  constructor(message: string) {
    super(ClientErrorCode.REQUEST_TIMEOUT_EXCEPTION, message);
  }
}

/** What a request needs of its producer. */
export interface RequestHost {
  readonly instance: ClientInstance;
  tryToFindTopicPublishInfo(topic: string): Promise<TopicPublishInfo>;
  sendAsync(msg: Message, opts: RequestSendOptions): Promise<SendResult>;
}

/** Where a request goes: like a send, one named queue or a selector's pick, else the producer's choice. */
export interface RequestSendOptions {
  mq?: MessageQueue;
  selector?: MessageQueueSelector;
  arg?: unknown;
  timeout?: number;
}

/** One request waiting for its reply (RequestResponseFuture). */
class PendingRequest {
  sendRequestOk = true;
  cause: unknown;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private settle: ((reply: MessageExt | undefined) => void) | undefined;

  constructor(readonly correlationId: string, readonly callback?: RequestCallback) {}

  /** Resolves with the reply, or undefined when the request failed or `timeoutMs` passed first. */
  wait(timeoutMs: number): Promise<MessageExt | undefined> {
    return new Promise((resolve) => {
      this.settle = resolve;
      this.timer = setTimeout(() => this.put(undefined), Math.max(0, timeoutMs));
    });
  }

  /** Ends the wait (Java's putResponseMessage). */
  put(reply: MessageExt | undefined): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const settle = this.settle;
    this.settle = undefined;
    settle?.(reply);
  }
}

/** correlationId -> request, for every producer of the process (RequestFutureHolder's table). */
const pending = new Map<string, PendingRequest>();

/** Requests still waiting for a reply in this process. */
export function pendingRequestCount(): number {
  return pending.size;
}

/** DefaultMQProducerImpl.prepareSendRequest: the request properties, and a route and heartbeat first for a new topic. */
async function prepareSendRequest(host: RequestHost, msg: Message, timeoutMs: number): Promise<string> {
  const instance = host.instance;
  const correlationId = randomUUID();
  msg.putProperty(MessageConst.PROPERTY_CORRELATION_ID, correlationId);
  msg.putProperty(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT, instance.clientId);
  msg.putProperty(MessageConst.PROPERTY_MESSAGE_TTL, String(timeoutMs));
  if (!instance.topicRouteTable.has(msg.topic)) {
    const begin = Date.now();
    await host.tryToFindTopicPublishInfo(msg.topic);
    // The broker pushes the reply over a connection it knows from a heartbeat: send one to every
    // broker of the route before the request can reach a responder.
    await instance.sendHeartbeatToAllBrokerWithLock();
    const cost = Date.now() - begin;
    if (cost > 500) log.warn('prepare send request took long', { topic: msg.topic, costMs: cost });
  }
  return correlationId;
}

/** Sends `msg` as a request and resolves with the reply; RequestTimeoutError when none came within `timeoutMs`. */
export async function request(host: RequestHost, msg: Message, timeoutMs: number, opts: RequestSendOptions = {}): Promise<MessageExt> {
  const begin = Date.now();
  const correlationId = await prepareSendRequest(host, msg, timeoutMs);
  const req = new PendingRequest(correlationId);
  pending.set(correlationId, req);
  try {
    const cost = Date.now() - begin;
    const waiting = req.wait(timeoutMs - cost);
    host.sendAsync(msg, { ...opts, timeout: timeoutMs - cost }).then(
      () => void (req.sendRequestOk = true),
      (err: unknown) => {
        req.sendRequestOk = false;
        req.cause = err;
        req.put(undefined);
      },
    );
    const reply = await waiting;
    if (reply) return reply;
    if (req.sendRequestOk) {
      throw new RequestTimeoutError(`send request message to <${msg.topic}> OK, but wait reply message timeout, ${timeoutMs} ms.`);
    }
    throw new MQClientError(-1, `send request message to <${msg.topic}> fail`, { cause: req.cause });
  } finally {
    pending.delete(correlationId);
  }
}

/**
 * Sends `msg` as a request; `callback` gets the reply, or the failure: the send's error, or
 * RequestTimeoutError when no reply came within `timeoutMs`. Resolves once the request is on its way.
 */
export async function requestWithCallback(
  host: RequestHost,
  msg: Message,
  callback: RequestCallback,
  timeoutMs: number,
  opts: RequestSendOptions = {},
): Promise<void> {
  const begin = Date.now();
  const correlationId = await prepareSendRequest(host, msg, timeoutMs);
  const req = new PendingRequest(correlationId, callback);
  pending.set(correlationId, req);
  const fail = (err: Error) => {
    if (pending.get(correlationId) !== req) return;
    pending.delete(correlationId);
    req.put(undefined);
    try {
      callback.onException(err);
    } catch (e) {
      log.warn('a request callback threw', { correlationId, err: e });
    }
  };
  void req.wait(timeoutMs).then((reply) => {
    if (reply === undefined) fail(new RequestTimeoutError('request timeout, no reply message.'));
  });
  const cost = Date.now() - begin;
  host.sendAsync(msg, { ...opts, timeout: timeoutMs - cost }).catch((err: unknown) => {
    req.sendRequestOk = false;
    req.cause = err;
    fail(err instanceof Error ? err : new MQClientError(-1, String(err)));
  });
}

/** ClientRemotingProcessor.processReplyMessage: hands a pushed reply to its waiting request. */
export function processReplyMessage(reply: MessageExt): void {
  const correlationId = reply.getProperty(MessageConst.PROPERTY_CORRELATION_ID);
  const req = correlationId === undefined ? undefined : pending.get(correlationId);
  if (req === undefined) {
    log.warn('receive reply message, but not matched any request', { correlationId, from: reply.bornHost });
    return;
  }
  pending.delete(req.correlationId);
  req.put(reply);
  if (req.callback) {
    try {
      req.callback.onSuccess(reply);
    } catch (err) {
      log.warn('a request callback threw', { correlationId, err });
    }
  }
}
