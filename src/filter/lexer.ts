// Tokenizer of the SQL92 selector (grammar in tokens.ts). Tokens are read on demand, one at a
// time, as JavaCC's token manager reads them: text after the point where the parser stops is never
// looked at, so a lexical error there is no error (Java accepts "a = 1 b" as "a = 1").
// The longest match wins; a keyword and an identifier of the same length make a keyword.
// Lexical errors and parse errors report JavaCC's line and column: tabs advance to the next
// multiple of 8, and "\r\n" is one line break.

import { FilterCompileError, JavaClass } from './errors.js';
import { KEYWORDS, Tok, type Token, type TokKind } from './tokens.js';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
const isIdPart = (c: number): boolean => isIdStart(c) || isDigit(c);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;

/** JavaCC's line and column of the char at `index` (1-based; (0, 0) before the first char). */
export function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let column = 0;
  let prevLF = false;
  let prevCR = false;
  if (index < 0) return { line: 0, column: 0 };
  for (let i = 0; i <= index && i < text.length; i++) {
    const c = text.charCodeAt(i);
    column++;
    if (prevLF) {
      prevLF = false;
      line++;
      column = 1;
    } else if (prevCR) {
      prevCR = false;
      if (c === 10) prevLF = true;
      else {
        line++;
        column = 1;
      }
    }
    if (c === 13) prevCR = true;
    else if (c === 10) prevLF = true;
    else if (c === 9) {
      column--;
      column += 8 - (column % 8);
    }
  }
  return { line, column };
}

/** JavaCC's escaping of token text in error messages. */
export function addEscapes(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0:
        continue;
      case 8:
        out += '\\b';
        continue;
      case 9:
        out += '\\t';
        continue;
      case 10:
        out += '\\n';
        continue;
      case 12:
        out += '\\f';
        continue;
      case 13:
        out += '\\r';
        continue;
      case 34:
        out += '\\"';
        continue;
      case 39:
        out += "\\'";
        continue;
      case 92:
        out += '\\\\';
        continue;
      default:
        out += c < 0x20 || c > 0x7e ? '\\u' + c.toString(16).padStart(4, '0') : s[i];
    }
  }
  return out;
}

export class Lexer {
  private pos = 0;

  constructor(readonly text: string) {}

  next(): Token {
    const s = this.text;
    for (;;) {
      while (this.pos < s.length && isSpace(s.charCodeAt(this.pos))) this.pos++;
      if (this.pos >= s.length) return { kind: Tok.EOF, image: '', begin: s.length - 1 };
      if (!this.skipComment()) break;
    }
    const p = this.pos;
    const c = s.charCodeAt(p);
    let kind: TokKind;
    let end = p + 1;
    if (isIdStart(c)) {
      while (end < s.length && isIdPart(s.charCodeAt(end))) end++;
      kind = KEYWORDS.get(s.substring(p, end).toUpperCase()) ?? Tok.ID;
    } else if (isDigit(c) || c === 46) {
      [kind, end] = this.number(p);
    } else if (c === 39) {
      end = p + 1;
      for (;;) {
        if (end >= s.length) this.fail(p, s.length - 1);
        if (s.charCodeAt(end) === 39) {
          if (s.charCodeAt(end + 1) !== 39) break;
          end++;
        }
        end++;
      }
      end++;
      kind = Tok.STRING;
    } else {
      const d = s.charCodeAt(p + 1);
      switch (c) {
        case 61:
          kind = Tok.EQ;
          break;
        case 60:
          if (d === 62) kind = Tok.NE, end++;
          else if (d === 61) kind = Tok.LE, end++;
          else kind = Tok.LT;
          break;
        case 62:
          if (d === 61) kind = Tok.GE, end++;
          else kind = Tok.GT;
          break;
        case 40:
          kind = Tok.LPAREN;
          break;
        case 44:
          kind = Tok.COMMA;
          break;
        case 41:
          kind = Tok.RPAREN;
          break;
        case 43:
          kind = Tok.PLUS;
          break;
        case 45:
          kind = Tok.MINUS;
          break;
        // "/" only starts a block comment; skipComment took the complete ones.
        case 47:
          return this.fail(p, d === 42 || p + 1 >= s.length ? s.length - 1 : p + 1);
        default:
          return this.fail(p, p);
      }
    }
    this.pos = end;
    return { kind, image: s.substring(p, end), begin: p };
  }

