// Errors of the SQL92 filter. A compile error carries `remark`: what Java's broker answers for the
// same expression (MQFilterException.getMessage(), i.e. "<Java exception class>: <message>"), so a
// broker built on this library answers CHECK_CLIENT_CONFIG with Java's words. The response code
// (SUBSCRIPTION_PARSE_FAILED) is the broker's to add: this library sits below remoting.

import { MQError } from '../common/errors.js';

export const JavaClass = {
  PARSE: 'org.apache.rocketmq.filter.parser.ParseException',
  LEXICAL: 'org.apache.rocketmq.filter.parser.TokenMgrError',
  RUNTIME: 'java.lang.RuntimeException',
  NUMBER_FORMAT: 'java.lang.NumberFormatException',
  CLASS_CAST: 'java.lang.ClassCastException',
  STACK_OVERFLOW: 'java.lang.StackOverflowError',
} as const;
export type JavaClass = (typeof JavaClass)[keyof typeof JavaClass];

/** An expression that does not compile: a lexical, syntax or semantic error, or over a limit. */
export class FilterCompileError extends MQError {
  /** The Java exception this corresponds to. */
  readonly javaClass: JavaClass;
  constructor(javaClass: JavaClass, message: string) {
    super(message);
    this.javaClass = javaClass;
  }
  /** The remark Java's broker answers: the Java exception's toString(). */
  get remark(): string {
    return `${this.javaClass}: ${this.message}`;
  }
}

/**
 * Evaluating a compiled expression failed where Java's evaluator throws (a property that is not a
 * number compared with a number, a constant TRUE compared with a string property); a broker treats
 * the message as not matching.
 */
export class FilterEvaluationError extends MQError {
  readonly javaClass: JavaClass;
  constructor(javaClass: JavaClass, message: string) {
    super(message);
    this.javaClass = javaClass;
  }
}

/** Java's NumberFormatException text for a string that does not parse. */
export function numberFormatMessage(s: string): string {
  return `For input string: "${s}"`;
}
