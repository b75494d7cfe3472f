// How figures read on the pages: rates with two decimals, counts with thousands separators,
// times in the browser's zone, bodies as text or as a hex dump.

const pad = (n, w = 2) => String(n).padStart(w, '0');

export function time(ms) {
  if (!ms || ms <= 0) return '-';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${
    pad(d.getSeconds())
  }`;
}

/** The value a datetime-local input takes for `ms`, to the second. */
export function localInput(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${
    pad(d.getSeconds())
  }`;
}

export const count = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
export const rate = (n) => (Number.isFinite(n) ? n.toFixed(2) : '-');
export const percent = (r) => (Number.isFinite(r) ? `${(r * 100).toFixed(1)}%` : '-');

export function bytesOf(base64) {
  const s = atob(base64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function bodyText(base64) {
  return new TextDecoder('utf-8').decode(bytesOf(base64));
}

/** 16 bytes a line: offset, hex, printable ASCII. */
export function hexDump(base64, max = 64 * 1024) {
  const b = bytesOf(base64);
  const lines = [];
  for (let i = 0; i < Math.min(b.length, max); i += 16) {
    const row = b.subarray(i, i + 16);
    const hex = [...row].map((x) => x.toString(16).padStart(2, '0')).join(' ');
    const text = [...row].map((x) => (x >= 32 && x < 127 ? String.fromCharCode(x) : '.')).join('');
    lines.push(`${i.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${text}`);
  }
  if (b.length > max) lines.push(`… ${b.length - max} more bytes`);
  return lines.join('\n');
}

/** "RW", "R-", "-W" for a permission number. */
export const perm = (p) => `${p & 4 ? 'R' : '-'}${p & 2 ? 'W' : '-'}`;