  /** Skips a comment at the current position; false when there is none. */
  private skipComment(): boolean {
    const s = this.text;
    const p = this.pos;
    if (s.startsWith('--', p)) {
      // Only a comment ended by a line break; otherwise "-" is the longest match.
      let i = p + 2;
      while (i < s.length && s[i] !== '\n' && s[i] !== '\r') i++;
      if (i >= s.length) return false;
      this.pos = s.startsWith('\r\n', i) ? i + 2 : i + 1;
      return true;
    }
    if (s.startsWith('/*', p)) {
      const close = s.indexOf('*/', p + 2);
      if (close < 0) this.fail(p, s.length - 1);
      this.pos = close + 2;
      return true;
    }
    return false;
  }

  /** The longest DECIMAL_LITERAL or FLOATING_POINT_LITERAL at `p`: [kind, end]. */
  private number(p: number): [TokKind, number] {
    const s = this.text;
    const digitsFrom = (i: number): number => {
      while (i < s.length && isDigit(s.charCodeAt(i))) i++;
      return i;
    };
    const exponentEnd = (i: number): number => {
      const e = s.charCodeAt(i);
      if (e !== 101 && e !== 69) return i;
      let j = i + 1;
      const sign = s.charCodeAt(j);
      if (sign === 43 || sign === 45) j++;
      return isDigit(s.charCodeAt(j)) ? digitsFrom(j) : i;
    };
    const intEnd = digitsFrom(p);
    if (intEnd === p) {
      // "." needs a digit after it; a lone "." is a lexical error.
      if (!isDigit(s.charCodeAt(p + 1))) return this.fail(p, p + 1 < s.length ? p + 1 : p);
      return [Tok.FLOAT, exponentEnd(digitsFrom(p + 1))];
    }
    if (s.charCodeAt(intEnd) === 46) return [Tok.FLOAT, exponentEnd(digitsFrom(intEnd + 1))];
    const expEnd = exponentEnd(intEnd);
    if (expEnd > intEnd) return [Tok.FLOAT, expEnd];
    if (s.charCodeAt(p) === 48) return [Tok.DECIMAL, p + 1];
    const l = s.charCodeAt(intEnd);
    return [Tok.DECIMAL, l === 108 || l === 76 ? intEnd + 1 : intEnd];
  }

  /**
   * A lexical error as JavaCC's token manager reports it: the token began at `p` and the last char
   * read was `q` (the first that fits no token, or the last of the input when the text ran out).
   * When nothing follows `q`, Java reports <EOF> just past it.
   */
  private fail(p: number, q: number): never {
    const s = this.text;
    const read = q - p + 1;
    let { line, column } = positionOf(s, q);
    let msg: string;
    if (q + 1 < s.length) {
      const ch = s[q]!;
      const after = read <= 1 ? '' : s.substring(p, q);
      msg = `Lexical error at line ${line}, column ${column}.  Encountered: "${addEscapes(ch)}" (${ch.charCodeAt(0)}), after : "${
        addEscapes(after)
      }"`;
    } else {
      const last = s.charCodeAt(q);
      if (last === 10 || last === 13) {
        line++;
        column = 0;
      } else column++;
      const after = read <= 1 ? '' : s.substring(p, q + 1);
      msg = `Lexical error at line ${line}, column ${column}.  Encountered: <EOF> after : "${addEscapes(after)}"`;
    }
    throw new FilterCompileError(JavaClass.LEXICAL, msg);
  }
}
