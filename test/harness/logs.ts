// Log lines captured for a test to assert on. The level and the sink are process-wide, and Bun runs
// every test file in one process: a file that quiets the logs (setLogLevel('error') at its top) would
// hide the lines a later file waits for. So a capture sets the level it needs, and puts the level
// and the stderr sink back when it ends.

import { getLogLevel, type LogLevel, setLogLevel, setLogSink } from '../../src/common/logger.js';

const stderrSink = (line: string) => void process.stderr.write(line + '\n');

function startCapture(level: LogLevel, echo: boolean): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  const before = getLogLevel();
  setLogLevel(level);
  setLogSink((line) => {
    lines.push(line);
    if (echo) stderrSink(line);
  });
  return {
    lines,
    stop: () => {
      setLogSink(stderrSink);
      setLogLevel(before);
    },
  };
}

/** Every log line at `level` or above from now until the test ends; `echo` prints them as well. */
export function captureLogs(t: { after(fn: () => unknown): void }, level: LogLevel = 'info', echo = false): string[] {
  const capture = startCapture(level, echo);
  t.after(() => capture.stop());
  return capture.lines;
}

/** Runs `fn` with the log lines at `level` or above captured instead of printed. */
export function captureLogsDuring<T>(fn: () => T, level: LogLevel = 'warn'): { result: T; lines: string[] } {
  const capture = startCapture(level, false);
  try {
    return { result: fn(), lines: capture.lines };
  } finally {
    capture.stop();
  }
}
