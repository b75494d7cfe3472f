// Helpers of the dashboard tests: plain HTTP requests (node:http, so any header can be set, on
// every runtime), JSON calls to the dashboard's API, and consumer groups that record what they get.

import http from 'node:http';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import type { MessageExt } from '../../src/client/message/message-ext.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  // deno-lint-ignore no-explicit-any
  json(): any;
}

export function httpRequest(
  base: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<HttpAnswer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: opts.method ?? 'GET',
        headers: opts.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** GET an API path; the answer's JSON, or an error with the status and the server's message. */
// deno-lint-ignore no-explicit-any
export async function apiGet(base: string, path: string, params: Record<string, string | number> = {}, cookie?: string): Promise<any> {
  const q = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  const r = await httpRequest(base, `${path}${q.size ? `?${q}` : ''}`, { headers: cookie ? { Cookie: cookie } : {} });
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text}`);
  return r.json();
}

/** POST JSON as the page does (with the X-MQ-Dashboard header); the raw answer. */
export function apiPost(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return httpRequest(base, path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-MQ-Dashboard': '1', ...headers },
    body: JSON.stringify(body),
  });
}

export interface RecordingGroup {
  consumer: PushConsumer;
  messages: MessageExt[];
  /** What the listener answers; switch it to make messages fail (and go to the DLQ) or pass. */
  status: ConsumeConcurrentlyStatus;
  bodies(): string[];
}

/** A push consumer of `group` on `topic` from the first offset, recording every delivery. */
export async function recordingGroup(
  t: { after(fn: () => unknown): void },
  namesrvAddr: string,
  group: string,
  topic: string,
  extra: { maxReconsumeTimes?: number } = {},
  status: ConsumeConcurrentlyStatus = ConsumeConcurrentlyStatus.CONSUME_SUCCESS,
): Promise<RecordingGroup> {
  const consumer = new PushConsumer({
    consumerGroup: group,
    namesrvAddr,
    consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
    ...extra,
  });
  const g: RecordingGroup = {
    consumer,
    messages: [],
    status,
    bodies: () => g.messages.map((m) => m.body.toString('utf8')),
  };
  consumer.subscribe(topic, '*');
  consumer.registerMessageListener((msgs) => {
    for (const m of msgs) g.messages.push(m.detach());
    return g.status;
  });
  await consumer.start();
  t.after(() => consumer.shutdown());
  return g;
}
