// Every frame captured from Java RocketMQ 4.9.8 decodes to what its manifest says, and its header
// re-encodes to the same bytes. Also the mqadmin ACL signatures found in them.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { decodeFrame, encodeFrameToBuffer } from '../../../src/remoting/frame.js';
import { type RemotingCommand, SerializeType } from '../../../src/remoting/command.js';
import { parseFastjson } from '../../../src/remoting/fastjson.js';
import { aclSignature, DEFAULT_TOOLS_CREDENTIALS, signRequest, verifyRequestSignature } from '../../../src/remoting/acl-signature.js';
import { goldenRemotingDir, readJson } from '../../harness/fixtures.js';

interface ManifestEntry {
  file: string;
  code: number;
  direction: 'request' | 'response';
  serializeType: 'JSON' | 'ROCKETMQ';
  opaque: number;
  headerJsonOrDecoded: {
    code: number;
    flag: number;
    language: string;
    version: number;
    opaque: number;
    remark?: string;
    extFields?: Record<string, string> | null;
  };
  flagDecoded: { isResponse: boolean; isOneway: boolean };
  frameLength: number;
  headerLength: number;
  bodyLength: number;
  bodyIsJson: boolean;
  bodyIsStrictJson: boolean;
  responseCode?: number;
}

const manifest = readJson<ManifestEntry[]>(path.join(goldenRemotingDir, 'manifest.json'));

/**
 * The one frame Java wrote with repeated keys: SendMessageRequestHeaderV2 is a FastCodesHeader, so
 * the 4.9.8 ROCKETMQ encoder writes its fields a..n straight from the header object and then every
 * extFields entry. The ACL hook had already copied the header into extFields (to sign it), so a..n
 * appear twice. Readers keep the last value, which is the same; we never write such frames.
 */
const DUPLICATED_V2_KEYS = 'extra/310-SEND_MESSAGE_V2-request-rocketmq-mqadmin-acl-signed-with-keys.bin';
const V2_KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n'];

function load(file: string): { raw: Buffer; cmd: RemotingCommand } {
  const raw = fs.readFileSync(path.join(goldenRemotingDir, file));
  return { raw, cmd: decodeFrame(raw) };
}

function headerBytes(frame: Buffer): Buffer {
  return frame.subarray(8, 8 + (frame.readInt32BE(4) & 0xffffff));
}

/** The extFields entries as the ROCKETMQ encoder writes them (after the 21 fixed bytes of a header without remark). */
function rocketmqExtBlock(ext: Record<string, string>): Buffer {
  const cmd: RemotingCommand = {
    code: 0,
    language: 'JAVA',
    version: 0,
    opaque: 0,
    flag: 0,
    extFields: ext,
    serializeType: SerializeType.ROCKETMQ,
  };
  return headerBytes(encodeFrameToBuffer(cmd)).subarray(21);
}

