// The dashboard's HTTP plumbing on node:http: typed HTTP errors (with the RocketMQ response code
// when one applies), the mapping of admin errors to statuses, JSON bodies read with a size cap,
// request parameters checked one by one, and the headers every answer carries.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError, MQClientError } from '../common/errors.js';
import { MQBrokerError, RemotingConnectError, RemotingSendRequestError, RemotingTimeoutError } from '../remoting/errors.js';
import { ResponseCode } from '../remoting/response-code.js';

/** An answer other than 200: status, one-line message and, where RocketMQ has one, its response code. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly code?: number, readonly headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
  }
}

/** A request the dashboard refuses as RocketMQ would: SYSTEM_ERROR and a remark. */
export const badRequest = (message: string, code: number = ResponseCode.SYSTEM_ERROR) => new HttpError(400, message, code);

const NOT_FOUND_CODES: ReadonlySet<number> = new Set([
  ResponseCode.TOPIC_NOT_EXIST,
  ResponseCode.QUERY_NOT_FOUND,
  ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
  ResponseCode.CONSUMER_NOT_ONLINE,
]);

/** What an error from a handler becomes: status, message, code. Unknown errors are 500 with their message only. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof RemotingConnectError || err instanceof RemotingSendRequestError) {
    return new HttpError(502, `cannot reach ${addressOf(err)}: ${err.message}`);
  }
  if (err instanceof RemotingTimeoutError) return new HttpError(504, err.message);
  if (err instanceof MQBrokerError || err instanceof MQClientError) {
    const status = NOT_FOUND_CODES.has(err.responseCode) ? 404 : err.responseCode === ResponseCode.NO_PERMISSION ? 403 : 500;
    return new HttpError(status, err.message, err.responseCode);
  }
  if (err instanceof ConfigError) return new HttpError(400, err.message);
  return new HttpError(500, `internal error: ${err instanceof Error ? err.message : String(err)}`);
}

function addressOf(err: RemotingConnectError | RemotingSendRequestError): string {
  return err instanceof RemotingConnectError ? err.address : 'the server';
}

/** Headers on every answer: no sniffing, no framing, no referrer, and only our own scripts and styles. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};

export function sendJson(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(data), 'utf8');
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, { error: err.message, ...(err.code !== undefined ? { code: err.code } : {}) }, err.headers);
}

/** Largest JSON body accepted: a test message's body and its properties fit many times over. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024 + 64 * 1024;

/** The request's JSON object; anything else is 400 (415 for another content type, 413 past the cap). */
export async function readJsonObject(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'the request body must be application/json');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, `the request body is over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw new HttpError(413, `the request body is over ${limit} bytes`);
    chunks.push(b);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw new HttpError(400, `malformed JSON: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, 'the request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Parameters of one request, from the query string (GET) or the JSON body (POST), checked as they are read. */
export class Params {
  constructor(private readonly values: Record<string, unknown>) {}

  static ofQuery(q: URLSearchParams): Params {
    const o: Record<string, unknown> = {};
    for (const [k, v] of q) o[k] = v;
    return new Params(o);
  }

  optString(name: string): string | undefined {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw badRequest(`${name} must be a string`);
    return v;
  }

  string(name: string): string {
    const v = this.optString(name)?.trim();
    if (!v) throw badRequest(`${name} is required`);
    return v;
  }

  /** An integer within [min, max]; numbers and decimal strings are both taken. */
  optInt(name: string, min: number, max: number): number | undefined {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw badRequest(`${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(v)}`);
    }
    return n;
  }

  int(name: string, min: number, max: number): number {
    const n = this.optInt(name, min, max);
    if (n === undefined) throw badRequest(`${name} is required`);
    return n;
  }

  bool(name: string): boolean {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') return false;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    throw badRequest(`${name} must be true or false`);
  }

  /** A list of strings: a JSON array, or a comma-separated query value. */
  strings(name: string): string[] {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') return [];
    const list = typeof v === 'string' ? v.split(',') : v;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) throw badRequest(`${name} must be a list of strings`);
    return (list as string[]).map((x) => x.trim()).filter((x) => x.length > 0);
  }
}
