// The message properties string: properties = [ entry *( %x02 entry ) ], entry = name %x01 value.
// Java reads it entry by entry: an entry needs a non-empty name and a non-empty value, anything
// else is skipped, and a repeated name keeps its last value (batch messages carry WAIT twice).
// The lookups here follow the same rules on the raw string, so the store's hot path can find
// TAGS, KEYS or UNIQ_KEY without building a map.

import { NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR } from './message-const.js';

export { NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR };

const SEP = 2; // PROPERTY_SEPARATOR
const NV = 1; // NAME_VALUE_SEPARATOR

/**
 * Calls `visit(nameStart, separator, end)` for each entry Java would read: s[nameStart, separator)
 * is the name, s[separator + 1, end) the value, both non-empty.
 */
function walkEntries(s: string, visit: (nameStart: number, sep: number, end: number) => void): void {
  const len = s.length;
  let index = 0;
  while (index < len) {
    let end = s.indexOf(PROPERTY_SEPARATOR, index);
    if (end < 0) end = len;
    if (end - index >= 3) {
      const kv = s.indexOf(NAME_VALUE_SEPARATOR, index);
      if (kv > index && kv < end - 1) visit(index, kv, end);
    }
    index = end + 1;
  }
}

export function decodeProperties(s: string | null | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (s) walkEntries(s, (i, kv, end) => map.set(s.substring(i, kv), s.substring(kv + 1, end)));
  return map;
}

/** Encodes properties in iteration order; entries whose value is null or undefined are left out. */
export function encodeProperties(
  props: ReadonlyMap<string, string | null | undefined> | Record<string, string | null | undefined>,
): string {
  const entries = props instanceof Map ? props.entries() : Object.entries(props);
  let out = '';
  for (const [k, v] of entries) {
    if (v === null || v === undefined) continue;
    if (out.length > 0) out += PROPERTY_SEPARATOR;
    out += k + NAME_VALUE_SEPARATOR + v;
  }
  return out;
}

/**
 * Start index of the value Java would read for `name` (its last valid occurrence), or -1.
 * The value ends at `propertyValueEnd(s, start)`.
 */
export function indexOfPropertyValue(s: string, name: string): number {
  const nlen = name.length;
  if (nlen === 0) return -1;
  let from = s.length;
  while (from >= 0) {
    const at = s.lastIndexOf(name, from);
    if (at < 0) return -1;
    const vstart = at + nlen + 1;
    if ((at === 0 || s.charCodeAt(at - 1) === SEP) && s.charCodeAt(at + nlen) === NV && vstart < s.length && s.charCodeAt(vstart) !== SEP) {
      return vstart;
    }
    from = at - 1;
  }
  return -1;
}

export function propertyValueEnd(s: string, valueStart: number): number {
  const end = s.indexOf(PROPERTY_SEPARATOR, valueStart);
  return end < 0 ? s.length : end;
}

/** The value Java would read for `name`, without decoding the rest. */
export function getProperty(s: string | null | undefined, name: string): string | undefined {
  if (!s) return undefined;
  const start = indexOfPropertyValue(s, name);
  return start < 0 ? undefined : s.substring(start, propertyValueEnd(s, start));
}

/** `s` without any entry named `name`. */
export function removeProperty(s: string, name: string): string {
  if (indexOfPropertyValue(s, name) < 0) return s;
  const kept: string[] = [];
  for (const entry of s.split(PROPERTY_SEPARATOR)) {
    const kv = entry.indexOf(NAME_VALUE_SEPARATOR);
    if (kv >= 0 && entry.substring(0, kv) === name) continue;
    if (entry.length > 0) kept.push(entry);
  }
  return kept.join(PROPERTY_SEPARATOR);
}

/** `s` with `name` set to `value` (replacing earlier entries of that name), appended at the end. */
export function putProperty(s: string, name: string, value: string): string {
  const rest = removeProperty(s, name);
  return rest.length === 0 ? name + NAME_VALUE_SEPARATOR + value : rest + PROPERTY_SEPARATOR + name + NAME_VALUE_SEPARATOR + value;
}

/**
 * Where the values the store reads (TAGS, KEYS, UNIQ_KEY, DELAY, WAIT) sit in a properties string,
 * found in one pass with Java's rules; a start of -1 means absent. Reused across messages.
 */
export class PropertyScan {
  tagsStart = -1;
  tagsEnd = -1;
  keysStart = -1;
  keysEnd = -1;
  uniqStart = -1;
  uniqEnd = -1;
  delayStart = -1;
  delayEnd = -1;
  waitStart = -1;
  waitEnd = -1;

  scan(s: string): this {
    this.tagsStart =
      this.keysStart =
      this.uniqStart =
      this.delayStart =
      this.waitStart =
        -1;
    this.text = s;
    walkEntries(s, this.visit);
    return this;
  }

  private text = '';

  private readonly visit = (index: number, kv: number, end: number): void => {
    const s = this.text;
    const n = kv - index;
    if (n === 4) {
      if (s.startsWith('TAGS', index)) {
        this.tagsStart = kv + 1;
        this.tagsEnd = end;
      } else if (s.startsWith('KEYS', index)) {
        this.keysStart = kv + 1;
        this.keysEnd = end;
      } else if (s.startsWith('WAIT', index)) {
        this.waitStart = kv + 1;
        this.waitEnd = end;
      }
    } else if (n === 8) {
      if (s.startsWith('UNIQ_KEY', index)) {
        this.uniqStart = kv + 1;
        this.uniqEnd = end;
      }
    } else if (n === 5) {
      if (s.startsWith('DELAY', index)) {
        this.delayStart = kv + 1;
        this.delayEnd = end;
      }
    }
  };
}
