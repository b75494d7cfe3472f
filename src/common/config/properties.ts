// Java .properties text: `key=value`, `key: value` or `key value` lines, `#`/`!` comments,
// backslash line continuation and \t \n \r \f \uXXXX escapes, as java.util.Properties reads it.
// `${ROCKETMQ_HOME}`, `${user.home}` and `${ENV_VAR}` in values are expanded.

import os from 'node:os';

export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^[ \t\f]+/, '');
    if (line === '' || line[0] === '#' || line[0] === '!') continue;
    // An odd number of trailing backslashes continues the logical line.
    while (endsWithContinuation(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i]!.replace(/^[ \t\f]+/, '');
    }
    if (endsWithContinuation(line)) line = line.slice(0, -1);
    let sep = -1;
    for (let j = 0; j < line.length; j++) {
      const c = line[j];
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') {
        sep = j;
        break;
      }
    }
    let key: string;
    let value: string;
    if (sep < 0) {
      key = line;
      value = '';
    } else {
      key = line.slice(0, sep);
      let rest = line.slice(sep);
      rest = rest.replace(/^[ \t\f]*/, '');
      if (rest[0] === '=' || rest[0] === ':') rest = rest.slice(1).replace(/^[ \t\f]*/, '');
      value = rest;
    }
    out.set(unescape(key), unescape(value));
  }
  return out;
}

function endsWithContinuation(line: string): boolean {
  let n = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) => {
    if (e[0] === 'u' && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    switch (e) {
      case 't':
        return '\t';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 'f':
        return '\f';
      default:
        return e;
    }
  });
}

/** Writes `key=value` lines that Java's Properties.load reads back to the same map. */
export function formatProperties(entries: Iterable<[string, string]>): string {
  let out = '';
  for (const [k, v] of entries) out += `${escapeKey(k)}=${escapeValue(v)}\n`;
  return out;
}

function escapeKey(s: string): string {
  return escapeValue(s).replace(/[ =:]/g, (c) => '\\' + c);
}

function escapeValue(s: string): string {
  return s.replace(/[\\\n\r\t\f#!]|[^\x20-\x7e]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\f':
        return '\\f';
      case '#':
      case '!':
        return '\\' + c;
      default:
        return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
    }
  });
}

/** Expands `${ROCKETMQ_HOME}`, `${user.home}` and environment variables; unknown names stay as written. */
export function expandPlaceholders(value: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!value.includes('${')) return value;
  return value.replace(/\$\{([^}]+)\}/g, (m, name: string) => {
    if (name === 'user.home') return os.homedir();
    if (name === 'ROCKETMQ_HOME') return env.ROCKETMQ_HOME ?? env.MQ_HOME ?? os.homedir();
    return env[name] ?? m;
  });
}
