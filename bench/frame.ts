// Frame decoding benchmark: `npm run bench:frame`.
// How fast FrameDecoder splits a TCP stream into frames, fed the way a socket delivers it (64 KiB
// chunks), on the current runtime:
//   large: one 10 MiB frame (a big pull response) arriving in 160 chunks; FrameDecoder keeps the
//          chunks and joins them once, against a decoder that joins the buffered bytes per chunk;
//   small: 300-byte frames (heartbeats, sends, small pulls) back to back, cut into 64 KiB chunks
//          regardless of frame boundaries, each frame's header decoded as a server would.
// The last line printed is one JSON object. Environment: BENCH_SECONDS (default 3) per case.

import os from 'node:os';
import { createRequest, createResponse, SerializeType } from '../src/remoting/command.js';
import { decodeFrameContent, encodeFrame, FrameDecoder } from '../src/remoting/frame.js';
import { nowMs, runtimeName, runtimeVersion } from '../src/common/runtime.js';
import { round } from '../src/tools/benchmark/latency.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
if (!(SECONDS > 0)) throw new Error('BENCH_SECONDS must be a positive number');
const CHUNK = 64 * 1024;
const MiB = 1024 * 1024;

function chunksOf(stream: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < stream.length; off += CHUNK) out.push(stream.subarray(off, off + CHUNK));
  return out;
}

/** Runs `once` repeatedly for about SECONDS; returns the repetitions per second. */
function rate(once: () => void): { perSec: number; runs: number } {
  once(); // warm-up
  let runs = 0;
  const t0 = nowMs();
  const end = t0 + SECONDS * 1000;
  while (nowMs() < end) {
    once();
    runs++;
  }
  return { perSec: (runs * 1000) / (nowMs() - t0), runs };
}

/** What a decoder without the chunk list does: join everything buffered at every chunk. */
function joinPerChunk(chunks: Buffer[], onFrame: (content: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  for (const c of chunks) {
    buffered = Buffer.concat([buffered, c]);
    while (buffered.length >= 4) {
      const length = buffered.readInt32BE(0);
      if (buffered.length - 4 < length) break;
      onFrame(buffered.subarray(4, 4 + length));
      buffered = buffered.subarray(4 + length);
    }
  }
}

function main(): void {
  console.log(
    `frame decoding benchmark on ${runtimeName} ${runtimeVersion}, ${os.cpus().length} CPUs (load ${
      os.loadavg()[0]!.toFixed(2)
    }), ${SECONDS} s per case, ${CHUNK / 1024} KiB chunks`,
  );

  const body = Buffer.alloc(10 * MiB, 7);
  const large = chunksOf(Buffer.concat(encodeFrame(createRequest(10, { topic: 'T' }, body, SerializeType.ROCKETMQ))));
  let frames = 0;
  const count = () => void frames++;
  const once = rate(() => {
    const d = new FrameDecoder();
    for (const c of large) d.push(c, count);
  });
  const naive = rate(() => joinPerChunk(large, count));
  const largeFigures = {
    frameMiB: 10,
    chunks: large.length,
    joinOnce: { framesPerSec: round(once.perSec, 1), mibPerSec: round(once.perSec * 10, 0) },
    joinPerChunk: { framesPerSec: round(naive.perSec, 2), mibPerSec: round(naive.perSec * 10, 0) },
  };
  console.log(
    `large  : 10 MiB frame in ${large.length} chunks: ${largeFigures.joinOnce.framesPerSec} frames/s (${largeFigures.joinOnce.mibPerSec} MiB/s); joining per chunk: ${largeFigures.joinPerChunk.framesPerSec} frames/s (${largeFigures.joinPerChunk.mibPerSec} MiB/s), ${
      round(once.perSec / naive.perSec, 1)
    }x slower`,
  );

  const one = Buffer.concat(
    encodeFrame(
      createResponse(createRequest(11, null, null, SerializeType.ROCKETMQ), 0, null, {
        nextBeginOffset: '5',
        minOffset: '0',
        maxOffset: '9',
      }, Buffer.alloc(200, 9)),
    ),
  );
  const perStream = Math.ceil((4 * MiB) / one.length);
  const small = chunksOf(Buffer.concat(Array.from({ length: perStream }, () => one)));
  const decoded = rate(() => {
    const d = new FrameDecoder();
    for (const c of small) d.push(c, (content) => void decodeFrameContent(content));
  });
  const smallFigures = {
    frameBytes: one.length,
    framesPerSec: Math.round(decoded.perSec * perStream),
    mibPerSec: round((decoded.perSec * perStream * one.length) / MiB, 0),
  };
  console.log(
    `small  : ${one.length}-byte frames, header decoded: ${
      smallFigures.framesPerSec.toLocaleString('en-US')
    } frames/s (${smallFigures.mibPerSec} MiB/s)`,
  );

  console.log(
    JSON.stringify({
      bench: 'frame',
      runtime: runtimeName,
      runtimeVersion,
      cpus: os.cpus().length,
      chunkBytes: CHUNK,
      large: largeFigures,
      small: smallFigures,
    }),
  );
}

main();
