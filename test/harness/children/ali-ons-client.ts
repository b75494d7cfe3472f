// Child process of broker-ali-ons.test.ts: drives ali-ons (a Node.js RocketMQ client nobody here
// wrote) against the name server given in argv, then prints one JSON line with what it saw and
// exits. ali-ons keeps timers running after close(), so it runs in its own process.
//   argv: <nameSrv> <topic> <suffix> [tag|sql] [<accessKeyId> <accessKeySecret>]
// tag (default): 20 messages tagged TagA/B/C, a consumer of "TagA || TagC" whose listener throws once.
// sql: the SQL92 tests' mixed batch (properties a and b), a consumer subscribed with ali-ons's form
// of a SQL92 subscription, {expressionType: 'SQL92', subString}.
// With the keys every request is signed (a broker with aclEnable=true checks them).

import { createRequire } from 'node:module';
import { EXPR, mixedBatch, wanted as sqlWanted } from '../sql-filter.js';

interface OnsMessage {
  tags: string;
  properties: Record<string, string>;
  keys: string | string[];
  body: Buffer;
  reconsumeTimes: number;
}
interface OnsClient {
  ready(): Promise<void>;
  close(): Promise<void>;
  on(event: string, fn: (err: Error) => void): void;
}

const require = createRequire(import.meta.url);
const ons = require('ali-ons') as {
  Producer: new (o: object) => OnsClient & { send(msg: unknown): Promise<{ sendStatus: string }> };
  Consumer: new (o: object) => OnsClient & {
    subscribe(topic: string, expr: string | { expressionType: string; subString: string }, handler: (m: OnsMessage) => Promise<void>): void;
  };
  Message: new (topic: string, tags: string, body: string) => { keys: string[]; properties: Record<string, string> };
};

const [nameSrv, topic, suffix, mode = 'tag', accessKeyId, accessKeySecret] = process.argv.slice(2) as [
  string,
  string,
  string,
  string?,
  string?,
  string?,
];
// Only Aliyun's address server is reached through this client; nameSrv stands in for it.
const httpclient = { request: () => Promise.reject(new Error('no address server here')) };
const common = {
  httpclient,
  nameSrv,
  // A broker without ACL ignores these; one with ACL checks them.
  accessKeyId: accessKeyId ?? 'test-ak',
  accessKeySecret: accessKeySecret ?? 'test-sk',
  pollNameServerInteval: 1000,
  heartbeatBrokerInterval: 1000,
  rebalanceInterval: 1000,
  persistConsumerOffsetInterval: 1000,
};
const errors: string[] = [];
const producer = new ons.Producer({ ...common, producerGroup: `ons_producer_${suffix}` });
const consumer = new ons.Consumer({ ...common, consumerGroup: `ons_consumer_${suffix}`, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
producer.on('error', (e) => errors.push(e.message));
consumer.on('error', (e) => errors.push(e.message));

const deadline = setTimeout(() => finish('timed out'), 60_000);
const sent: Array<{ body: string; tags: string; status: string; props?: Record<string, string> }> = [];
const received: Array<{ body: string; tags: string; keys: string[]; reconsumeTimes: number; props?: Record<string, string> }> = [];
let failedOnce = false;
const wanted = (tags: string) => tags === 'TagA' || tags === 'TagC';

function finish(outcome: string): void {
  clearTimeout(deadline);
  process.stdout.write(JSON.stringify({ outcome, sent, received, errors }) + '\n', () => process.exit(0));
}

function done(): boolean {
  const got = new Set(received.map((r) => r.body));
  if (mode === 'sql') return sent.filter((s) => sqlWanted(s.props!)).every((s) => got.has(s.body));
  return sent.filter((s) => wanted(s.tags)).every((s) => got.has(s.body)) &&
    received.some((r) => r.body === 'ons 0' && r.reconsumeTimes >= 1);
}

async function runSql(): Promise<void> {
  for (const m of mixedBatch('ons-sql ')) {
    const msg = new ons.Message(topic, 'TagA', m.body);
    Object.assign(msg.properties, m.props);
    const r = await producer.send(msg);
    sent.push({ body: m.body, tags: 'TagA', status: r.sendStatus, props: m.props });
  }
  consumer.subscribe(topic, { expressionType: 'SQL92', subString: EXPR }, async (m) => {
    received.push({ body: m.body.toString(), tags: m.tags, keys: [], reconsumeTimes: m.reconsumeTimes, props: m.properties });
    // As in tag mode below: a short stretch in which a message the filter should drop would still be reported.
    if (done()) setTimeout(() => finish('done'), 300);
  });
  await consumer.ready();
}

try {
  await producer.ready();
  if (mode === 'sql') await runSql();
  else await runTags();
} catch (err) {
  errors.push((err as Error).message);
  finish('failed');
}

async function runTags(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const tags = ['TagA', 'TagB', 'TagC'][i % 3]!;
    const msg = new ons.Message(topic, tags, `ons ${i}`);
    msg.keys = [`key-${i}`];
    const r = await producer.send(msg);
    sent.push({ body: `ons ${i}`, tags, status: r.sendStatus });
  }
  consumer.subscribe(topic, 'TagA || TagC', async (m) => {
    received.push({ body: m.body.toString(), tags: m.tags, keys: [m.keys].flat(), reconsumeTimes: m.reconsumeTimes });
    if (m.body.toString() === 'ons 0' && !failedOnce) {
      failedOnce = true;
      throw new Error('please try again later');
    }
    // Not a wait for anything: a short stretch after the last wanted message, in which a TagB
    // message delivered by mistake (or a second redelivery) would still make it into the report.
    if (done()) setTimeout(() => finish('done'), 300);
  });
  await consumer.ready();
}
