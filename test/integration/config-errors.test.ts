/**
 * Configuration errors through the real CLI: each prints a clear message naming the file and the
 * key, exits with the configuration-error code, and sends nothing to AWS. The proof of "nothing":
 * --endpoint-url points at a small HTTP server of ours that records every request it gets.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runCli, type CliResult } from '../support/cli.js';
import { handleError } from '../../src/cli/handle-error.js';
import { createProgram } from '../../src/cli/program.js';


const ACCOUNT = { aws_account_id: '123456789012', prefix: 'test', region: 'us-east-1' };
const ATHENA = { buckets: { 'test-streamalerts': 'alerts' }, results_bucket: 's3://test-athena-results/' };
const GLOBAL = JSON.stringify({ account: ACCOUNT }, null, 2);
const lambda = (athena: Record<string, unknown>, extra: Record<string, unknown> = {}) => JSON.stringify({ athena_partition_refresh_config: { ...ATHENA, ...athena }, ...extra }, null, 2);
const global = (account: Record<string, unknown>) => JSON.stringify({ account: { ...ACCOUNT, ...account } }, null, 2);

/** Every request that reached the endpoint. */
const requests: string[] = [];
let server: Server;
let endpoint: string;

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${req.headers['x-amz-target'] ?? ''} ${body.slice(0, 200)}`);
      // A non-retryable AWS JSON error, so a run that does reach AWS fails fast.
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'InvalidRequestException', message: 'the recording endpoint answers every request with this error' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // Load the refresh command's action (loaded on first run) before inProcess captures stdout:
  // the module loader's turns of the event loop would let the test reporter write into the capture.
  await createProgram().parseAsync(['node', 'streamalert', 'athena', 'refresh', '--once', '--interval', 'rate(1 minute)']).catch(() => {});
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

type Files = { 'global.json'?: string | { dir: true }; 'lambda.json'?: string | { dir: true } };

function configDir(files: Files): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamalert-badconf-'));
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === 'string') writeFileSync(join(dir, name), content);
    else if (content) mkdirSync(join(dir, name));
  }
  return dir;
}

function refresh(dir: string, extra: string[] = []): Promise<CliResult> {
  return runCli(['athena', 'refresh', '--once', '--config-dir', dir, '--endpoint-url', endpoint, ...extra]);
}

type Case = [name: string, files: Files, file: 'global.json' | 'lambda.json', expect: RegExp[]];

const cases: Case[] = [
  // missing files
  ['no files at all', {}, 'global.json', [/global\.json: file not found\. Pass --config-dir/]],
  ['lambda.json missing', { 'global.json': GLOBAL }, 'lambda.json', [/lambda\.json: file not found/]],
  ['global.json missing', { 'lambda.json': lambda({}) }, 'global.json', [/global\.json: file not found/]],
  ['lambda.json is a folder', { 'global.json': GLOBAL, 'lambda.json': { dir: true } }, 'lambda.json', [/lambda\.json: cannot be read \(EISDIR\)/]],
  // invalid JSON: line and column
  ['empty lambda.json', { 'global.json': GLOBAL, 'lambda.json': '' }, 'lambda.json', [/invalid JSON at line 1, column 1 \(Unexpected end of JSON input\)/]],
  ['a JSON value cut off inside', { 'global.json': GLOBAL, 'lambda.json': '{\n  "athena_partition_refresh_config": {\n    "buckets": {"b-b-b": tr' }, 'lambda.json', [/invalid JSON at line 3, column 28 \(Unexpected end of JSON input\)/]],
  ['trailing comma', { 'global.json': GLOBAL, 'lambda.json': '{\n  "athena_partition_refresh_config": {\n    "buckets": {"b-b-b": "t"},\n  }\n}\n' }, 'lambda.json', [/invalid JSON at line 4, column 3\b/]],
  ['a value missing', { 'global.json': GLOBAL, 'lambda.json': '{\n  "athena_partition_refresh_config": {\n    "timeout": ,\n    "buckets": {}\n  }\n}\n' }, 'lambda.json', [/invalid JSON at line 3, column 16 \(Unexpected token ','\)\. Fix the syntax/]],
  ['a bare word', { 'global.json': '{\n  "account": {\n    "prefix": prod\n  }\n}\n', 'lambda.json': lambda({}) }, 'global.json', [/invalid JSON at line 3, column 15 \(Unexpected token 'p'\)\. Fix/]],
  ['single quotes', { 'global.json': GLOBAL, 'lambda.json': "{'athena_partition_refresh_config': {}}" }, 'lambda.json', [/invalid JSON at line 1, column 2\b/]],
  ['cut off', { 'global.json': GLOBAL, 'lambda.json': '{\n  "athena_partition_refresh_config": {\n    "buckets": {"b-b-b": "t"}' }, 'lambda.json', [/invalid JSON at line 3, column 30 \(Expected ',' or '}' after property value\)/]],
  ['a comment', { 'global.json': GLOBAL, 'lambda.json': '{\n  // the refresh function\n  "athena_partition_refresh_config": {}\n}' }, 'lambda.json', [/invalid JSON at line 2, column 3\b/]],
  // wrong types
  ['memory as a string', { 'global.json': GLOBAL, 'lambda.json': lambda({ memory: '128' }) }, 'lambda.json', [/athena_partition_refresh_config\.memory: .*expected number, received string/]],
  ['buckets as an array', { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: ['test-streamalerts'] }) }, 'lambda.json', [/athena_partition_refresh_config\.buckets: .*expected record, received array/]],
  ['enabled as "yes"', { 'global.json': GLOBAL, 'lambda.json': lambda({ enabled: 'yes' }) }, 'lambda.json', [/athena_partition_refresh_config\.enabled: .*expected boolean/]],
  ['account id as a number', { 'global.json': JSON.stringify({ account: { ...ACCOUNT, aws_account_id: 123456789012 } }), 'lambda.json': lambda({}) }, 'global.json', [/account\.aws_account_id: .*expected string, received number/]],
  ['timeout out of range', { 'global.json': GLOBAL, 'lambda.json': lambda({ timeout: 901 }) }, 'lambda.json', [/athena_partition_refresh_config\.timeout: .*900/]],
  ['refresh_strategy unknown', { 'global.json': GLOBAL, 'lambda.json': lambda({ refresh_strategy: 'msck' }) }, 'lambda.json', [/athena_partition_refresh_config\.refresh_strategy: .*add_partition.*repair.*glue/]],
  ['the athena section missing', { 'global.json': GLOBAL, 'lambda.json': '{}' }, 'lambda.json', [/athena_partition_refresh_config: .*expected object, received undefined/]],
  ['the file is an array', { 'global.json': '[]', 'lambda.json': lambda({}) }, 'global.json', [/\(top level\): .*expected object, received array/]],
  // unknown keys
  ['a misspelt key', { 'global.json': GLOBAL, 'lambda.json': lambda({ tiemout: 60 }) }, 'lambda.json', [/athena_partition_refresh_config: unknown key\(s\) "tiemout"; remove or correct them/]],
  ['an unknown section', { 'global.json': GLOBAL, 'lambda.json': lambda({}, { athena_config: {} }) }, 'lambda.json', [/\(top level\): unknown key\(s\) "athena_config"/]],
  ['an unknown account key', { 'global.json': global({ acount_id: 'x' }), 'lambda.json': lambda({}) }, 'global.json', [/account: unknown key\(s\) "acount_id"/]],
  // schedule expressions
  ['rate with a plural unit for 1', { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'rate(1 minutes)' }) }, 'lambda.json', [/athena_partition_refresh_config\.schedule_expression: "rate\(1 minutes\)": write rate\(1 minute\)/]],
  ['rate of 0', { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'rate(0 minutes)' }) }, 'lambda.json', [/schedule_expression: "rate\(0 minutes\)": the rate must be a positive whole number/]],
  ['a five-field cron', { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'cron(0 * * * *)' }) }, 'lambda.json', [/schedule_expression: "cron\(0 \* \* \* \*\)" has 5 field\(s\); cron\(\) takes 6/]],
  ['a cron without ?', { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'cron(0 12 * * * *)' }) }, 'lambda.json', [/schedule_expression: .*exactly one of day-of-month and day-of-week must be "\?"/]],
  ['plain words', { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'every 10 minutes' }) }, 'lambda.json', [/schedule_expression: "every 10 minutes" is not a schedule expression/]],
  // invalid identifiers and names
  ['database name with a dash', { 'global.json': GLOBAL, 'lambda.json': lambda({ database_name: 'stream-alert' }) }, 'lambda.json', [/athena_partition_refresh_config\.database_name: database_name must be letters, digits and underscores/]],
  ['table name with SQL in it', { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: { 'test-streamalerts': 'alerts`; DROP TABLE x; --' } }) }, 'lambda.json', [/athena_partition_refresh_config\.buckets\["?test-streamalerts"?\]: .*table name must be letters, digits and underscores/]],
  ['bucket name with capitals', { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: { Bad_Bucket: 'alerts' } }) }, 'lambda.json', [/athena_partition_refresh_config\.buckets.*: bucket names are 3-63 lower-case letters/]],
  ['no buckets', { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: {} }) }, 'lambda.json', [/athena_partition_refresh_config\.buckets: buckets must map at least one S3 bucket/]],
  ['queue name with a space', { 'global.json': GLOBAL, 'lambda.json': lambda({ queue_name: 'my queue' }) }, 'lambda.json', [/athena_partition_refresh_config\.queue_name: queue_name must be 1-80 letters/]],
  ['prefix with capitals', { 'global.json': global({ prefix: 'Test' }), 'lambda.json': lambda({}) }, 'global.json', [/account\.prefix: prefix must be lower-case letters/]],
  ['a region that is not one', { 'global.json': global({ region: 'mars' }), 'lambda.json': lambda({}) }, 'global.json', [/account\.region: region must be an AWS region name/]],
  ['an 11-digit account id', { 'global.json': global({ aws_account_id: '12345678901' }), 'lambda.json': lambda({}) }, 'global.json', [/account\.aws_account_id: aws_account_id must be the 12-digit AWS account id/]],
];

