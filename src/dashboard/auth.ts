// Who may use the dashboard: rocketmq-dashboard's users file and cookie sessions.
//
//   users.properties   Java properties, one user a line: <name>=<password>[,<role>]
//                      role 1 is an admin (may change things), 0 or none a normal user (may look).
//                      The file is read again when it changes, as rocketmq-dashboard does.
//
// A session is a random token in an HttpOnly, SameSite=Strict cookie; sessions live in memory and
// end after 30 idle minutes (Spring's default), at logout, or when the process stops.

import crypto from 'node:crypto';
import fs from 'node:fs';
import { parseProperties } from '../common/config/properties.js';
import { ConfigError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';

const log = getLogger('dashboard');

export interface DashboardUser {
  name: string;
  admin: boolean;
}

interface UserEntry extends DashboardUser {
  password: string;
}

/** Parses a users file's text; a role that is not a number fails with the user named. */
export function parseUsers(text: string): Map<string, UserEntry> {
  const out = new Map<string, UserEntry>();
  for (const [name, value] of parseProperties(text)) {
    const comma = value.indexOf(',');
    const password = (comma < 0 ? value : value.slice(0, comma)).trim();
    const roleText = comma < 0 ? '0' : value.slice(comma + 1).trim();
    if (!/^[-+]?\d+$/.test(roleText)) {
      throw new ConfigError(`users file: the role of ${name} must be 0 (normal) or 1 (admin), not ${roleText}`);
    }
    out.set(name, { name, password, admin: Number(roleText) === 1 });
  }
  return out;
}

/** A users file, read at start and again whenever its modification time or size changes. */
export class UsersFile {
  private users = new Map<string, UserEntry>();
  private stamp = '';

  constructor(readonly path: string) {
    this.reload(true);
  }

  private reload(first: boolean): void {
    let st: fs.Stats;
    try {
      st = fs.statSync(this.path);
    } catch (err) {
      if (first) throw new ConfigError(`users file ${this.path}: ${(err as Error).message}`);
      return;
    }
    const stamp = `${st.mtimeMs}:${st.size}`;
    if (stamp === this.stamp) return;
    try {
      this.users = parseUsers(fs.readFileSync(this.path, 'utf8'));
      this.stamp = stamp;
      if (!first) log.info('users file reloaded', { path: this.path, users: this.users.size });
    } catch (err) {
      if (first) throw err instanceof ConfigError ? err : new ConfigError(`users file ${this.path}: ${(err as Error).message}`);
      log.warn('users file not reloaded; the previous users stay', { path: this.path, error: (err as Error).message });
    }
  }

  /** The user when the password is right, else null (both compared in constant time). */
  check(name: string, password: string): DashboardUser | null {
    this.reload(false);
    const u = this.users.get(name);
    const ok = sameSecret(password, u?.password ?? '') && u !== undefined;
    return ok ? { name: u.name, admin: u.admin } : null;
  }

  /** The user as the file has it now (a session ends when its user is removed). */
  current(name: string): DashboardUser | null {
    this.reload(false);
    const u = this.users.get(name);
    return u ? { name: u.name, admin: u.admin } : null;
  }
}

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export const SESSION_COOKIE = 'mq_dashboard_session';
const IDLE_MS = 30 * 60_000;

export class SessionStore {
  private readonly sessions = new Map<string, { user: string; seen: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  create(user: string): string {
    this.sweep();
    const token = crypto.randomBytes(32).toString('base64url');
    this.sessions.set(token, { user, seen: this.now() });
    return token;
  }

  /** The session's user name, touching the session; undefined when unknown or idle too long. */
  user(token: string | undefined): string | undefined {
    if (!token) return undefined;
    const s = this.sessions.get(token);
    if (!s) return undefined;
    if (this.now() - s.seen > IDLE_MS) {
      this.sessions.delete(token);
      return undefined;
    }
    s.seen = this.now();
    return s.user;
  }

  delete(token: string | undefined): void {
    if (token) this.sessions.delete(token);
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, s] of this.sessions) if (t - s.seen > IDLE_MS) this.sessions.delete(k);
  }
}

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}

/** Failed logins per client address in the last minute; past the limit, logins are refused for a while. */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limit = 10, private readonly windowMs = 60_000, private readonly now: () => number = Date.now) {}

  blocked(addr: string): boolean {
    return this.recent(addr).length >= this.limit;
  }

  fail(addr: string): void {
    const r = this.recent(addr);
    r.push(this.now());
    this.failures.set(addr, r);
  }

  succeed(addr: string): void {
    this.failures.delete(addr);
  }

  private recent(addr: string): number[] {
    const t = this.now();
    return (this.failures.get(addr) ?? []).filter((x) => t - x < this.windowMs);
  }
}