describe('golden frames from RocketMQ 4.9.8', () => {
  test('the manifest lists 132 frames and they all exist', () => {
    assert.equal(manifest.length, 132);
    for (const e of manifest) assert.ok(fs.existsSync(path.join(goldenRemotingDir, e.file)), e.file);
  });

  for (const e of manifest) {
    test(e.file, () => {
      const { raw, cmd } = load(e.file);
      const h = e.headerJsonOrDecoded;
      assert.equal(raw.length, e.frameLength);
      assert.equal(raw.readInt32BE(4) & 0xffffff, e.headerLength);
      assert.equal(cmd.serializeType, e.serializeType === 'JSON' ? SerializeType.JSON : SerializeType.ROCKETMQ);
      assert.equal(cmd.code, h.code);
      assert.equal(cmd.flag, h.flag);
      assert.equal(cmd.opaque, e.opaque);
      assert.equal(cmd.language, h.language);
      assert.equal(cmd.version, h.version);
      assert.equal(cmd.remark ?? undefined, h.remark);
      // The binary format cannot tell an empty map from none.
      const expectedExt = h.extFields ?? null;
      assert.deepEqual(cmd.extFields ?? (e.serializeType === 'ROCKETMQ' && expectedExt ? {} : null), expectedExt);
      assert.equal((cmd.flag & 1) === 1, e.flagDecoded.isResponse);
      assert.equal((cmd.flag & 2) === 2, e.flagDecoded.isOneway);
      if (e.direction === 'response') assert.equal(cmd.code, e.responseCode);
      else assert.equal(cmd.code, e.code);

      const body = cmd.body ? Buffer.from(cmd.body) : Buffer.alloc(0);
      assert.equal(body.length, e.bodyLength);
      if (e.bodyIsJson) {
        const v = parseFastjson(body);
        assert.equal(typeof v, 'object');
        if (e.bodyIsStrictJson) JSON.parse(body.toString('utf8'));
        else assert.throws(() => JSON.parse(body.toString('utf8')), SyntaxError, 'fastjson-only body');
      }

      const again = encodeFrameToBuffer(cmd);
      if (e.file === DUPLICATED_V2_KEYS) return; // checked on its own below
      assert.equal(headerBytes(again).toString('hex'), headerBytes(raw).toString('hex'), 'header re-encodes byte for byte');
      assert.equal(Buffer.compare(again, raw), 0, 'whole frame re-encodes byte for byte');
    });
  }

  test('the ROCKETMQ frame with repeated a..n keys is the V2 fast-coded block followed by all extFields', () => {
    const { raw, cmd } = load(DUPLICATED_V2_KEYS);
    const ext = cmd.extFields!;
    const fast: Record<string, string> = {};
    for (const k of V2_KEYS) if (ext[k] !== undefined) fast[k] = ext[k]!;
    const expectedBlock = Buffer.concat([rocketmqExtBlock(fast), rocketmqExtBlock(ext)]);
    const header = headerBytes(raw);
    assert.equal(header.readInt32BE(17), expectedBlock.length);
    assert.equal(header.subarray(21).toString('hex'), expectedBlock.toString('hex'));
    // What we write for the same command is the map once, which Java reads to the same header.
    const ours = headerBytes(encodeFrameToBuffer(cmd));
    assert.equal(ours.subarray(21).toString('hex'), rocketmqExtBlock(ext).toString('hex'));
    assert.deepEqual(decodeFrame(encodeFrameToBuffer(cmd)).extFields, ext);
  });
});

describe('mqadmin ACL signatures', () => {
  const signed = manifest.filter((e) => e.headerJsonOrDecoded.extFields?.Signature !== undefined);

  test('36 signed frames, all valid for secretKey 12345678', () => {
    assert.equal(signed.length, 36);
    for (const e of signed) {
      const { cmd } = load(e.file);
      assert.equal(cmd.extFields!.AccessKey, 'rocketmq2', e.file);
      assert.equal(aclSignature(cmd.extFields, cmd.body, '12345678'), cmd.extFields!.Signature, e.file);
      assert.equal(verifyRequestSignature(cmd, '12345678'), true);
      assert.equal(verifyRequestSignature(cmd, 'wrong'), false);
    }
  });

  test('signRequest reproduces the captured signature from the unsigned request', () => {
    for (const e of signed) {
      const { cmd } = load(e.file);
      const expected = cmd.extFields!.Signature;
      const ext = { ...cmd.extFields! };
      delete ext.Signature;
      delete ext.AccessKey;
      const fresh: RemotingCommand = { ...cmd, extFields: ext };
      signRequest(fresh, DEFAULT_TOOLS_CREDENTIALS);
      assert.equal(fresh.extFields!.Signature, expected, e.file);
    }
  });

  test('a body is part of the signature; a header-only request signs its values alone', () => {
    const sig = aclSignature({ AccessKey: 'rocketmq2' }, null, '12345678');
    assert.equal(sig, 'Ou1T58RIcyZWaTIwzkhJZWn/Zvs=');
    assert.notEqual(aclSignature({ AccessKey: 'rocketmq2' }, Buffer.from('x'), '12345678'), sig);
    const withToken = signRequest({ code: 26, language: 'JAVA', version: 409, opaque: 1, flag: 0, serializeType: SerializeType.JSON }, {
      accessKey: 'ak',
      secretKey: 'sk',
      securityToken: 'tok',
    });
    assert.equal(withToken.extFields!.SecurityToken, 'tok');
    assert.equal(verifyRequestSignature(withToken, 'sk'), true);
  });
});
