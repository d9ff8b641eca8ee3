/**
 * Configuration errors through the real CLI: each prints a clear message naming the file and the
 * key, exits with the configuration-error code, and sends nothing to AWS. The proof of "nothing":
 * --endpoint-url points at a small HTTP server of ours that records every request it gets.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT } from '../../src/cli/errors/exit-codes.js';
import { createProgram } from '../../src/cli/program.js';
import { runCli, runInProcess, type CliResult } from '../support/cli.js';

const ACCOUNT = { aws_account_id: '123456789012', prefix: 'test', region: 'us-east-1' };
const ATHENA = { buckets: { 'test-streamalerts': 'alerts' }, results_bucket: 's3://test-athena-results/' };
const GLOBAL = JSON.stringify({ account: ACCOUNT }, null, 2);
const lambda = (athena: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ athena_partition_refresh_config: { ...ATHENA, ...athena }, ...extra }, null, 2);
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
      res.end(
        JSON.stringify({ __type: 'InvalidRequestException', message: 'the recording endpoint answers every request with this error' }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // Load the refresh command's action (loaded on first run) before inProcess captures stdout:
  // the module loader's turns of the event loop would let the test reporter write into the capture.
  await createProgram()
    .parseAsync(['node', 'streamalert', 'athena', 'refresh', '--once', '--interval', 'rate(1 minute)'])
    .catch(() => {});
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

/** A file's content, or a folder, a FIFO, or a link to another path (a device). */
type FileSpec = string | { dir: true } | { fifo: true } | { link: string };
type Files = { 'global.json'?: FileSpec; 'lambda.json'?: FileSpec };

function configDir(files: Files): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamalert-badconf-'));
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === 'string') writeFileSync(join(dir, name), content);
    else if ('dir' in content) mkdirSync(join(dir, name));
    else if ('fifo' in content) execFileSync('mkfifo', [join(dir, name)]);
    else symlinkSync(content.link, join(dir, name));
  }
  return dir;
}

/** `count` bucket entries (invalid names when `bad`), as lambda.json. */
function manyBuckets(count: number, bad: boolean): string {
  const buckets: Record<string, string> = {};
  for (let i = 0; i < count; i++) buckets[bad ? `BAD_${i}` : `bucket-${i}`] = 'alerts';
  return JSON.stringify({ athena_partition_refresh_config: { buckets } });
}

