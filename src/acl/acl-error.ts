// The error of every ACL refusal and of every ACL configuration that cannot be used (Java's
// AclException). It is a ServerResponseError, so a broker that lets it escape its request hook
// answers NO_PERMISSION with the message as the remark; management requests catch it and answer
// their own failure codes (209, 210, 211) with the same remark.

import { ServerResponseError } from '../remoting/errors.js';
import { ResponseCode } from '../remoting/response-code.js';

export class AclError extends ServerResponseError {
  /** AclException's status, where Java gives one ("CAL_SIGNATURE_FAILED"). */
  readonly status: string | undefined;
  /** AclException's own code, where Java gives one (10015); not a response code. */
  readonly code: number | undefined;
  constructor(message: string, opts: { status?: string; code?: number; responseCode?: number } = {}) {
    super(opts.responseCode ?? ResponseCode.NO_PERMISSION, message);
    this.status = opts.status;
    this.code = opts.code;
  }
}

/** What Java prints for a value String.format turns into text (null -> "null"). */
export function javaText(v: unknown): string {
  return v === undefined || v === null ? 'null' : String(v);
}
