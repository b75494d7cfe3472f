// Recursive-descent parser of the SQL92 selector (SelectorParser.jj of RocketMQ 4.9), lowest
// precedence first:
//   selector   = or                                   (nothing after it is read: "a = 1 b" is "a = 1")
//   or         = and *( OR and )
//   and        = equality *( AND equality )
//   equality   = comparison *( "=" comparison | "<>" comparison | IS NULL | IS NOT NULL )
//   comparison = unary *( (">" | ">=" | "<" | "<=") unary | [NOT] BETWEEN unary AND unary
//                        | [NOT] IN "(" string *( "," string ) ")" )
//   unary      = "+" unary | "-" unary | NOT unary | primary
//   primary    = literal | ID | "(" or ")"
//   literal    = STRING | DECIMAL | FLOAT | TRUE | FALSE | NULL
// Syntax errors read like JavaCC's: the token found, its line and column, and the tokens the
// choice points passed over at that token would have taken. As in the generated parser, an
// alternative chosen by looking two tokens ahead (IS NULL, NOT BETWEEN, NOT IN) is not listed.
// "+" is taken only if a whole unary expression follows it (JavaCC's syntactic lookahead), checked
// here by parsing ahead without building anything.
// Limits, which Java does not have (deep input overflows its stack): MAX_EXPRESSION_LENGTH chars
// and MAX_EXPRESSION_DEPTH levels of nesting, so hostile input costs bounded stack and time.

import { FilterCompileError, JavaClass } from './errors.js';
import * as X from './expression.js';
import type { Expr } from './expression.js';
import { addEscapes, Lexer, positionOf } from './lexer.js';
import { Tok, type Token, TOKEN_IMAGE, type TokKind } from './tokens.js';

export const MAX_EXPRESSION_LENGTH = 65536;
export const MAX_EXPRESSION_DEPTH = 200;

// The tokens each choice point would have taken (JavaCC's jj_la1 masks).
const OR_LOOP = [Tok.OR];
const AND_LOOP = [Tok.AND];
const EQUALITY_LOOP = [Tok.IS, Tok.EQ, Tok.NE];
const COMPARISON_LOOP = [Tok.NOT, Tok.BETWEEN, Tok.IN, Tok.GT, Tok.GE, Tok.LT, Tok.LE];
const COMPARISON_AFTER_NOT = [Tok.BETWEEN, Tok.GT, Tok.GE, Tok.LT, Tok.LE];
const COMPARISON_IN = [Tok.IN];
const IN_LIST_LOOP = [Tok.COMMA];
const UNARY_START = [Tok.NOT, Tok.TRUE, Tok.FALSE, Tok.NULL, Tok.DECIMAL, Tok.FLOAT, Tok.STRING, Tok.ID, Tok.LPAREN, Tok.MINUS];

/** Thrown while parsing ahead after "+": that path does not parse. */
const LOOKAHEAD_FAILED = Symbol('lookahead failed');
/** What actions return while parsing ahead: nothing is built then. */
const PLACEHOLDER: Expr = X.NULL_CONST;

class Parser {
  private readonly lexer: Lexer;
  private readonly tokens: Token[] = [];
  private index = 0;
  /** Tokens consumed so far: choice points noted at another count are no longer relevant. */
  private gen = 0;
  private expectedGen = -1;
  private expected = new Set<number>();
  private lookingAhead = false;
  private depth = 0;

  constructor(private readonly text: string) {
    this.lexer = new Lexer(text);
  }

  parse(): Expr {
    const e = this.or();
    return this.act(() => X.asBooleanExpr(e));
  }

  private peek(k = 0): Token {
    while (this.tokens.length <= this.index + k) this.tokens.push(this.lexer.next());
    return this.tokens[this.index + k]!;
  }

  private consume(kind: TokKind): Token {
    const t = this.peek();
    if (t.kind !== kind) throw this.syntaxError(kind);
    this.index++;
    this.gen++;
    return t;
  }

