import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { SQSClient } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { md5Hex, plainPath, sha256Hex, SigV4, type Credentials } from '../../src/aws/sigv4.js';

// The oracle: the SDK's own SignatureV4, as the SQS client builds it.
const client = new SQSClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
after(() => client.destroy());

interface Case {
  name: string;
  credentials: Credentials;
  date: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

const base = {
  host: 'sqs.eu-west-1.amazonaws.com',
  'content-type': 'application/x-amz-json-1.0',
  'x-amz-target': 'AmazonSQS.ReceiveMessage',
  'x-amzn-query-mode': 'true',
  'user-agent': 'aws-sdk-js/3 md/streamalert-sqs-json',
  'x-amz-user-agent': 'aws-sdk-js/3',
  'amz-sdk-invocation-id': '2e1b8a0e-4c1f-4f53-9d8f-0d0b3b5a2c11',
  'amz-sdk-request': 'attempt=1; max=4',
};
const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

const cases: Case[] = [
  { name: 'a receive', credentials: keys, date: '2026-11-29T06:01:56.123Z', body: '{"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/1/q","MaxNumberOfMessages":10}' },
  { name: 'a session token', credentials: { ...keys, sessionToken: 'FwoGZXIvYXdzEBYaDH+token/=' }, date: '2026-11-29T06:01:56Z', body: '{}' },
  { name: 'an empty body', credentials: keys, date: '2026-01-01T00:00:00Z', body: '' },
  { name: 'a non-ASCII body', credentials: keys, date: '2026-02-28T23:59:59.999Z', body: '{"Entries":[{"Id":"0","ReceiptHandle":"ünïcødé ✓ 日本"}]}' },
  { name: 'whitespace in header values', credentials: keys, date: '2026-11-29T06:01:56Z', headers: { 'x-amz-target': '  AmazonSQS.DeleteMessageBatch \t ', 'x-custom': 'a   b\tc' }, body: '{}' },
  { name: 'unsignable and upper-case headers', credentials: keys, date: '2026-11-29T06:01:56Z', headers: { Expect: '100-continue', 'Proxy-Authorization': 'x', 'sec-fetch': 'y', 'X-Upper': 'Z' }, body: '{}' },
  { name: 'a stale authorization and date', credentials: keys, date: '2026-11-29T06:01:56Z', headers: { authorization: 'old', 'x-amz-date': '20000101T000000Z' }, body: '{}' },
  { name: 'an endpoint path', credentials: keys, date: '2026-11-29T06:01:56Z', path: '/proxy/sqs/', body: '{}' },
];

async function sdkSignature(c: Case, path: string, headers: Record<string, string>, body: string): Promise<Record<string, string>> {
  const signer = await client.config.signer();
  const request = { method: 'POST', protocol: 'https:', hostname: headers.host!, path, query: {}, headers: { ...headers }, body };
  const signed = (await (signer as unknown as { sign(r: unknown, o: unknown): Promise<{ headers: Record<string, string> }> }).sign(request, {
    signingDate: new Date(c.date),
    signingRegion: 'eu-west-1',
    signingService: 'sqs',
  })) as { headers: Record<string, string> };
  return signed.headers;
}

async function compare(c: Case, signer = new SigV4('eu-west-1', 'sqs')): Promise<void> {
  const path = c.path ?? '/';
  const headers: Record<string, string> = { ...base, ...c.headers };
  const body = c.body ?? '';
  // The SDK reads credentials from its provider: give it this case's.
  client.config.credentials = async () => c.credentials;
  const expected = await sdkSignature(c, path, headers, body);
  const ours = signer.sign({ method: 'POST', path, headers, body }, c.credentials, new Date(c.date)).headers;
  for (const h of ['authorization', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token']) assert.equal(ours[h], expected[h], `${c.name}: ${h}`);
}

describe('sigv4: the same signature as the SDK', () => {
  for (const c of cases) it(`signs ${c.name}`, () => compare(c));

  it('derives a new key when the day or the credentials change (one signer, in sequence)', async () => {
    const signer = new SigV4('eu-west-1', 'sqs');
    for (const c of [cases[0]!, { ...cases[0]!, date: '2026-11-30T00:00:01Z' }, { ...cases[0]!, credentials: { ...keys, secretAccessKey: 'rotated' } }, cases[0]!]) await compare(c, signer);
  });

  it('signs any body and header value as the SDK does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), fc.string(), fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), async (body, value, date) => {
        await compare({ name: 'property', credentials: keys, date: date.toISOString(), headers: { 'x-any': value }, body });
      }),
      { numRuns: 200 },
    );
  });
});

describe('sigv4 helpers', () => {
  const paths: [string, boolean][] = [
    ['/', true],
    ['/proxy/sqs/', true],
    ['/a.b/c_d~e-f', true],
    ['//', false],
    ['/./a', false],
    ['/a/../b', false],
    ['/a b', false],
    ['/%2F', false],
    ['', false],
  ];
  for (const [path, plain] of paths) it(`${JSON.stringify(path)} is ${plain ? '' : 'not '}a plain path`, () => assert.equal(plainPath(path), plain));

  it('hashes as node:crypto does', () => {
    assert.equal(md5Hex('abc'), '900150983cd24fb0d6963f7d28e17f72');
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(md5Hex('ü'), 'c03410a5204b21cd8229ff754688d743');
  });
});
