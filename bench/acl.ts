// ACL check cost on the send path: `npx tsc -p . && node dist/bench/acl.js` (or bun / deno run -A).
// Times PlainAccessValidator.check on a signed SEND_MESSAGE_V2 (128-byte body, the V2 header Java
// clients send) for an account with topic permissions, against the HMAC alone that every check
// must compute, in a temp home with 200 accounts. The last line printed is one JSON object.
// Environment: BENCH_ACL_OPS (default 200000).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setLogLevel } from '../src/common/logger.js';
import { nowMs, runtimeName, runtimeVersion } from '../src/common/runtime.js';
import { type RemotingCommand, SerializeType } from '../src/remoting/command.js';
import { aclSignature, signRequest } from '../src/remoting/acl-signature.js';
import { RequestCode } from '../src/remoting/request-code.js';
import { PlainAccessValidator } from '../src/acl/plain-access-validator.js';

setLogLevel('error');
const ops = Number(process.env.BENCH_ACL_OPS ?? 200_000);
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mq-bench-acl-'));
fs.mkdirSync(path.join(home, 'conf'));
const accounts = Array.from(
  { length: 200 },
  (_, i) =>
    `  - accessKey: benchUser${i}\n    secretKey: benchSecret${i}\n    defaultTopicPerm: DENY\n    topicPerms: [BenchTopic=PUB|SUB, Other${i}=SUB]\n`,
);
fs.writeFileSync(path.join(home, 'conf/plain_acl.yml'), `globalWhiteRemoteAddresses: [10.10.103.*]\naccounts:\n${accounts.join('')}`);
const acl = new PlainAccessValidator({ rocketmqHome: home, watchIntervalMs: 0 });

const ext = {
  a: 'bench_producer_group',
  b: 'BenchTopic',
  c: 'TBW102',
  d: '4',
  e: '3',
  f: '0',
  g: String(Date.now()),
  h: '0',
  i: 'UNIQ_KEY\u0001AC110001000078308DB1174D4A7E0000\u0002WAIT\u0001true',
  j: '0',
  k: 'false',
  m: 'false',
  n: 'broker-a',
};
const req: RemotingCommand = signRequest(
  {
    code: RequestCode.SEND_MESSAGE_V2,
    language: 'JAVA',
    version: 409,
    opaque: 1,
    flag: 0,
    extFields: { ...ext },
    body: Buffer.alloc(128, 7),
    serializeType: SerializeType.ROCKETMQ,
  },
  { accessKey: 'benchUser150', secretKey: 'benchSecret150' },
);

function time(fn: () => void): number {
  for (let i = 0; i < Math.min(ops, 20_000); i++) fn();
  const t0 = nowMs();
  for (let i = 0; i < ops; i++) fn();
  return ((nowMs() - t0) * 1000) / ops;
}

const checkUs = time(() => acl.check(req, '127.0.0.1:50000'));
const hmacUs = time(() => void aclSignature(req.extFields, req.body, 'benchSecret150'));
const whiteUs = time(() => acl.check(req, '10.10.103.5:50000'));
acl.close();
fs.rmSync(home, { recursive: true, force: true });
console.log(
  `check (signed send, 200 accounts): ${checkUs.toFixed(2)} us/op; HMAC alone: ${hmacUs.toFixed(2)} us/op; global white address: ${
    whiteUs.toFixed(2)
  } us/op`,
);
console.log(JSON.stringify({ runtime: runtimeName, version: runtimeVersion, ops, checkUs, hmacUs, whiteUs }));
