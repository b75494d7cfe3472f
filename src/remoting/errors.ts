// Errors that cross the wire or come from it. Each server-side error carries the response code
// it answers with; each client-side error says whether the client's retry logic may try again.

import { MQError } from '../common/errors.js';
import { ResponseCode, responseCodeName } from './response-code.js';

/** A server answered with a non-success response code. */
export class MQBrokerError extends MQError {
  readonly responseCode: number;
  readonly remark: string;
  readonly address: string | undefined;
  constructor(responseCode: number, remark: string | undefined | null, address?: string) {
    super(
      `CODE: ${responseCode} (${responseCodeName(responseCode)}) DESC: ${remark ?? ''}${address ? ` BROKER: ${address}` : ''}`,
      { retriable: RETRIABLE.has(responseCode) },
    );
    this.responseCode = responseCode;
    this.remark = remark ?? '';
    this.address = address;
  }
}

/** Throw from a request processor to answer with this code and remark. */
export class ServerResponseError extends MQError {
  readonly responseCode: number;
  constructor(responseCode: number, remark: string) {
    super(remark);
    this.responseCode = responseCode;
  }
}

export class RemotingTimeoutError extends MQError {
  constructor(address: string, timeoutMs: number) {
    super(`wait response on the channel <${address}> timeout, ${timeoutMs}(ms)`, { retriable: true });
  }
}

export class RemotingConnectError extends MQError {
  readonly address: string;
  constructor(address: string, cause?: unknown) {
    super(`connect to ${address} failed`, { cause, retriable: true });
    this.address = address;
  }
}

/** A TLS handshake with a server that failed or was refused; the message says why. */
export class RemotingTlsError extends RemotingConnectError {
  constructor(address: string, reason: string, cause?: unknown) {
    super(address, cause);
    this.message = `TLS handshake with ${address} failed: ${reason}`;
  }
}

export class RemotingSendRequestError extends MQError {
  constructor(address: string, cause?: unknown) {
    super(`send request to <${address}> failed: channel closed`, { cause, retriable: true });
  }
}

/** A frame or header that cannot be decoded; the connection that sent it is closed. */
export class RemotingCommandError extends MQError {}

/** Response codes where another attempt, usually on another broker, is worth making (as the Java producer retries). */
const RETRIABLE: ReadonlySet<number> = new Set([
  ResponseCode.TOPIC_NOT_EXIST,
  ResponseCode.SERVICE_NOT_AVAILABLE,
  ResponseCode.SYSTEM_ERROR,
  ResponseCode.SYSTEM_BUSY,
  ResponseCode.NO_PERMISSION,
  ResponseCode.NO_BUYER_ID,
  ResponseCode.NOT_IN_CURRENT_UNIT,
]);