/** Runs `fn` over `items`, `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

/** The CLI in this process: the same program and error handling as bin/streamalert's main(). */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk), true)) as typeof process.stderr.write;
  let code = 0;
  try {
    await createProgram().parseAsync(['node', 'streamalert', ...args]);
  } catch (e) {
    code = handleError(e);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return { code, stdout, stderr };
}

const refreshArgs = (dir: string) => ['athena', 'refresh', '--once', '--config-dir', dir, '--endpoint-url', endpoint];

function check([, , file, expect]: Case, r: { code: number | null; stdout: string; stderr: string }, dir: string): void {
  const where = `\n--- stderr:\n${r.stderr}`;
  assert.equal(r.code, EXIT.CONFIG, `exit code ${r.code}${where}`);
  assert.equal(r.stdout, '', 'nothing on stdout');
  assert.ok(r.stderr.startsWith('streamalert: configuration error: '), where);
  assert.ok(r.stderr.includes(join(dir, file)), `names the file ${join(dir, file)}${where}`);
  for (const re of expect) assert.match(r.stderr, re);
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
}

/** Cases also run through bin/streamalert in a child process: one per kind of error. */
const THROUGH_BINARY = ['no files at all', 'a value missing', 'memory as a string', 'a misspelt key', 'a five-field cron', 'table name with SQL in it'];

