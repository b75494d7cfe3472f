// A RocketMQ home in a temp dir with the ACL files a test writes, and requests to check against it.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from './tmp.js';
import { type RemotingCommand, SerializeType } from '../../src/remoting/command.js';
import { type SessionCredentials, signRequest } from '../../src/remoting/acl-signature.js';
import { AclError } from '../../src/acl/acl-error.js';
import { ResponseCode } from '../../src/remoting/response-code.js';

type TestContext = { after(fn: () => void): void };

/** A home with conf/ and the given files (paths relative to the home). */
export function aclHome(t: TestContext, files: Record<string, string> = {}): string {
  const home = tmpDir('mq-acl-', t);
  fs.mkdirSync(path.join(home, 'conf'), { recursive: true });
  for (const [rel, text] of Object.entries(files)) writeAt(home, rel, text);
  return home;
}

export function writeAt(home: string, rel: string, text: string): string {
  const file = path.join(home, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

export function request(code: number, extFields: Record<string, string> | null, body?: Uint8Array | null, version = 409): RemotingCommand {
  return { code, language: 'JAVA', version, opaque: 1, flag: 0, extFields, body: body ?? null, serializeType: SerializeType.JSON };
}

/** A request signed as a Java client's AclClientRPCHook signs it. */
export function signed(
  code: number,
  extFields: Record<string, string>,
  cred: SessionCredentials,
  body?: Uint8Array | null,
): RemotingCommand {
  return signRequest(request(code, { ...extFields }, body), cred);
}

/** An assert.throws check: an AclError answering NO_PERMISSION with exactly this message. */
export function refusal(message: string): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof AclError, `not an AclError: ${String(err)}`);
    assert.equal(err.message, message);
    assert.equal(err.responseCode, ResponseCode.NO_PERMISSION);
    return true;
  };
}
