// The subset of java.util.Formatter that mqadmin's tables use, so our columns come out exactly
// as Java's System.out.printf writes them:
//   %[-][0][width][.precision](s|d|f)   plus %n and %%
// `%s` of null or undefined prints "null" (as Java does); `%d` takes numbers and bigints;
// `%f` rounds half up to the precision (6 by default). Widths pad, never truncate.

const SPEC = /%(-)?(0)?(\d+)?(?:\.(\d+))?([sdfn%])/g;

/** Half-up rounding of the shortest decimal form to `digits` places, as Java's %f does (toFixed rounds the binary value). */
function fixed(v: number, digits: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  let text = Math.abs(v).toString();
  if (text.includes('e')) text = Math.abs(v).toFixed(20);
  const [int = '0', frac = ''] = text.split('.');
  const padded = frac.padEnd(digits + 1, '0');
  let n = BigInt(int + padded.slice(0, digits));
  if (padded[digits]! >= '5') n += 1n;
  let out = n.toString().padStart(digits + 1, '0');
  if (digits > 0) out = `${out.slice(0, -digits)}.${out.slice(-digits)}`;
  return v < 0 && /[1-9]/.test(out) ? `-${out}` : out;
}

function integer(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v).toString();
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return v;
  throw new TypeError(`%d needs an integer, got ${String(v)}`);
}

/** Java's String.format for the conversions above. */
export function jformat(fmt: string, ...args: unknown[]): string {
  let i = 0;
  return fmt.replace(
    SPEC,
    (_m, left: string | undefined, zero: string | undefined, width: string | undefined, prec: string | undefined, conv: string) => {
      if (conv === 'n') return '\n';
      if (conv === '%') return '%';
      const v = args[i++];
      let s: string;
      if (conv === 's') {
        s = v === null || v === undefined ? 'null' : String(v);
        if (prec !== undefined) s = s.slice(0, Number(prec));
      } else if (conv === 'd') {
        s = integer(v);
      } else {
        s = fixed(Number(v), prec === undefined ? 6 : Number(prec));
      }
      const w = width === undefined ? 0 : Number(width);
      if (s.length >= w) return s;
      if (left) return s.padEnd(w, ' ');
      if (zero && conv !== 's') {
        const sign = s.startsWith('-') ? '-' : '';
        return sign + s.slice(sign.length).padStart(w - sign.length, '0');
      }
      return s.padStart(w, ' ');
    },
  );
}

/** UtilAll.frontStringAtLeast: at most `size` characters of `s` (null stays null). */
export function frontStringAtLeast(s: string | null | undefined, size: number): string | null | undefined {
  return s !== null && s !== undefined && s.length > size ? s.slice(0, size) : s;
}