  private note(kinds: readonly number[]): void {
    if (this.expectedGen !== this.gen) {
      this.expectedGen = this.gen;
      this.expected = new Set();
    }
    for (const k of kinds) this.expected.add(k);
  }

  /** Runs a semantic action, unless parsing ahead (JavaCC's lookahead runs no actions either). */
  private act(build: () => Expr): Expr {
    const e = this.lookingAhead ? PLACEHOLDER : build();
    if (e.depth > MAX_EXPRESSION_DEPTH) throw tooDeep();
    return e;
  }

  private enter(): void {
    if (++this.depth > MAX_EXPRESSION_DEPTH) throw tooDeep();
  }

  private syntaxError(kind: TokKind | -1): FilterCompileError {
    if (this.lookingAhead) throw LOOKAHEAD_FAILED;
    const expected = this.expectedGen === this.gen ? new Set(this.expected) : new Set<number>();
    if (kind >= 0) expected.add(kind);
    const t = this.peek();
    const { line, column } = positionOf(this.text, t.begin);
    const found = t.kind === Tok.EOF ? TOKEN_IMAGE[0] : ` ${TOKEN_IMAGE[t.kind]} "${addEscapes(t.image)} "`;
    let msg = `Encountered "${found}" at line ${line}, column ${column}.\n`;
    msg += expected.size === 1 ? 'Was expecting:\n    ' : 'Was expecting one of:\n    ';
    for (const k of [...expected].sort((a, b) => a - b)) msg += `${TOKEN_IMAGE[k]} ...\n    `;
    return new FilterCompileError(JavaClass.PARSE, msg);
  }

  private or(): Expr {
    return this.chain(Tok.OR, '||', () => this.and(), OR_LOOP);
  }

  private and(): Expr {
    return this.chain(Tok.AND, '&&', () => this.equality(), AND_LOOP);
  }

  /** operand *( keyword operand ), left-associative. */
  private chain(keyword: TokKind, op: X.LogicOp, operand: () => Expr, loopSet: readonly number[]): Expr {
    let left = operand();
    while (this.peek().kind === keyword) {
      this.consume(keyword);
      const right = operand();
      const l = left;
      left = this.act(() => X.logic(op, l, right));
    }
    this.note(loopSet);
    return left;
  }

  private equality(): Expr {
    let left = this.comparison();
    for (;;) {
      const l = left;
      const kind = this.peek().kind;
      if (kind === Tok.EQ || kind === Tok.NE) {
        this.consume(kind);
        const right = this.comparison();
        left = this.act(() => (kind === Tok.EQ ? X.equal(l, right) : X.notEqual(l, right)));
      } else if (kind === Tok.IS) {
        if (this.peek(1).kind === Tok.NULL) {
          this.consume(Tok.IS);
          this.consume(Tok.NULL);
          left = this.act(() => X.isNull(l));
        } else {
          this.consume(Tok.IS);
          this.consume(Tok.NOT);
          this.consume(Tok.NULL);
          left = this.act(() => X.isNotNull(l));
        }
      } else {
        this.note(EQUALITY_LOOP);
        return left;
      }
    }
  }

  private comparison(): Expr {
    let left = this.unary();
    for (;;) {
      const l = left;
      const kind = this.peek().kind;
      switch (kind) {
        case Tok.GT:
        case Tok.GE:
        case Tok.LT:
        case Tok.LE: {
          this.consume(kind);
          const right = this.unary();
          const op = kind === Tok.GT ? '>' : kind === Tok.GE ? '>=' : kind === Tok.LT ? '<' : '<=';
          left = this.act(() => X.ordered(op, l, right));
          break;
        }
        case Tok.BETWEEN: {
          this.consume(Tok.BETWEEN);
          const [low, high] = this.betweenBounds();
          left = this.act(() => X.between(l, low, high));
          break;
        }
        case Tok.IN: {
          this.consume(Tok.IN);
          const values = this.stringList();
          left = this.act(() => X.inList(l, values, false));
          break;
        }
        case Tok.NOT: {
          this.note(COMPARISON_AFTER_NOT);
          const next = this.peek(1).kind;
          if (next === Tok.BETWEEN) {
            this.consume(Tok.NOT);
            this.consume(Tok.BETWEEN);
            const [low, high] = this.betweenBounds();
            left = this.act(() => X.notBetween(l, low, high));
            break;
          }
          this.note(COMPARISON_IN);
          if (next !== Tok.IN) throw this.syntaxError(-1);
          this.consume(Tok.NOT);
          this.consume(Tok.IN);
          const values = this.stringList();
          left = this.act(() => X.inList(l, values, true));
          break;
        }
        default:
          this.note(COMPARISON_LOOP);
          return left;
      }
    }
  }

