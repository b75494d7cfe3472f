// Hostile input for a remoting server, and a driver that throws it at one: frames built with random
// request codes and random header fields (well framed, so they reach the processors), golden frames
// captured from Java RocketMQ 4.9.8 with their bytes mutated (lengths, serialize type, header bytes,
// cut or lengthened), and plain garbage. Seeded, so a run can be repeated. Used by the fuzz test
// (test/integration/fuzz.test.ts) and the longer `npm run fuzz` (bench/fuzz.ts).

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequest, type RemotingCommand, SerializeType } from '../src/remoting/command.js';
import { decodeFrameContent, encodeFrameToBuffer, FrameDecoder } from '../src/remoting/frame.js';
import { RequestCode } from '../src/remoting/request-code.js';

/** Codes left out: they change a server for good (its config, its write permission), which would hide later findings. */
const LASTING: ReadonlySet<number> = new Set([
  RequestCode.UPDATE_BROKER_CONFIG,
  RequestCode.UPDATE_NAMESRV_CONFIG,
  RequestCode.WIPE_WRITE_PERM_OF_BROKER,
]);
const CODES = Object.values(RequestCode).filter((c) => !LASTING.has(c));
/** Header field names the processors read, so random values reach their parsing. */
const FIELDS = [
  'topic',
  'queueId',
  'queueOffset',
  'maxMsgNums',
  'sysFlag',
  'commitOffset',
  'suspendTimeoutMillis',
  'subscription',
  'subVersion',
  'expressionType',
  'consumerGroup',
  'group',
  'offset',
  'key',
  'namespace',
  'value',
  'producerGroup',
  'defaultTopic',
  'defaultTopicQueueNums',
  'bornTimestamp',
  'flag',
  'properties',
  'reconsumeTimes',
  'unitMode',
  'batch',
  'maxReconsumeTimes',
  'brokerName',
  'brokerAddr',
  'clusterName',
  'haServerAddr',
  'brokerId',
  'compressed',
  'msgId',
  'delayLevel',
  'originMsgId',
  'originTopic',
  'timestamp',
  'beginTimestamp',
  'endTimestamp',
  'maxNum',
  'tranStateTableOffset',
  'commitLogOffset',
  'commitOrRollback',
  'fromTransactionCheck',
  'transactionId',
  'clientId',
  'jstackEnable',
  'isForce',
  'a',
  'b',
  'c',
  'd',
  'e',
  'f',
  'g',
  'h',
  'i',
  'j',
  'k',
  'l',
  'm',
  'n',
];
const VALUES = [
  '',
  '-1',
  '0',
  '1',
  '2147483647',
  '-2147483648',
  '9223372036854775807',
  '99999999999999999999',
  'NaN',
  'true',
  'null',
  '%RETRY%x',
  'TBW102',
  'SCHEDULE_TOPIC_XXXX',
  '*',
  'a || b',
  'TAGS\u0001t\u0002DELAY\u000118',
  '{"a":',
  '\u0000\u0001\u0002',
];

