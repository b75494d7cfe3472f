// SQL92 filter benchmark: `npm run bench:filter`.
// Evaluations per second of a typical subscription, `a BETWEEN 3 AND 5 AND b = 'x'`, against
// messages as the broker sees them: from the raw properties string (what the pull path hands the
// filter, no map built), from whole stored records (locating the properties first), and for
// comparison from a decoded map; plus compiles per second without the cache.
// One message in eight matches. The last line printed is one JSON object with every figure.
// Environment: BENCH_SCALE (default 1) scales the evaluation counts.

import os from 'node:os';
import { ExpressionMessageFilter } from '../src/broker/filter/expression-message-filter.js';
import { decodeProperties, encodeProperties } from '../src/common/message/properties.js';
import { encodeMessage } from '../src/common/message/record-codec.js';
import { encodeSocketAddress } from '../src/common/message/socket-address.js';
import { nowMs, runtimeName, runtimeVersion } from '../src/common/runtime.js';
import { MapContext, parseSelector, RawPropertiesContext, SqlFilter } from '../src/filter/index.js';
import type { ConsumerFilterData } from '../src/broker/filter/consumer-filter-manager.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const EXPRESSION = "a BETWEEN 3 AND 5 AND b = 'x'";
const N = Math.round(2_000_000 * scale);

// 64 distinct messages with the system properties a producer sets, cycled through.
const propsList = Array.from({ length: 64 }, (_, i) =>
  encodeProperties({
    UNIQ_KEY: `7F00000100002A9F0000000000${i.toString(16).padStart(6, '0')}`,
    WAIT: 'true',
    TAGS: 'TagA',
    KEYS: `key-${i}`,
    a: String(i % 8),
    b: i % 2 === 0 ? 'x' : 'y',
  }));
const maps = propsList.map((p) => decodeProperties(p));
const host = encodeSocketAddress('127.0.0.1', 10911);
const records = propsList.map((p, i) =>
  encodeMessage({
    topic: 'BenchTopic',
    flag: 0,
    body: Buffer.alloc(128, 1),
    propertiesString: p,
    queueId: 0,
    queueOffset: i,
    commitLogOffset: i * 400,
    sysFlag: 0,
    bornTimestamp: 1_700_000_000_000,
    bornHostBytes: host,
    storeTimestamp: 1_700_000_000_001,
    storeHostBytes: host,
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  })
);

function rate(label: string, n: number, run: (i: number) => boolean): { perSec: number; matched: number } {
  for (let i = 0; i < Math.min(n, 100_000); i++) run(i); // warm up
  let matched = 0;
  const t0 = nowMs();
  for (let i = 0; i < n; i++) if (run(i)) matched++;
  const ms = nowMs() - t0;
  const perSec = (n / ms) * 1000;
  console.log(
    `${label.padEnd(44)} ${Math.round(perSec).toLocaleString('en-US').padStart(12)} /s  (${matched.toLocaleString('en-US')} of ${
      n.toLocaleString('en-US')
    } matched)`,
  );
  return { perSec, matched };
}

function main(): void {
  console.log(`SQL92 filter on ${runtimeName} ${runtimeVersion}, expression: ${EXPRESSION}`);
  const compiled = new SqlFilter().compile(EXPRESSION);
  const raw = new RawPropertiesContext();
  const fromRaw = rate('evaluate, raw properties string', N, (i) => compiled.matches(raw.reset(propsList[i & 63]!)));
  const fromMap = rate('evaluate, decoded map', N, (i) => compiled.matches(new MapContext(maps[i & 63]!)));
  const decodeEach = rate(
    'decode the map, then evaluate',
    Math.round(N / 4),
    (i) => compiled.matches(new MapContext(decodeProperties(propsList[i & 63]!))),
  );
  const filter = new ExpressionMessageFilter({ compiledExpression: compiled } as ConsumerFilterData);
  const fromRecord = rate('isMatchedByCommitLog, stored record', N, (i) => filter.isMatchedByCommitLog(records[i & 63]!));
  const compiles = rate('compile (parse + build, no cache)', Math.round(N / 20), () => parseSelector(EXPRESSION).depth > 0);
  const figures = {
    bench: 'filter',
    runtime: runtimeName,
    runtimeVersion,
    cpus: os.cpus().length,
    loadAverage1m: +os.loadavg()[0]!.toFixed(2),
    expression: EXPRESSION,
    evaluations: N,
    rawEvalsPerSec: Math.round(fromRaw.perSec),
    mapEvalsPerSec: Math.round(fromMap.perSec),
    decodeThenEvalPerSec: Math.round(decodeEach.perSec),
    recordEvalsPerSec: Math.round(fromRecord.perSec),
    compilesPerSec: Math.round(compiles.perSec),
    matchedShare: +(fromRaw.matched / N).toFixed(3),
  };
  console.log(JSON.stringify(figures));
}

main();
