// Namespaced, leveled logging: one line per event on stderr, so stdout stays free for the
// boot-success lines and machine output that scripts parse. MQ_LOG_LEVEL picks the level,
// MQ_LOG_FORMAT=json switches to one JSON object per line.

import { formatDate } from './time-format.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

let threshold: number = LEVEL_RANK[parseLevel(process.env.MQ_LOG_LEVEL) ?? 'info'];
const jsonFormat = process.env.MQ_LOG_FORMAT === 'json';
let sink: (line: string) => void = (line) => process.stderr.write(line + '\n');

function parseLevel(v: string | undefined): LogLevel | undefined {
  if (!v) return undefined;
  const l = v.toLowerCase();
  return l in LEVEL_RANK ? (l as LogLevel) : undefined;
}

export function setLogLevel(level: LogLevel): void {
  threshold = LEVEL_RANK[level];
}

/** The level set now (tests that capture log lines set theirs and put this one back). */
export function getLogLevel(): LogLevel {
  return (Object.keys(LEVEL_RANK) as LogLevel[]).find((l) => LEVEL_RANK[l] === threshold)!;
}

/** Redirects every log line (tests capture logs this way). */
export function setLogSink(fn: (line: string) => void): void {
  sink = fn;
}

export type LogFields = Record<string, unknown>;

export interface Logger {
  readonly namespace: string;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  isDebugEnabled(): boolean;
}

function timestamp(): string {
  return formatDate(Date.now(), 'yyyy-MM-dd HH:mm:ss.SSS');
}

function formatValue(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.message);
  if (typeof v === 'string') return /[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v;
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? String(v);
}

function emit(level: LogLevel, ns: string, msg: string, fields?: LogFields): void {
  if (LEVEL_RANK[level] < threshold) return;
  if (jsonFormat) {
    const rec: Record<string, unknown> = { time: new Date().toISOString(), level, ns, msg };
    if (fields) {
      for (const [k, v] of Object.entries(fields)) {
        rec[k] = v instanceof Error ? v.message : typeof v === 'bigint' ? v.toString() : v;
      }
    }
    sink(JSON.stringify(rec));
    return;
  }
  let line = `${timestamp()} ${level.toUpperCase().padEnd(5)} ${ns.padEnd(8)} ${msg}`;
  if (fields) { for (const [k, v] of Object.entries(fields)) if (v !== undefined) line += ` ${k}=${formatValue(v)}`; }
  sink(line);
}

export function getLogger(namespace: string): Logger {
  return {
    namespace,
    debug: (m, f) => emit('debug', namespace, m, f),
    info: (m, f) => emit('info', namespace, m, f),
    warn: (m, f) => emit('warn', namespace, m, f),
    error: (m, f) => emit('error', namespace, m, f),
    isDebugEnabled: () => threshold <= LEVEL_RANK.debug,
  };
}
