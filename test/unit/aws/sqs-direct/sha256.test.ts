import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hexDigest, Sha256 } from '../../../../src/aws/sqs-direct/sha256.js';

describe("the signer's Sha256", () => {
  it('gives the digests of node:crypto for strings, bytes, several updates and a secret', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array()), { minLength: 1, maxLength: 3 }),
        fc.option(fc.oneof(fc.string(), fc.uint8Array())),
        async (parts, secret) => {
          const h = secret === null ? new Sha256() : new Sha256(secret);
          const expected =
            secret === null ? createHash('sha256') : createHmac('sha256', typeof secret === 'string' ? secret : Buffer.from(secret));
          for (const p of parts) {
            h.update(p);
            expected.update(typeof p === 'string' ? p : Buffer.from(p));
          }
          assert.deepEqual(Buffer.from(await h.digest()), expected.digest());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hexDigest gives the hex MD5 and SHA-256 of a string as a Hash object does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        for (const algorithm of ['md5', 'sha256'] as const)
          assert.equal(hexDigest(algorithm, text), createHash(algorithm).update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});
