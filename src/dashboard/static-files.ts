// The dashboard's front-end, served from memory: the files under src/dashboard/web (shipped in
// the npm package as they are) and uPlot's script and style from the installed `uplot` package,
// under /vendor/. Each file is read once at start, gzipped once, and answered with an ETag so a
// reload costs a 304. Nothing is fetched from elsewhere at run time.

import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { packageRoot } from '../common/runtime.js';
import { SECURITY_HEADERS } from './http.js';

/** Where the front-end's own files are, in a checkout and in the installed package alike. */
export const WEB_ROOT = path.join(packageRoot, 'src', 'dashboard', 'web');

/** uPlot files served under /vendor/, from the package's dist folder. */
const VENDOR_FILES = ['uPlot.iife.min.js', 'uPlot.min.css'];

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

interface StaticFile {
  type: string;
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
}

function entry(file: string): StaticFile {
  const body = fs.readFileSync(file);
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  const gzip = type.startsWith('image/png') ? null : zlib.gzipSync(body, { level: 9 });
  return {
    type,
    body,
    gzip: gzip && gzip.length < body.length ? gzip : null,
    etag: `"${crypto.createHash('sha1').update(body).digest('base64url')}"`,
  };
}

function walk(dir: string, prefix: string, out: Map<string, StaticFile>): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, `${prefix}${e.name}/`, out);
    else if (TYPES[path.extname(e.name)]) out.set(`${prefix}${e.name}`, entry(full));
  }
}

function uplotDist(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist');
}

export class StaticFiles {
  private readonly files = new Map<string, StaticFile>();

  constructor(webRoot = WEB_ROOT) {
    walk(webRoot, '/', this.files);
    const dist = uplotDist();
    for (const f of VENDOR_FILES) this.files.set(`/vendor/${f}`, entry(path.join(dist, f)));
    const index = this.files.get('/index.html');
    if (!index) throw new Error(`the dashboard's index.html is missing from ${webRoot}`);
    this.files.set('/', index);
  }

  has(urlPath: string): boolean {
    return this.files.has(urlPath);
  }

  /** Paths and sizes (raw and gzipped) of every file, for reporting the page weight. */
  sizes(): Array<{ path: string; bytes: number; gzip: number }> {
    return [...this.files].filter(([p]) => p !== '/').map(([p, f]) => ({
      path: p,
      bytes: f.body.length,
      gzip: f.gzip?.length ?? f.body.length,
    }));
  }

  /** Answers GET or HEAD for a known path; false when the path is not a file of ours. */
  serve(req: IncomingMessage, res: ServerResponse, urlPath: string): boolean {
    const f = this.files.get(urlPath);
    if (!f) return false;
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'Content-Type': f.type,
      'Cache-Control': 'no-cache',
      ETag: f.etag,
      Vary: 'Accept-Encoding',
    };
    if (req.headers['if-none-match'] === f.etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    const gzip = f.gzip !== null && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? f.gzip! : f.body;
    if (gzip) headers['Content-Encoding'] = 'gzip';
    headers['Content-Length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }
}