function nested(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
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
  [
    'lambda.json is a folder',
    { 'global.json': GLOBAL, 'lambda.json': { dir: true } },
    'lambda.json',
    [/lambda\.json: cannot be read \(EISDIR\)/],
  ],
  // invalid JSON: line and column
  [
    'empty lambda.json',
    { 'global.json': GLOBAL, 'lambda.json': '' },
    'lambda.json',
    [/invalid JSON at line 1, column 1 \(Unexpected end of JSON input\)/],
  ],
  [
    'a JSON value cut off inside',
    { 'global.json': GLOBAL, 'lambda.json': '{\n  "athena_partition_refresh_config": {\n    "buckets": {"b-b-b": tr' },
    'lambda.json',
    [/invalid JSON at line 3, column 28 \(Unexpected end of JSON input\)/],
  ],
  [
    'trailing comma',
    { 'global.json': GLOBAL, 'lambda.json': '{\n  "athena_partition_refresh_config": {\n    "buckets": {"b-b-b": "t"},\n  }\n}\n' },
    'lambda.json',
    [/invalid JSON at line 4, column 3\b/],
  ],
  [
    'a value missing',
    { 'global.json': GLOBAL, 'lambda.json': '{\n  "athena_partition_refresh_config": {\n    "timeout": ,\n    "buckets": {}\n  }\n}\n' },
    'lambda.json',
    [/invalid JSON at line 3, column 16 \(Unexpected token ','\)\. Fix the syntax/],
  ],
  [
    'a bare word',
    { 'global.json': '{\n  "account": {\n    "prefix": prod\n  }\n}\n', 'lambda.json': lambda({}) },
    'global.json',
    [/invalid JSON at line 3, column 15 \(Unexpected token 'p'\)\. Fix/],
  ],
  [
    'single quotes',
    { 'global.json': GLOBAL, 'lambda.json': "{'athena_partition_refresh_config': {}}" },
    'lambda.json',
    [/invalid JSON at line 1, column 2\b/],
  ],
  [
    'cut off',
    { 'global.json': GLOBAL, 'lambda.json': '{\n  "athena_partition_refresh_config": {\n    "buckets": {"b-b-b": "t"}' },
    'lambda.json',
    [/invalid JSON at line 3, column 30 \(Expected ',' or '}' after property value\)/],
  ],
  [
    'a comment',
    { 'global.json': GLOBAL, 'lambda.json': '{\n  // the refresh function\n  "athena_partition_refresh_config": {}\n}' },
    'lambda.json',
    [/invalid JSON at line 2, column 3\b/],
  ],
  // wrong types
  [
    'memory as a string',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ memory: '128' }) },
    'lambda.json',
    [/athena_partition_refresh_config\.memory: .*expected number, received string/],
  ],
  [
    'buckets as an array',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: ['test-streamalerts'] }) },
    'lambda.json',
    [/athena_partition_refresh_config\.buckets: .*expected record, received array/],
  ],
  [
    'enabled as "yes"',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ enabled: 'yes' }) },
    'lambda.json',
    [/athena_partition_refresh_config\.enabled: .*expected boolean/],
  ],
  [
    'account id as a number',
    { 'global.json': JSON.stringify({ account: { ...ACCOUNT, aws_account_id: 123456789012 } }), 'lambda.json': lambda({}) },
    'global.json',
    [/account\.aws_account_id: .*expected string, received number/],
  ],
  [
    'timeout out of range',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ timeout: 901 }) },
    'lambda.json',
    [/athena_partition_refresh_config\.timeout: .*900/],
  ],
  [
    'refresh_strategy unknown',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ refresh_strategy: 'msck' }) },
    'lambda.json',
    [/athena_partition_refresh_config\.refresh_strategy: .*add_partition.*repair.*glue/],
  ],
  [
    'the athena section missing',
    { 'global.json': GLOBAL, 'lambda.json': '{}' },
    'lambda.json',
    [/athena_partition_refresh_config: .*expected object, received undefined/],
  ],
  [
    'the file is an array',
    { 'global.json': '[]', 'lambda.json': lambda({}) },
    'global.json',
    [/\(top level\): .*expected object, received array/],
  ],
  // unknown keys
  [
    'a misspelt key',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ tiemout: 60 }) },
    'lambda.json',
    [/athena_partition_refresh_config: unknown key\(s\) "tiemout"; remove or correct them/],
  ],
  [
    'an unknown section',
    { 'global.json': GLOBAL, 'lambda.json': lambda({}, { athena_config: {} }) },
    'lambda.json',
    [/\(top level\): unknown key\(s\) "athena_config"/],
  ],
  [
    'an unknown account key',
    { 'global.json': global({ acount_id: 'x' }), 'lambda.json': lambda({}) },
    'global.json',
    [/account: unknown key\(s\) "acount_id"/],
  ],
  // schedule expressions
  [
    'rate with a plural unit for 1',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'rate(1 minutes)' }) },
    'lambda.json',
    [/athena_partition_refresh_config\.schedule_expression: "rate\(1 minutes\)": write rate\(1 minute\)/],
  ],
  [
    'rate of 0',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'rate(0 minutes)' }) },
    'lambda.json',
    [/schedule_expression: "rate\(0 minutes\)": the rate must be a positive whole number/],
  ],
  [
    'a five-field cron',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'cron(0 * * * *)' }) },
    'lambda.json',
    [/schedule_expression: "cron\(0 \* \* \* \*\)" has 5 field\(s\); cron\(\) takes 6/],
  ],
  [
    'a cron without ?',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'cron(0 12 * * * *)' }) },
    'lambda.json',
    [/schedule_expression: .*exactly one of day-of-month and day-of-week must be "\?"/],
  ],
  [
    'plain words',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'every 10 minutes' }) },
    'lambda.json',
    [/schedule_expression: "every 10 minutes" is not a schedule expression/],
  ],
  // invalid identifiers and names
  [
    'database name with a dash',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ database_name: 'stream-alert' }) },
    'lambda.json',
    [/athena_partition_refresh_config\.database_name: database_name must be letters, digits and underscores/],
  ],
  [
    'table name with SQL in it',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: { 'test-streamalerts': 'alerts`; DROP TABLE x; --' } }) },
    'lambda.json',
    [/athena_partition_refresh_config\.buckets\["?test-streamalerts"?\]: .*table name must be letters, digits and underscores/],
  ],
  [
    'bucket name with capitals',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: { Bad_Bucket: 'alerts' } }) },
    'lambda.json',
    [/athena_partition_refresh_config\.buckets.*: bucket name "Bad_Bucket" may hold only lower-case letters, digits/],
  ],
  [
    'no buckets',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: {} }) },
    'lambda.json',
    [/athena_partition_refresh_config\.buckets: buckets must map at least one S3 bucket/],
  ],
  [
    'queue name with a space',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ queue_name: 'my queue' }) },
    'lambda.json',
    [/athena_partition_refresh_config\.queue_name: queue_name must be 1-80 letters/],
  ],
  [
    'prefix with capitals',
    { 'global.json': global({ prefix: 'Test' }), 'lambda.json': lambda({}) },
    'global.json',
    [/account\.prefix: prefix must be lower-case letters/],
  ],
  [
    'a region that is not one',
    { 'global.json': global({ region: 'mars' }), 'lambda.json': lambda({}) },
    'global.json',
    [/account\.region: region must be an AWS region name/],
  ],
  [
    'an 11-digit account id',
    { 'global.json': global({ aws_account_id: '12345678901' }), 'lambda.json': lambda({}) },
    'global.json',
    [/account\.aws_account_id: aws_account_id must be the 12-digit AWS account id/],
  ],
  // S3's bucket naming rules (issue 14): AWS refuses these names, so must we
  [
    'bucket a..b',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: { 'a..b': 'alerts' } }) },
    'lambda.json',
    [/buckets\["a\.\.b"\]: bucket name "a\.\.b" must not contain two adjacent periods/],
  ],
  [
    'bucket 192.168.1.1',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: { '192.168.1.1': 'alerts' } }) },
    'lambda.json',
    [/bucket name "192\.168\.1\.1" must not be formatted as an IP address/],
  ],
  [
    'bucket xn--abc',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: { 'xn--abc': 'alerts' } }) },
    'lambda.json',
    [/bucket name "xn--abc" must not begin with "xn--"/],
  ],
  [
    'bucket ending -s3alias',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: { 'data-s3alias': 'alerts' } }) },
    'lambda.json',
    [/must not end with "-s3alias"/],
  ],
  [
    'bucket ending in a dash',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: { 'data-': 'alerts' } }) },
    'lambda.json',
    [/must begin and end with a letter or digit/],
  ],
  [
    'bucket of 2 characters',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: { ab: 'alerts' } }) },
    'lambda.json',
    [/bucket name "ab" must be 3-63 characters long/],
  ],
  // results_bucket and workgroup: they become IAM resources, so no wildcard and no other scheme
  [
    'results_bucket s3://*/',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ results_bucket: 's3://*/' }) },
    'lambda.json',
    [/results_bucket: bucket name "\*" must be 3-63 characters long/],
  ],
  [
    'results_bucket https://evil.example/x',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ results_bucket: 'https://evil.example/x' }) },
    'lambda.json',
    [/results_bucket: "https:\/\/evil\.example\/x" must be an s3:\/\/ location \(s3:\/\/bucket\/prefix\/\) or a bucket name/],
  ],
  [
    'results_bucket a..b',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ results_bucket: 's3://a..b/' }) },
    'lambda.json',
    [/results_bucket: bucket name "a\.\.b" must not contain two adjacent periods/],
  ],
  [
    'results_bucket an IP address',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ results_bucket: '10.0.0.1' }) },
    'lambda.json',
    [/results_bucket: bucket name "10\.0\.0\.1" must not be formatted as an IP address/],
  ],
  [
    'results_bucket with a wildcard prefix',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ results_bucket: 's3://results-bucket/*/' }) },
    'lambda.json',
    [/results_bucket: prefix "\*\/" must be folders/],
  ],
  [
    'results_bucket with .. in the prefix',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ results_bucket: 's3://results-bucket/a/../' }) },
    'lambda.json',
    [/results_bucket: prefix "a\/\.\.\/" must be folders/],
  ],
  [
    'workgroup *',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ workgroup: '*' }) },
    'lambda.json',
    [/athena_partition_refresh_config\.workgroup: workgroup must be 1-128 letters, digits/],
  ],
  [
    'workgroup with a space',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ workgroup: 'my group' }) },
    'lambda.json',
    [/workgroup: workgroup must be 1-128/],
  ],
  [
    'workgroup of 129 characters',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ workgroup: 'w'.repeat(129) }) },
    'lambda.json',
    [/workgroup: workgroup must be 1-128/],
  ],
  // cron() fields out of EventBridge's ranges, and absurd rates
  [
    'cron day-of-week 8',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'cron(0 0 ? * 8 *)' }) },
    'lambda.json',
    [/schedule_expression: "cron\(0 0 \? \* 8 \*\)": day-of-week field: .*\b8\b.*1-7/],
  ],
  [
    'cron day-of-week 0',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'cron(0 0 ? * 0 *)' }) },
    'lambda.json',
    [/day-of-week field: .*\b0\b.*1-7/],
  ],
  [
    'cron minute 60',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'cron(60 0 * * ? *)' }) },
    'lambda.json',
    [/minutes field: .*\b60\b.*0-59/],
  ],
  [
    'cron hour 24',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'cron(0 24 * * ? *)' }) },
    'lambda.json',
    [/hours field: .*\b24\b.*0-23/],
  ],
  [
    'cron day 32',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'cron(0 0 32 * ? *)' }) },
    'lambda.json',
    [/day-of-month field: .*\b32\b.*1-31/],
  ],
  [
    'cron month 13',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'cron(0 0 ? 13 * *)' }) },
    'lambda.json',
    [/month field: .*\b13\b.*1-12/],
  ],
  [
    'cron year 2200',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'cron(0 0 * * ? 2200)' }) },
    'lambda.json',
    [/year field: .*\b2200\b.*1970-2199/],
  ],
  [
    'cron a range past the end',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'cron(0 0 ? * 2-9 *)' }) },
    'lambda.json',
    [/day-of-week field: .*\b9\b.*1-7/],
  ],
  [
    'rate(99999999999999999999 minutes)',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'rate(99999999999999999999 minutes)' }) },
    'lambda.json',
    [/schedule_expression: "rate\(99999999999999999999 minutes\)": the rate is at most 3650 days/],
  ],
  [
    'rate(3651 days)',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: 'rate(3651 days)' }) },
    'lambda.json',
    [/the rate is at most 3650 days/],
  ],
  // sizes: no stack overflow, no endless read, and no flood of output
  [
    '150,000 invalid bucket names',
    { 'global.json': GLOBAL, 'lambda.json': manyBuckets(150_000, true) },
    'lambda.json',
    [/athena_partition_refresh_config\.buckets: has 150,000 entries; at most 10,000 are allowed/],
  ],
  [
    '150,000 valid bucket names',
    { 'global.json': GLOBAL, 'lambda.json': manyBuckets(150_000, false) },
    'lambda.json',
    [/buckets: has 150,000 entries; at most 10,000/],
  ],
  [
    '5,000 invalid bucket names (listed, then counted)',
    { 'global.json': GLOBAL, 'lambda.json': manyBuckets(5_000, true) },
    'lambda.json',
    [/buckets\.BAD_0: bucket name "BAD_0" may hold only/, /… and 4980 more/],
  ],
  [
    'an array of 100,000 entries',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ environment: Array.from({ length: 100_000 }, () => 1) }) },
    'lambda.json',
    [/athena_partition_refresh_config\.environment: has 100,000 entries/],
  ],
  [
    'nested 1,000 deep',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ environment: nested(1_000) }) },
    'lambda.json',
    [/nested more than 16 levels deep/],
  ],
  [
    'a schedule expression of 1 MB',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: `rate(${'9'.repeat(1024 * 1024)} minutes)` }) },
    'lambda.json',
    [/schedule_expression: "rate\(9{60,80}…"/],
  ],
  [
    'a cron expression of 1 MB',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ schedule_expression: `cron(${'1 '.repeat(512 * 1024)})` }) },
    'lambda.json',
    [/schedule_expression: "cron\(1 1 1 .*…/],
  ],
  [
    'a bucket name of 1 MB',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ buckets: { ['b'.repeat(1024 * 1024)]: 'alerts' } }) },
    'lambda.json',
    [/bucket name "b{70}…" must be 3-63 characters long/],
  ],
  [
    'an unknown key of 1 MB',
    { 'global.json': GLOBAL, 'lambda.json': lambda({ ['k'.repeat(1024 * 1024)]: 1 }) },
    'lambda.json',
    [/unknown key\(s\) "k{60}…"/],
  ],
  [
    'a file of 5 MB',
    { 'global.json': GLOBAL, 'lambda.json': `${' '.repeat(5 * 1024 * 1024)}{}` },
    'lambda.json',
    [/lambda\.json: is 5\.0 MiB; a configuration file is at most 4 MiB/],
  ],
  // special files: refused, never read (a FIFO blocks, a device never ends)
  [
    'lambda.json is a FIFO',
    { 'global.json': GLOBAL, 'lambda.json': { fifo: true } },
    'lambda.json',
    [/lambda\.json: is a FIFO \(named pipe\), not a regular file/],
  ],
  [
    'lambda.json links to /dev/zero',
    { 'global.json': GLOBAL, 'lambda.json': { link: '/dev/zero' } },
    'lambda.json',
    [/lambda\.json: is a character device, not a regular file/],
  ],
  [
    'global.json links to /dev/urandom',
    { 'global.json': { link: '/dev/urandom' }, 'lambda.json': lambda({}) },
    'global.json',
    [/global\.json: is a character device, not a regular file/],
  ],
  [
    'lambda.json links to a FIFO elsewhere',
    { 'global.json': GLOBAL, 'lambda.json': { link: fifoElsewhere() } },
    'lambda.json',
    [/is a FIFO/],
  ],
  [
    'lambda.json is a dangling link',
    { 'global.json': GLOBAL, 'lambda.json': { link: '/nonexistent/streamalert/lambda.json' } },
    'lambda.json',
    [/lambda\.json: file not found/],
  ],
];

