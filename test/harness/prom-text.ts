// A parser of the Prometheus text exposition format (0.0.4) for tests that scrape /metrics:
//   # HELP <name> <text>        # TYPE <name> counter|gauge|histogram|summary|untyped
//   <name>[{<label>="<value>",...}] <value> [<timestamp>]
// Label values unescape \\, \" and \n; values are floats, +Inf, -Inf or NaN. Throws on a line that
// is none of these, so a malformed exposition fails the test.

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromText {
  samples: PromSample[];
  /** Declared type of each metric family. */
  types: Map<string, string>;
  help: Map<string, string>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

function parseValue(s: string, line: string): number {
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN' || s === 'Nan') return NaN;
  const n = Number(s);
  if (s === '' || Number.isNaN(n)) throw new Error(`bad sample value in: ${line}`);
  return n;
}

function parseLabels(s: string, at: number, line: string): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = at + 1;
  for (;;) {
    while (s[i] === ' ') i++;
    if (s[i] === '}') return { labels, end: i + 1 };
    const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(s.slice(i));
    if (!m || s[i + m[0].length] !== '=' || s[i + m[0].length + 1] !== '"') throw new Error(`bad label in: ${line}`);
    i += m[0].length + 2;
    let v = '';
    for (;;) {
      const c = s[i];
      if (c === undefined) throw new Error(`unterminated label value in: ${line}`);
      i++;
      if (c === '"') break;
      if (c === '\\') {
        const e = s[i++];
        v += e === 'n' ? '\n' : e === '\\' ? '\\' : e === '"' ? '"' : `\\${e}`;
      } else {
        v += c;
      }
    }
    if (m[0] in labels) throw new Error(`duplicate label ${m[0]} in: ${line}`);
    labels[m[0]] = v;
    while (s[i] === ' ') i++;
    if (s[i] === ',') i++;
    else if (s[i] !== '}') throw new Error(`bad label list in: ${line}`);
  }
}

export function parsePromText(text: string): PromText {
  const out: PromText = { samples: [], types: new Map(), help: new Map() };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$/.exec(line);
      if (!m) continue; // other comments are allowed
      if (m[1] === 'TYPE') {
        if (!/^(counter|gauge|histogram|summary|untyped)$/.test(m[3]!)) throw new Error(`bad TYPE line: ${line}`);
        out.types.set(m[2]!, m[3]!);
      } else {
        out.help.set(m[2]!, m[3]!);
      }
      continue;
    }
    const name = NAME.exec(line)?.[0];
    if (!name) throw new Error(`bad sample line: ${line}`);
    let i = name.length;
    let labels: Record<string, string> = {};
    if (line[i] === '{') ({ labels, end: i } = parseLabels(line, i, line));
    const rest = line.slice(i).trim().split(/\s+/);
    if (rest.length < 1 || rest.length > 2) throw new Error(`bad sample line: ${line}`);
    out.samples.push({ name, labels, value: parseValue(rest[0]!, line) });
  }
  return out;
}

/** The samples of `name` whose labels include every label of `match`. */
export function samplesOf(p: PromText, name: string, match: Record<string, string> = {}): PromSample[] {
  return p.samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

/** The one sample of `name` matching `match`; throws when there is none or several. */
export function sampleOf(p: PromText, name: string, match: Record<string, string> = {}): PromSample {
  const found = samplesOf(p, name, match);
  if (found.length !== 1) throw new Error(`expected one ${name} ${JSON.stringify(match)}, found ${found.length}`);
  return found[0]!;
}
