// The dashboard's HTTP server (node:http, on Node, Bun and Deno alike): the front-end's files, the
// JSON API over the admin library, the login and the TPS sampler. It binds 127.0.0.1 unless told
// otherwise, and while it is bound to loopback it answers only requests whose Host names loopback,
// so a web page cannot reach it through DNS rebinding. Changes (POST) must carry the X-MQ-Dashboard
// header and, when the browser says where they come from, come from the dashboard's own origin:
// no other site can make a browser send them. Unknown paths get 404, bad requests 400; one bad
// request never stops the server.

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AdminExt, type AdminExtOptions } from '../admin/admin-ext.js';
import { getLogger } from '../common/logger.js';
import { API_ROUTES } from './api-routes.js';
import {
  clearedSessionCookie,
  cookieValue,
  type DashboardUser,
  LoginThrottle,
  SESSION_COOKIE,
  sessionCookie,
  SessionStore,
  UsersFile,
} from './auth.js';
import { HttpError, Params, readJsonObject, SECURITY_HEADERS, sendError, sendJson, toHttpError } from './http.js';
import { StaticFiles } from './static-files.js';
import { TpsSampler, type TpsSamplerOptions } from './tps-sampler.js';

const log = getLogger('dashboard');

export const DEFAULT_DASHBOARD_PORT = 8080;
export const DEFAULT_DASHBOARD_HOST = '127.0.0.1';
/** The header every POST must carry; a cross-site form cannot set it, and a script needs our permission (CORS) to. */
export const CSRF_HEADER = 'x-mq-dashboard';

export interface DashboardOptions {
  /** Name servers, "a:9876;b:9876"; default NAMESRV_ADDR. */
  namesrvAddr?: string | readonly string[];
  /** Address to bind; 127.0.0.1 unless the operator says otherwise. */
  host?: string;
  /** 8080 by default; 0 picks a free port. */
  port?: number;
  /** Refuse every change (create, update, delete, reset, resend, send). */
  readOnly?: boolean;
  /** rocketmq-dashboard's users.properties: a login is required when given. */
  usersFile?: string;
  sampler?: TpsSamplerOptions;
  admin?: Omit<AdminExtOptions, 'namesrvAddr'>;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1' || h === '[::1]';
}

/** The host name of a Host header ("a:1" -> "a", "[::1]:8080" -> "::1"). */
function hostOfHeader(v: string): string {
  if (v.startsWith('[')) return v.slice(1, v.indexOf(']') > 0 ? v.indexOf(']') : undefined);
  const colon = v.lastIndexOf(':');
  return colon >= 0 ? v.slice(0, colon) : v;
}

export class DashboardServer {
  readonly admin: AdminExt;
  readonly sampler: TpsSampler;
  readonly readOnly: boolean;
  private readonly host: string;
  private readonly requestedPort: number;
  private readonly users: UsersFile | null;
  private readonly sessions = new SessionStore();
  private readonly throttle = new LoginThrottle();
  private readonly files: StaticFiles;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private boundPort = -1;
  private closing: Promise<void> | null = null;