function fifoElsewhere(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'streamalert-fifo-')), 'pipe');
  execFileSync('mkfifo', [path]);
  return path;
}

/** Runs `fn` over `items`, `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/** The CLI in this process: the same program and error handling as bin/streamalert's main(). */
const inProcess = runInProcess;

const refreshArgs = (dir: string) => ['athena', 'refresh', '--once', '--config-dir', dir, '--endpoint-url', endpoint];

function check([, , file, expect]: Case, r: { code: number | null; stdout: string; stderr: string }, dir: string): void {
  const where = `\n--- stderr:\n${r.stderr}`;
  assert.equal(r.code, EXIT.CONFIG, `exit code ${r.code}${where}`);
  assert.equal(r.stdout, '', 'nothing on stdout');
  assert.ok(r.stderr.startsWith('streamalert: configuration error: '), where);
  assert.ok(r.stderr.includes(join(dir, file)), `names the file ${join(dir, file)}${where}`);
  for (const re of expect) assert.match(r.stderr, re);
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  // echoed values are cut: a 1 MB value or 150,000 bad entries print a few lines
  assert.ok(r.stderr.length < 4_000, `stderr is ${r.stderr.length} characters`);
}

/** Cases also run through bin/streamalert in a child process: one per kind of error. */
const THROUGH_BINARY = [
  'no files at all',
  'a value missing',
  'memory as a string',
  'a misspelt key',
  'a five-field cron',
  'table name with SQL in it',
  '150,000 invalid bucket names',
  'lambda.json is a FIFO',
  'cron day-of-week 8',
];

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

  // Options and the environment: configuration too, and checked before any call.
  const VALID = () => configDir({ 'global.json': GLOBAL, 'lambda.json': lambda({}) });
  const others: [name: string, run: (dir: string) => Promise<{ code: number | null; stdout: string; stderr: string }>, expect: RegExp][] = [
    [
      '--region "bad region"',
      (dir) => inProcess([...refreshArgs(dir), '--region', 'bad region']),
      /streamalert: configuration error: --region: "bad region" is not an AWS region name such as us-east-1/,
    ],
    [
      '--region of 1 MB',
      (dir) => inProcess([...refreshArgs(dir), '--region', 'r'.repeat(1024 * 1024)]),
      /--region: "r{60}…" is not an AWS region name/,
    ],
    [
      'AWS_ENDPOINT_URL=not-a-url',
      (dir) =>
        runCli(['athena', 'refresh', '--once', '--config-dir', dir], {
          env: { AWS_ENDPOINT_URL: 'not-a-url', AWS_ENDPOINT_URL_SQS: endpoint, AWS_ENDPOINT_URL_ATHENA: endpoint },
        }),
      /streamalert: configuration error: AWS_ENDPOINT_URL is "not-a-url", not an http\(s\) URL/,
    ],
    [
      'AWS_ENDPOINT_URL_GLUE=ftp://x',
      (dir) =>
        runCli(['athena', 'refresh', '--once', '--config-dir', dir, '--endpoint-url', endpoint], {
          env: { AWS_ENDPOINT_URL_GLUE: 'ftp://x' },
        }),
      /AWS_ENDPOINT_URL_GLUE is "ftp:\/\/x", not an http\(s\) URL/,
    ],
    [
      '--interval rate(99999999999999999999 minutes)',
      (dir) =>
        inProcess([
          'athena',
          'refresh',
          '--interval',
          'rate(99999999999999999999 minutes)',
          '--config-dir',
          dir,
          '--endpoint-url',
          endpoint,
        ]),
      /streamalert: configuration error: --interval: "rate\(99999999999999999999 minutes\)": the rate is at most 3650 days/,
    ],
    [
      '--interval cron(0 0 ? * 8 *)',
      (dir) => inProcess(['athena', 'refresh', '--interval', 'cron(0 0 ? * 8 *)', '--config-dir', dir, '--endpoint-url', endpoint]),
      /--interval: "cron\(0 0 \? \* 8 \*\)": day-of-week field/,
    ],
    [
      'package --out at an existing file',
      (dir) => {
        const file = join(dir, 'not-a-folder');
        writeFileSync(file, 'x');
        return inProcess(['package', '--function', 'athena', '--config-dir', dir, '--out', file]);
      },
      /streamalert: configuration error: --out .*not-a-folder is a file, not a folder/,
    ],
    [
      'package --out under an existing file',
      (dir) => {
        const file = join(dir, 'plain-file');
        writeFileSync(file, 'x');
        return inProcess(['package', '--function', 'athena', '--config-dir', dir, '--out', join(file, 'zips')]);
      },
      /streamalert: configuration error: --out .*plain-file\/zips: cannot create the folder \(ENOTDIR\)/,
    ],
  ];
  for (const [name, run, expect] of others) {
    it(name, async () => {
      const r = await run(VALID());
      assert.equal(r.code, EXIT.CONFIG, r.stderr);
      assert.match(r.stderr, expect);
      assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
      assert.ok(r.stderr.length < 2_000, `stderr is ${r.stderr.length} characters`);
    });
  }

  it('echoed option values are cut too (usage errors)', async () => {
    const r = await inProcess([...refreshArgs(VALID()), '--output', 'x'.repeat(1024 * 1024)]);
    assert.equal(r.code, EXIT.USAGE, r.stderr);
    assert.match(r.stderr, /--output must be text or json, not "x{100,200}…"/);
    assert.ok(r.stderr.length < 1_000, `stderr is ${r.stderr.length} characters`);
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
