// Request signing of the ACL plugin (AclClientRPCHook), which mqadmin applies to every request
// even when the broker has ACL turned off:
//   content   = values of all extFields except Signature, in key order (Java String order),
//               concatenated, UTF-8, followed by the body bytes
//   Signature = Base64(HmacSHA1(secretKey as UTF-8, content))
// The hook first adds AccessKey (and SecurityToken when it has one), so they are signed too.

import { createHmac } from 'node:crypto';
import type { RemotingCommand } from './command.js';

export const ACL_ACCESS_KEY = 'AccessKey';
export const ACL_SECRET_KEY = 'SecretKey';
export const ACL_SIGNATURE = 'Signature';
export const ACL_SECURITY_TOKEN = 'SecurityToken';

export interface SessionCredentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
}

/**
 * The credentials of the distribution's conf/tools.yml, which mqadmin 4.9.8 signs with by default.
 * A broker with ACL off ignores them; one with ACL on rejects them unless configured to accept them.
 */
export const DEFAULT_TOOLS_CREDENTIALS: Readonly<SessionCredentials> = Object.freeze({ accessKey: 'rocketmq2', secretKey: '12345678' });

/** Java compares Strings by UTF-16 code unit, as does this (unlike localeCompare). */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The signature of a request's extFields and body. */
export function aclSignature(
  extFields: Record<string, string> | null | undefined,
  body: Uint8Array | null | undefined,
  secretKey: string,
): string {
  const hmac = createHmac('sha1', Buffer.from(secretKey, 'utf8'));
  if (extFields) {
    const keys = Object.keys(extFields).filter((k) => k !== ACL_SIGNATURE && extFields[k] != null).sort(byCodeUnit);
    let content = '';
    for (const k of keys) content += extFields[k];
    hmac.update(content, 'utf8');
  }
  if (body && body.byteLength > 0) hmac.update(body);
  return hmac.digest('base64');
}

/** Adds AccessKey (and SecurityToken) and the Signature over them and the rest of the request. */
export function signRequest(cmd: RemotingCommand, cred: SessionCredentials): RemotingCommand {
  const ext = cmd.extFields ?? (cmd.extFields = {});
  ext[ACL_ACCESS_KEY] = cred.accessKey;
  if (cred.securityToken !== undefined) ext[ACL_SECURITY_TOKEN] = cred.securityToken;
  ext[ACL_SIGNATURE] = aclSignature(ext, cmd.body, cred.secretKey);
  return cmd;
}

/** Whether a request carries a valid signature for `secretKey` (what an ACL-enabled broker checks). */
export function verifyRequestSignature(cmd: RemotingCommand, secretKey: string): boolean {
  const given = cmd.extFields?.[ACL_SIGNATURE];
  return given !== undefined && given === aclSignature(cmd.extFields, cmd.body, secretKey);
}