  constructor(opts: DashboardOptions = {}) {
    this.host = opts.host ?? DEFAULT_DASHBOARD_HOST;
    this.requestedPort = opts.port ?? DEFAULT_DASHBOARD_PORT;
    this.readOnly = opts.readOnly ?? false;
    this.users = opts.usersFile ? new UsersFile(opts.usersFile) : null;
    this.files = new StaticFiles();
    this.admin = new AdminExt({ ...opts.admin, ...(opts.namesrvAddr !== undefined ? { namesrvAddr: opts.namesrvAddr } : {}) });
    this.sampler = new TpsSampler(this.admin, opts.sampler);
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    // A request node:http cannot parse gets 400 on its own connection; the server carries on.
    this.server.on('clientError', (_err: Error, socket: Socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
  }

  /** Starts the admin client and the sampler and listens; fails with the address when it cannot bind. */
  async start(): Promise<string> {
    this.admin.start();
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        reject(new Error(`the dashboard cannot listen on ${this.host}:${this.requestedPort}: ${err.code ?? err.message}`));
      };
      this.server.once('error', onError);
      this.server.listen(this.requestedPort, this.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    }).catch(async (err) => {
      await this.admin.shutdown();
      throw err;
    });
    const addr = this.server.address();
    this.boundPort = typeof addr === 'object' && addr ? addr.port : this.requestedPort;
    this.sampler.start();
    log.info('dashboard listening', { url: this.url, readOnly: this.readOnly, login: this.users !== null });
    return this.url;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    const h = this.host === '0.0.0.0' || this.host === '::' ? '127.0.0.1' : this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${h}:${this.boundPort}/`;
  }

  /** Page weight: every file the front-end may load, raw and gzipped. */
  assetSizes() {
    return this.files.sizes();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.sampler.stop();
      await new Promise<void>((resolve) => {
        this.server.close(() => resolve());
        for (const s of this.sockets) s.destroy();
      });
      await this.admin.shutdown();
    })();
    return this.closing;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://dashboard.invalid');
      } catch {
        throw new HttpError(400, 'malformed request URL');
      }
      const host = req.headers.host;
      if (isLoopbackHost(this.host) && host !== undefined && !isLoopbackHost(hostOfHeader(host))) {
        throw new HttpError(403, `the dashboard listens on ${this.host} and answers only requests for a loopback host, not ${host}`);
      }
      if (url.pathname.startsWith('/api/')) return await this.api(req, res, url);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        throw new HttpError(405, `${req.method} is not allowed here`, undefined, { Allow: 'GET, HEAD' });
      }
      if (!this.files.serve(req, res, url.pathname)) {
        res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('not found\n');
      }
    } catch (err) {
      const e = toHttpError(err);
      if (e.status >= 500) log.warn('dashboard request failed', { path: req.url, status: e.status, error: e.message });
      if (!res.headersSent) sendError(res, e);
      else res.destroy();
    }
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (path === '/api/session') return this.allow(req, 'GET', () => sendJson(res, 200, this.sessionInfo(this.userOf(token))));
    if (path === '/api/login') return this.login(req, res);
    if (path === '/api/logout') {
      this.allow(req, 'POST');
      this.checkSameOrigin(req);
      this.sessions.delete(token);
      return sendJson(res, 200, { ok: true }, { 'Set-Cookie': clearedSessionCookie() });
    }
    const route = API_ROUTES[path];
    if (!route) throw new HttpError(404, `no API at ${path}`);
    this.allow(req, route.method);
    if (route.method === 'POST') this.checkSameOrigin(req);
    const user = this.userOf(token);
    if (this.users && !user) throw new HttpError(401, 'log in first');
    if (route.write) {
      if (this.readOnly) throw new HttpError(403, 'the dashboard is read-only: changes are turned off (--read-only)');
      if (user && !user.admin) {
        throw new HttpError(403, `user ${user.name} may look but not change things (an admin's role is 1 in the users file)`);
      }
    }
    const params = route.method === 'GET' ? Params.ofQuery(url.searchParams) : new Params(await readJsonObject(req));
    const data = await route.handle({ admin: this.admin, sampler: this.sampler, params });
    if (route.write) log.info('dashboard change', { path, user: user?.name ?? '-', by: req.socket.remoteAddress });
    sendJson(res, 200, data);
  }

  private allow(req: IncomingMessage, method: 'GET' | 'POST', then?: () => void): void {
    const ok = req.method === method || (method === 'GET' && req.method === 'HEAD');
    if (!ok) {
      throw new HttpError(405, `${req.method} is not allowed here; use ${method}`, undefined, {
        Allow: method === 'GET' ? 'GET, HEAD' : 'POST',
      });
    }
    then?.();
  }

  /** A change must say it comes from our page: the custom header, and our origin when the browser names one. */
  private checkSameOrigin(req: IncomingMessage): void {
    if (req.headers[CSRF_HEADER] === undefined) throw new HttpError(403, `a change needs the ${CSRF_HEADER} header`);
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== 'null' && origin !== `http://${req.headers.host}`) {
      throw new HttpError(403, `a change from ${origin} is refused`);
    }
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new HttpError(403, `a ${site} change is refused`);
  }

  private userOf(token: string | undefined): DashboardUser | null {
    if (!this.users) return null;
    const name = this.sessions.user(token);
    return name === undefined ? null : this.users.current(name);
  }

  private sessionInfo(user: DashboardUser | null) {
    const loginRequired = this.users !== null;
    return {
      loginRequired,
      user,
      readOnly: this.readOnly,
      canWrite: !this.readOnly && (!loginRequired || user?.admin === true),
      // Where the cluster is, only for someone logged in (or when no login is asked for).
      namesrvAddrs: loginRequired && !user ? [] : this.admin.nameServerAddressList,
    };
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.allow(req, 'POST');
    this.checkSameOrigin(req);
    if (!this.users) throw new HttpError(400, 'no login is needed: the dashboard was started without --users');
    const addr = req.socket.remoteAddress ?? '';
    if (this.throttle.blocked(addr)) throw new HttpError(429, 'too many failed logins; wait a minute');
    const p = new Params(await readJsonObject(req));
    const user = this.users.check(p.optString('username') ?? '', p.optString('password') ?? '');
    if (!user) {
      this.throttle.fail(addr);
      log.warn('dashboard login refused', { user: p.optString('username') ?? '', by: addr });
      throw new HttpError(401, 'bad user name or password');
    }
    this.throttle.succeed(addr);
    const token = this.sessions.create(user.name);
    sendJson(res, 200, this.sessionInfo(user), { 'Set-Cookie': sessionCookie(token) });
  }
}
