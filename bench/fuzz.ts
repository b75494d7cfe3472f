// The long fuzz run: `npm run fuzz` (or `node dist/bench/fuzz.js`, bun / deno run -A alike).
// Starts `mq start` (a name server and a broker in one process) through the real CLI in a temporary
// home, throws bench/fuzz-frames.ts's frames at the name server and then at the broker, and prints
// per server: frames/s, sessions, connections the server closed, replies, the server's maximum RSS,
// processor failures it logged (each one a bug to look at), and crashes (the process gone: must be
// 0). Afterwards both must still answer a normal request. Environment: FUZZ_SECONDS per server
// (default 60), FUZZ_SEED (1), FUZZ_CONNECTIONS (8). The last line printed is one JSON object.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setLogLevel } from '../src/common/logger.js';
import { packageRoot } from '../src/common/runtime.js';
import { RemotingClient } from '../src/remoting/client.js';
import { createRequest } from '../src/remoting/command.js';
import { RequestCode } from '../src/remoting/request-code.js';
import { ResponseCode } from '../src/remoting/response-code.js';
import { parseAddress } from '../src/remoting/address.js';
import { startMqChild, stopMqChild } from './mq-child.js';
import { FuzzFrames, fuzzServer, goldenRequestFrames, processRss } from './fuzz-frames.js';

setLogLevel('error');

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const CONNECTIONS = Number(process.env.FUZZ_CONNECTIONS ?? 8);

async function main(): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mq-fuzz-'));
  const server = await startMqChild(home);
  const pid = server.proc.pid!;
  let crashed = false;
  server.proc.once('exit', () => (crashed = true));
  const golden = goldenRequestFrames(path.join(packageRoot, 'test', 'fixtures', 'rocketmq-4.9.8', 'remoting'));
  const results: Record<string, unknown>[] = [];
  try {
    for (const [name, addr, seed] of [['namesrv', server.namesrvAddr, SEED], ['broker', server.brokerAddr, SEED + 1]] as const) {
      const { host, port } = parseAddress(addr);
      const failuresBefore = server.lines.filter((l) => l.includes('processor failed')).length;
      let maxRss = processRss(pid);
      const sampler = setInterval(() => (maxRss = Math.max(maxRss, processRss(pid))), 200);
      const began = Date.now();
      const stats = await fuzzServer(host, port, new FuzzFrames(seed, golden), {
        frames: Number.MAX_SAFE_INTEGER,
        durationMs: SECONDS * 1000,
        connections: CONNECTIONS,
        batch: 250,
      });
      clearInterval(sampler);
      const secs = (Date.now() - began) / 1000;
      const r = {
        server: name,
        frames: stats.frames,
        framesPerSec: Math.round(stats.frames / secs),
        kinds: stats.kinds,
        sessions: stats.sessions,
        closedByServer: stats.closedByServer,
        stalled: stats.stalled,
        stalledFramed: stats.stalledFramed,
        replies: stats.replies,
        badReplies: stats.badReplies,
        maxRssMiB: Math.round(maxRss / 2 ** 20),
        processorFailuresLogged: server.lines.filter((l) => l.includes('processor failed')).length - failuresBefore,
        crashes: crashed ? 1 : 0,
      };
      results.push(r);
      console.log(
        `${name}: ${r.frames} frames in ${
          secs.toFixed(1)
        } s (${r.framesPerSec}/s), ${r.sessions} sessions, ${r.closedByServer} closed by the server, ` +
          `${r.stalled} stalled (${r.stalledFramed} well-framed), ${r.replies} replies (${r.badReplies} undecodable), max RSS ${r.maxRssMiB} MiB, ` +
          `${r.processorFailuresLogged} processor failures logged, crashes ${r.crashes}`,
      );
    }
    const client = new RemotingClient();
    const ns = await client.invoke(server.namesrvAddr, createRequest(RequestCode.GET_BROKER_CLUSTER_INFO, null), 5000);
    const br = await client.invoke(server.brokerAddr, createRequest(RequestCode.GET_BROKER_RUNTIME_INFO, null), 5000);
    await client.close();
    const answering = ns.code === ResponseCode.SUCCESS && br.code === ResponseCode.SUCCESS;
    console.log(
      `after the run: name server ${ns.code === ResponseCode.SUCCESS ? 'answers' : 'FAILS'}, broker ${
        br.code === ResponseCode.SUCCESS ? 'answers' : 'FAILS'
      }`,
    );
    console.log(`server log lines (warn and above): ${server.lines.length}`);
    for (const l of server.lines.filter((x) => x.includes('processor failed')).slice(0, 20)) console.log(`  ${l.slice(0, 300)}`);
    console.log(JSON.stringify({ seconds: SECONDS, seed: SEED, results, answering, crashes: crashed ? 1 : 0 }));
    if (crashed || !answering) process.exitCode = 1;
  } finally {
    await stopMqChild(server);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

await main();