describe('configuration errors', () => {
  for (const c of cases) {
    it(c[0], async () => {
      const dir = configDir(c[1]);
      check(c, await inProcess(refreshArgs(dir)), dir);
    });
  }

  it('through bin/streamalert too', async () => {
    const picked = cases.filter(([name]) => THROUGH_BINARY.includes(name));
    assert.equal(picked.length, THROUGH_BINARY.length);
    const results = await pool(picked, 3, async ([, files]) => {
      const dir = configDir(files);
      return { ...(await refresh(dir)), dir };
    });
    picked.forEach((c, i) => check(c, results[i]!, results[i]!.dir));
  });

  it('sent nothing to AWS', () => {
    assert.deepEqual(requests, []);
  });

  it('the recorder does see requests when the configuration is valid (the check above can fail)', async () => {
    const dir = configDir({ 'global.json': GLOBAL, 'lambda.json': lambda({}) });
    const r = await inProcess(refreshArgs(dir));
    assert.equal(r.code, EXIT.AWS, r.stderr);
    assert.match(r.stderr, /InvalidRequestException/);
    assert.ok(requests.length > 0, 'the endpoint recorded the in-process run');
    requests.length = 0;
    const b = await refresh(dir);
    assert.equal(b.code, EXIT.AWS, b.stderr);
    assert.ok(requests.length > 0, 'the endpoint recorded the binary run');
    requests.length = 0;
  });
});
