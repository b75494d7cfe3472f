// Java's Double.toString spelling of a double, which Java-written texts carry (fastjson bodies, the
// store's TPS figures in GET_BROKER_RUNTIME_INFO): always a fraction or an exponent ("100.0",
// "1.0E7", "1.0E-4"), with the shortest digits that read back to the same number.

/** Double.toString spelling of a number; "null" for a non-finite one (as fastjson writes it). */
export function javaDoubleText(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const t = String(n);
    return t.includes('.') ? t : t + '.0';
  }
  const [mant, exp] = n.toExponential().split('e') as [string, string];
  return (mant.includes('.') ? mant : mant + '.0') + 'E' + (exp[0] === '+' ? exp.slice(1) : exp);
}
