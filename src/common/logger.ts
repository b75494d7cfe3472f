// Namespaced, leveled logging, one line per event. Lines go to stderr (stdout stays free for the
// boot-success lines and machine output that scripts parse) and, for servers that ask for it with
// configureLogging, to files under ~/logs/rocketmqlogs/ (MQ_LOG_DIR) named as RocketMQ names them,
// one per subsystem, rolled daily and by size (log-file.ts). MQ_LOG_LEVEL picks the level,
// MQ_LOG_FORMAT=json switches to one JSON object per line.

import path from 'node:path';
import os from 'node:os';
import { RollingLogFile, type RollingOptions } from './log-file.js';
import { formatDate } from './time-format.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** The level of every destination (MQ_LOG_LEVEL, or setLogLevel). */
let level: number = LEVEL_RANK[parseLevel(process.env.MQ_LOG_LEVEL) ?? 'info'];
/** stderr shows nothing below this either (configureLogging). */
let stderrFloor = 0;
/** The lowest rank any destination takes: the early return of every log call. */
let threshold = level;
const jsonFormat = process.env.MQ_LOG_FORMAT === 'json';
let sink: (line: string) => void = (line) => process.stderr.write(line + '\n');

export function parseLevel(v: string | undefined): LogLevel | undefined {
  if (!v) return undefined;
  const l = v.toLowerCase();
  return l in LEVEL_RANK ? (l as LogLevel) : undefined;
}

function recompute(): void {
  threshold = files ? level : Math.max(level, stderrFloor);
}

export function setLogLevel(l: LogLevel): void {
  level = LEVEL_RANK[l];
  recompute();
}

/** The level set now (tests that capture log lines set theirs and put this one back). */
export function getLogLevel(): LogLevel {
  return (Object.keys(LEVEL_RANK) as LogLevel[]).find((l) => LEVEL_RANK[l] === level)!;
}

/** Redirects every stderr log line (tests capture logs this way). */
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

// ---- files ----

export interface LogFilesOptions extends Partial<RollingOptions> {
  /** Where the files go: MQ_LOG_DIR, else ~/logs/rocketmqlogs. */
  dir?: string;
  /** Namespace -> file name without `.log` (broker -> broker, store -> store ...). */
  routes: Readonly<Record<string, string>>;
  /** The file of namespaces without a route. */
  fallback: string;
}

interface FileRouting {
  byNamespace: Map<string, RollingLogFile>;
  fallback: RollingLogFile;
  all: RollingLogFile[];
}

let files: FileRouting | null = null;

/** RocketMQ's log directory: MQ_LOG_DIR, else ~/logs/rocketmqlogs. */
export function defaultLogDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MQ_LOG_DIR || path.join(os.homedir(), 'logs', 'rocketmqlogs');
}

/** Bytes from `128m`, `64k`, `1g` or a plain number; undefined when absent or unreadable. */
function parseSize(v: string | undefined): number | undefined {
  const m = /^\s*(\d+)\s*([kmg]?)b?\s*$/i.exec(v ?? '');
  if (!m) return undefined;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * mult || undefined;
}

export interface LoggingSetup {
  /** stderr shows only this level and above (on top of the level); 'silent' turns it off. */
  stderrLevel?: LogLevel;
  /** Also write lines to rolling files. */
  files?: LogFilesOptions;
}

/**
 * Sets where lines go. A server sets its files once at start-up (opening them reports an
 * unwritable directory at once, as a thrown error); later calls replace the previous setup.
 */
export function configureLogging(setup: LoggingSetup): void {
  closeLogFilesSync();
  stderrFloor = setup.stderrLevel ? LEVEL_RANK[setup.stderrLevel] : 0;
  if (setup.files) {
    const f = setup.files;
    const dir = f.dir ?? defaultLogDir();
    const opts: RollingOptions = {
      maxBytes: f.maxBytes ?? parseSize(process.env.MQ_LOG_MAX_SIZE) ?? 128 * 1024 * 1024,
      maxFiles: f.maxFiles ?? (Number(process.env.MQ_LOG_MAX_FILES) || 10),
    };
    const byName = new Map<string, RollingLogFile>();
    const open = (name: string) => {
      let file = byName.get(name);
      if (!file) byName.set(name, file = new RollingLogFile(path.join(dir, `${name}.log`), opts));
      return file;
    };
    const fallback = open(f.fallback);
    const byNamespace = new Map(Object.entries(f.routes).map(([ns, name]) => [ns, open(name)]));
    files = { byNamespace, fallback, all: [...byName.values()] };
  }
  recompute();
}

/** Resolves once every line logged so far has reached its file. */
export async function flushLogs(): Promise<void> {
  if (files) await Promise.all(files.all.map((f) => f.flush()));
}

function closeLogFilesSync(): void {
  if (!files) return;
  for (const f of files.all) f.closeSync();
  files = null;
}

// Lines still queued when the process exits are written on the way out.
process.on('exit', closeLogFilesSync);

// ---- lines ----

function timestamp(ms: number): string {
  return formatDate(ms, 'yyyy-MM-dd HH:mm:ss.SSS');
}

function formatValue(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.message);
  if (typeof v === 'string') return /[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v;
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? String(v);
}

function formatLine(now: number, lvl: LogLevel, ns: string, msg: string, fields?: LogFields): string {
  if (jsonFormat) {
    const rec: Record<string, unknown> = { time: new Date(now).toISOString(), level: lvl, ns, msg };
    if (fields) {
      for (const [k, v] of Object.entries(fields)) {
        rec[k] = v instanceof Error ? v.message : typeof v === 'bigint' ? v.toString() : v;
      }
    }
    return JSON.stringify(rec);
  }
  let line = `${timestamp(now)} ${lvl.toUpperCase().padEnd(5)} ${ns.padEnd(8)} ${msg}`;
  if (fields) { for (const [k, v] of Object.entries(fields)) if (v !== undefined) line += ` ${k}=${formatValue(v)}`; }
  return line;
}

function emit(lvl: LogLevel, ns: string, msg: string, fields?: LogFields): void {
  const rank = LEVEL_RANK[lvl];
  if (rank < threshold) return;
  const now = Date.now();
  const line = formatLine(now, lvl, ns, msg, fields);
  if (rank >= level && rank >= stderrFloor) sink(line);
  if (files && rank >= level) (files.byNamespace.get(ns) ?? files.fallback).append(line, now);
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
