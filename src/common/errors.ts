// Base of the typed error hierarchy. Errors that cross the wire live in remoting/errors.ts and
// carry their RocketMQ response code; this file holds what every layer may raise.

export class MQError extends Error {
  /** Whether another attempt (another broker, a later retry) may succeed. */
  readonly retriable: boolean;
  constructor(message: string, options?: { cause?: unknown; retriable?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options?.retriable ?? false;
  }
}

/** Raised by client code before or after talking to a server; `responseCode` uses RocketMQ's numbering. */
export class MQClientError extends MQError {
  readonly responseCode: number;
  constructor(responseCode: number, message: string, options?: { cause?: unknown; retriable?: boolean }) {
    super(message, options);
    this.responseCode = responseCode;
  }
}

/** A configuration file or value that cannot be used; the message names the file or key. */
export class ConfigError extends MQError {}

/** One line for a person: the message without a stack. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