/** The resident set of process `pid` in bytes, from /proc (Linux); 0 where that cannot be read. */
export function processRss(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** mulberry32: small, fast, and the same on every runtime. */
export class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = Math.imul(this.s ^ (this.s >>> 15), 1 | this.s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
}

/** The request frames captured from Java (length prefix included). */
export function goldenRequestFrames(dir: string): Buffer[] {
  const out: Buffer[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.includes('-request-') && e.name.endsWith('.bin')) out.push(fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

export type FrameKind = 'random-header' | 'mutated' | 'garbage';

export class FuzzFrames {
  readonly rng: Rng;
  constructor(seed: number, private readonly golden: readonly Buffer[]) {
    this.rng = new Rng(seed);
  }

  /** The next frame; `framedOnly` gives only well-framed requests (the server reads on after them). */
  next(framedOnly = false): { kind: FrameKind; frame: Buffer } {
    const r = framedOnly ? 0 : this.rng.next();
    if (r < 0.6) return { kind: 'random-header', frame: this.randomHeader() };
    if (r < 0.93 && this.golden.length > 0) return { kind: 'mutated', frame: this.mutated() };
    return { kind: 'garbage', frame: this.garbage() };
  }

  private value(): string {
    const g = this.rng;
    const r = g.next();
    if (r < 0.5) return g.pick(VALUES);
    if (r < 0.8) return String(g.int(2 ** 31) - (g.next() < 0.3 ? 2 ** 30 : 0));
    if (r < 0.97) return g.bytes(g.int(64)).toString('latin1');
    return 'x'.repeat(g.int(4096));
  }

  /** A well-framed request: a known or random code, random fields, maybe a body. */
  randomHeader(): Buffer {
    const g = this.rng;
    const code = g.next() < 0.8 ? g.pick(CODES) : g.int(2 ** 32) - 2 ** 31;
    const ext: Record<string, string> = {};
    for (let i = g.int(9); i > 0; i--) ext[g.next() < 0.8 ? g.pick(FIELDS) : g.bytes(1 + g.int(12)).toString('latin1')] = this.value();
    const body = g.next() < 0.5 ? null : g.next() < 0.5 ? g.bytes(g.int(2048)) : Buffer.from(`{"topic":"${this.value()}"}`);
    const cmd: RemotingCommand = createRequest(
      LASTING.has(code) ? RequestCode.HEART_BEAT : code,
      ext,
      body,
      g.next() < 0.5 ? SerializeType.JSON : SerializeType.ROCKETMQ,
    );
    if (g.next() < 0.1) cmd.flag = 2;
    if (g.next() < 0.1) cmd.remark = this.value();
    if (g.next() < 0.05) cmd.version = g.int(2 ** 31);
    return encodeFrameToBuffer(cmd);
  }

  /** A captured frame with 1-3 mutations; the length prefix is made to fit again most of the time. */
  mutated(): Buffer {
    const g = this.rng;
    let f = Buffer.from(g.pick(this.golden));
    for (let n = 1 + g.int(3); n > 0; n--) {
      const op = f.length < 8 ? 5 : g.int(6);
      if (op === 0) f[4 + g.int(Math.max(1, f.length - 4))] ^= 1 << g.int(8); // a flipped bit
      else if (op === 1) f[g.int(f.length)] = g.int(256); // a random byte anywhere
      else if (op === 2) f.writeInt32BE(g.int(2 ** 32) - 2 ** 31, 4); // header length and serialize type
      else if (op === 3) f[4] = g.int(4); // serialize type only
      else if (op === 4) f = f.subarray(0, 4 + g.int(Math.max(1, f.length - 4))); // cut
      else f = Buffer.concat([f, g.bytes(g.int(256))]); // lengthened
    }
    if (f.length >= 4 && g.next() < 0.8) f.writeInt32BE(f.length - 4, 0);
    return f;
  }

  garbage(): Buffer {
    const g = this.rng;
    const b = g.bytes(4 + g.int(512));
    if (g.next() < 0.5) b.writeInt32BE(b.length - 4, 0);
    return b;
  }
}

export interface FuzzStats {
  frames: number;
  /** Frames of each kind. */
  kinds: Record<FrameKind, number>;
  sessions: number;
  /** Connections the server closed (a bad frame, or a limit). */
  closedByServer: number;
  /** Sessions whose server went quiet before the closing request's answer (a frame announced longer than it was). */
  stalled: number;
  /** Of those, sessions of well-framed requests only: a server that stopped answering. */
  stalledFramed: number;
  replies: number;
  /** Replies that could not be decoded: a server bug. */
  badReplies: number;
}

export interface FuzzOptions {
  /** Stop after this many frames... */
  frames: number;
  /** ...or after this long, whichever comes first. */
  durationMs: number;
  connections?: number;
  /** Frames written at once per session, before its closing request. */
  batch?: number;
  /**
   * How long a session waits, with nothing arriving, for the answer to its closing request: a
   * server slow to get through a batch (a loaded machine) keeps replying and is waited for.
   */
  sessionTimeoutMs?: number;
}

/** How long a session of well-framed requests waits with nothing arriving before it counts as stalled. */
const FRAMED_QUIET_MS = 5000;

/** A request no server knows: its REQUEST_CODE_NOT_SUPPORTED answer tells a session its frames were read. */
const SENTINEL_CODE = 31_999;

/** Sends fuzz frames to `host:port` over several connections, one batch per session. */
export async function fuzzServer(host: string, port: number, gen: FuzzFrames, o: FuzzOptions): Promise<FuzzStats> {
  const stats: FuzzStats = {
    frames: 0,
    kinds: { 'random-header': 0, mutated: 0, garbage: 0 },
    sessions: 0,
    closedByServer: 0,
    stalled: 0,
    stalledFramed: 0,
    replies: 0,
    badReplies: 0,
  };
  const until = Date.now() + o.durationMs;
  const more = () => stats.frames < o.frames && Date.now() < until;
  const worker = async () => {
    while (more()) await session(host, port, gen, o, stats);
  };
  await Promise.all(Array.from({ length: o.connections ?? 8 }, worker));
  return stats;
}

/**
 * One connection: a batch of frames, then the closing request. Two sessions in three send only
 * well-framed requests, so their answers can be counted; the others mix in mutated frames and
 * garbage, after which the server closes the connection (replies not yet sent are lost with it).
 */
async function session(host: string, port: number, gen: FuzzFrames, o: FuzzOptions, stats: FuzzStats): Promise<void> {
  const parts: Buffer[] = [];
  const framedOnly = gen.rng.next() < 2 / 3;
  for (let i = o.batch ?? 100; i > 0 && stats.frames < o.frames; i--) {
    const { kind, frame } = gen.next(framedOnly);
    parts.push(frame);
    stats.frames++;
    stats.kinds[kind]++;
  }
  const sentinel = createRequest(SENTINEL_CODE, null, null, SerializeType.JSON);
  parts.push(encodeFrameToBuffer(sentinel));
  stats.sessions++;
  await new Promise<void>((resolve) => {
    const socket = net.connect({ host, port });
    const decoder = new FrameDecoder();
    let done = false;
    const finish = (how: 'answered' | 'closed' | 'stalled') => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (how === 'closed') stats.closedByServer++;
      if (how === 'stalled') stats.stalled++;
      if (how === 'stalled' && framedOnly) stats.stalledFramed++;
      socket.destroy();
      resolve();
    };
    // A session of well-framed requests cannot stall (its closing request is read and answered,
    // or the connection is closed): it is given long, and a stall there is counted as a fault.
    const quietMs = framedOnly ? FRAMED_QUIET_MS : o.sessionTimeoutMs ?? 300;
    let lastData = Date.now();
    const check = () => {
      const quiet = Date.now() - lastData;
      if (quiet >= quietMs) finish('stalled');
      else timer = setTimeout(check, quietMs - quiet);
    };
    let timer = setTimeout(check, quietMs);
    socket.on('error', () => undefined);
    socket.once('close', () => finish('closed'));
    socket.on('data', (chunk: Buffer) => {
      lastData = Date.now();
      try {
        decoder.push(chunk, (content) => {
          stats.replies++;
          if (decodeFrameContent(content).opaque === sentinel.opaque) finish('answered');
        });
      } catch {
        stats.badReplies++;
        finish('closed');
      }
    });
    socket.once('connect', () => socket.write(Buffer.concat(parts)));
  });
}
