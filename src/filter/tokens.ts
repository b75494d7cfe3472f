// The SQL92 selector's tokens (RocketMQ 4.9's SelectorParser.jj), numbered as its generated
// SelectorParserConstants numbers them, because parse errors name tokens by those images.
//   keywords (any case): NOT AND OR BETWEEN IN TRUE FALSE NULL IS
//   DECIMAL_LITERAL = "0" | [1-9][0-9]* [lL]?
//   FLOATING_POINT_LITERAL = [0-9]+ "." [0-9]* EXP? | "." [0-9]+ EXP? | [0-9]+ EXP ; EXP = [eE] [+-]? [0-9]+
//   STRING_LITERAL = "'" ( "''" | any char but "'" )* "'"
//   ID = [a-zA-Z_$] [a-zA-Z0-9_$]*
//   operators: = <> > >= < <= ( , ) + -
//   skipped: " " \t \n \r \f, "--" comment ended by a line break, "/* */" comment
// There are no hexadecimal or octal literals and no CONTAINS/STARTSWITH/ENDSWITH in 4.9.

export const Tok = {
  EOF: 0,
  NOT: 8,
  AND: 9,
  OR: 10,
  BETWEEN: 11,
  IN: 12,
  TRUE: 13,
  FALSE: 14,
  NULL: 15,
  IS: 16,
  DECIMAL: 17,
  FLOAT: 18,
  STRING: 20,
  ID: 21,
  EQ: 22,
  NE: 23,
  GT: 24,
  GE: 25,
  LT: 26,
  LE: 27,
  LPAREN: 28,
  COMMA: 29,
  RPAREN: 30,
  PLUS: 31,
  MINUS: 32,
} as const;
export type TokKind = (typeof Tok)[keyof typeof Tok];

/** How parse errors print each kind (SelectorParserConstants.tokenImage). */
export const TOKEN_IMAGE: readonly string[] = [
  '<EOF>',
  '" "',
  '"\\t"',
  '"\\n"',
  '"\\r"',
  '"\\f"',
  '<LINE_COMMENT>',
  '<BLOCK_COMMENT>',
  '"NOT"',
  '"AND"',
  '"OR"',
  '"BETWEEN"',
  '"IN"',
  '"TRUE"',
  '"FALSE"',
  '"NULL"',
  '"IS"',
  '<DECIMAL_LITERAL>',
  '<FLOATING_POINT_LITERAL>',
  '<EXPONENT>',
  '<STRING_LITERAL>',
  '<ID>',
  '"="',
  '"<>"',
  '">"',
  '">="',
  '"<"',
  '"<="',
  '"("',
  '","',
  '")"',
  '"+"',
  '"-"',
];

export const KEYWORDS: ReadonlyMap<string, TokKind> = new Map<string, TokKind>([
  ['NOT', Tok.NOT],
  ['AND', Tok.AND],
  ['OR', Tok.OR],
  ['BETWEEN', Tok.BETWEEN],
  ['IN', Tok.IN],
  ['TRUE', Tok.TRUE],
  ['FALSE', Tok.FALSE],
  ['NULL', Tok.NULL],
  ['IS', Tok.IS],
]);

export interface Token {
  kind: TokKind;
  /** The text as written (keywords keep their case). */
  image: string;
  /** Index of the first char; for EOF the last char of the input (-1 when it is empty). */
  begin: number;
}