  private betweenBounds(): [Expr, Expr] {
    const low = this.unary();
    this.consume(Tok.AND);
    return [low, this.unary()];
  }

  private stringList(): string[] {
    this.consume(Tok.LPAREN);
    const values = [this.string()];
    while (this.peek().kind === Tok.COMMA) {
      this.consume(Tok.COMMA);
      values.push(this.string());
    }
    this.note(IN_LIST_LOOP);
    this.consume(Tok.RPAREN);
    return values;
  }

  private string(): string {
    const image = this.consume(Tok.STRING).image;
    return image.slice(1, -1).replaceAll("''", "'");
  }

  private unary(): Expr {
    this.enter();
    try {
      const kind = this.peek().kind;
      if (kind === Tok.PLUS && (this.lookingAhead || this.unaryFollowsPlus())) {
        this.consume(Tok.PLUS);
        return this.unary();
      }
      if (kind === Tok.MINUS) {
        this.consume(Tok.MINUS);
        const operand = this.unary();
        return this.act(() => X.negate(operand));
      }
      if (kind === Tok.NOT) {
        this.consume(Tok.NOT);
        const operand = this.unary();
        return this.act(() => X.not(operand));
      }
      if (kind !== Tok.PLUS && UNARY_START.includes(kind as (typeof UNARY_START)[number])) return this.primary();
      this.note(UNARY_START);
      throw this.syntaxError(-1);
    } finally {
      this.depth--;
    }
  }

  /** Whether "+" starts a unary expression: parse one ahead, build nothing, then rewind. */
  private unaryFollowsPlus(): boolean {
    const { index, gen, expectedGen, expected, depth } = this;
    this.lookingAhead = true;
    try {
      this.consume(Tok.PLUS);
      this.unary();
      return true;
    } catch (err) {
      if (err === LOOKAHEAD_FAILED) return false;
      throw err;
    } finally {
      this.lookingAhead = false;
      Object.assign(this, { index, gen, expectedGen, expected, depth });
    }
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case Tok.STRING:
        return X.constant(this.string());
      case Tok.DECIMAL:
        this.consume(Tok.DECIMAL);
        return this.act(() => X.decimalLiteral(t.image));
      case Tok.FLOAT:
        this.consume(Tok.FLOAT);
        return this.act(() => X.floatLiteral(t.image));
      case Tok.TRUE:
        this.consume(Tok.TRUE);
        return X.TRUE_CONST;
      case Tok.FALSE:
        this.consume(Tok.FALSE);
        return X.FALSE_CONST;
      case Tok.NULL:
        this.consume(Tok.NULL);
        return X.NULL_CONST;
      case Tok.ID:
        this.consume(Tok.ID);
        return X.property(t.image);
      default: {
        // Nesting is counted by unary(), which every parenthesis level passes through.
        this.consume(Tok.LPAREN);
        const e = this.or();
        this.consume(Tok.RPAREN);
        return e;
      }
    }
  }
}

function tooDeep(): FilterCompileError {
  return new FilterCompileError(JavaClass.STACK_OVERFLOW, `Expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels`);
}

/** Parses a selector into its tree; throws FilterCompileError with Java's message. */
export function parseSelector(text: string): Expr {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new FilterCompileError(JavaClass.RUNTIME, `Expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  return new Parser(text).parse();
}
