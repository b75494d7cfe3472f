// Property sources for evaluation. The broker evaluates every stored message of a pulled range,
// so RawPropertiesContext reads values straight from the message's properties string
// ("name\u0001value\u0002...", Java's rules in common/message/properties.ts) instead of decoding it
// into a map: only the names the expression uses are looked up, each at most once per message.

import { indexOfPropertyValue, propertyValueEnd } from '../common/message/properties.js';
import type { EvaluationContext } from './evaluator.js';
import type { JValue } from './java-values.js';

/** Properties in a Map or a plain object (Java's MessageEvaluationContext over a map). */
export class MapContext implements EvaluationContext {
  constructor(private readonly props: ReadonlyMap<string, string> | Readonly<Record<string, string>> | null | undefined) {}
  get(name: string): JValue | undefined {
    const p = this.props;
    if (!p) return undefined;
    return p instanceof Map ? p.get(name) : Object.hasOwn(p, name) ? (p as Record<string, string>)[name] : undefined;
  }
}

const SLOTS = 8;

/**
 * A reusable context over one message's raw properties string at a time: `reset(s)` for each
 * message. Lookups are remembered per message for the first few names (BETWEEN reads its
 * property twice).
 */
export class RawPropertiesContext implements EvaluationContext {
  private text = '';
  private readonly names: string[] = [];
  private readonly values: Array<string | null> = [];

  reset(properties: string): this {
    this.text = properties;
    this.names.length = 0;
    this.values.length = 0;
    return this;
  }

  get(name: string): string | null {
    const names = this.names;
    for (let i = 0; i < names.length; i++) if (names[i] === name) return this.values[i]!;
    const s = this.text;
    const start = s.length === 0 ? -1 : indexOfPropertyValue(s, name);
    const value = start < 0 ? null : s.substring(start, propertyValueEnd(s, start));
    if (names.length < SLOTS) {
      names.push(name);
      this.values.push(value);
    }
    return value;
  }
}
