// Running one benchmark from the CLI: lines to stdout, the status line on a terminal, Ctrl-C (or
// SIGTERM) ends the run early but still prints the summary, and the last line is the JSON figures.

import { onShutdownSignal } from '../../common/runtime.js';
import { quietClientLogs } from '../format.js';
import { type BenchOutput, consoleOutput } from './output.js';

export interface Benchmark<S> {
  run(): Promise<S>;
  stop(): void;
}

/**
 * Builds the benchmark with its output, runs it, and prints the summary's JSON as the last line.
 * With `jsonOnly` the per-second and summary lines are left out and only the JSON is printed.
 */
export async function runBenchmark<S>(make: (out: BenchOutput) => Benchmark<S>, jsonOnly: boolean): Promise<S> {
  quietClientLogs();
  const out = consoleOutput(!jsonOnly, jsonOnly);
  const bench = make(out);
  const done = bench.run();
  onShutdownSignal(async () => {
    bench.stop();
    await done.catch(() => undefined);
  });
  try {
    const summary = await done;
    out.end();
    process.stdout.write(JSON.stringify(summary) + '\n');
    return summary;
  } finally {
    out.end();
  }
}
