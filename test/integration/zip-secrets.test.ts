/**
 * No secret reaches the Lambda zip, the CLI's output or logs, or the handler's logs: credentials
 * in the environment, a .env in the config folder and in the working folder, a shared credentials
 * file, and a secret in the function's deploy-time `environment` are all planted, then searched
 * for in every zip entry and every byte printed.
 */
import { strFromU8, unzipSync } from 'fflate';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runCli, type CliResult } from '../support/cli.js';
import { createDeployment, DEFAULT_ATHENA, type Deployment } from '../support/deployment.js';
import { s3Event } from '../support/factories.js';
import { freePort, startMoto, type MotoServer } from '../support/moto.js';

const token = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

/** Fresh for every run, so a hit cannot be a coincidence. */
const SECRETS = {
  accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
  secretAccessKey: token('envSecretKey'),
  sessionToken: token('envSessionToken'),
  dotenvInConfig: token('dotenvConfigDir'),
  dotenvInCwd: token('dotenvCwd'),
  sharedCredentials: token('sharedCredsFile'),
  functionEnvironment: token('functionEnvVar'),
};

let moto: MotoServer;
let d: Deployment;
let cwd: string;
let home: string;

function secretEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NO_COLOR: '1',
    HOME: home,
    AWS_ACCESS_KEY_ID: SECRETS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SECRETS.secretAccessKey,
    AWS_SESSION_TOKEN: SECRETS.sessionToken,
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    DB_PASSWORD: SECRETS.dotenvInCwd,
  };
}

function cli(args: string[]): Promise<CliResult> {
  return runCli(args, { cwd, env: secretEnv() });
}

/** Every planted secret that occurs in `text` (also base64- or URL-encoded). */
function leaks(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, s]) => text.includes(s) || text.includes(Buffer.from(s).toString('base64')) || text.includes(encodeURIComponent(s)))
    .map(([name]) => name);
}

before(async () => {
  moto = await startMoto();
  d = await createDeployment(moto.url, { ...DEFAULT_ATHENA, environment: { API_TOKEN: SECRETS.functionEnvironment } });
  cwd = mkdtempSync(join(tmpdir(), 'streamalert-cwd-'));
  home = mkdtempSync(join(tmpdir(), 'streamalert-home-'));
  writeFileSync(join(d.configDir, '.env'), `AWS_SECRET_ACCESS_KEY=${SECRETS.dotenvInConfig}\n`);
  writeFileSync(join(cwd, '.env'), `DB_PASSWORD=${SECRETS.dotenvInCwd}\nAWS_SESSION_TOKEN=${SECRETS.sessionToken}\n`);
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'credentials'), `[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = ${SECRETS.sharedCredentials}\n`);
});

after(async () => {
  d?.clients.destroy();
  await moto?.stop();
});

describe('no secret in the Lambda zip', () => {
  it('the athena zip, built with every secret planted, holds none of them in any entry', async () => {
    const out = join(cwd, 'dist');
    const r = await cli(['--config-dir', d.configDir, '--output', 'json', 'package', '--function', 'athena', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(leaks(r.stdout + r.stderr), [], 'package output');
    const zips = readdirSync(out).filter((f) => f.endsWith('.zip'));
    assert.equal(zips.length, 1, `one zip: ${zips.join(', ')}`);
    const bytes = readFileSync(join(out, zips[0]!));
    assert.deepEqual(leaks(bytes.toString('latin1')), [], 'raw zip bytes');
    const entries = unzipSync(bytes);
    const names = Object.keys(entries).sort();
    assert.ok(names.includes('index.mjs') && names.includes('conf/lambda.json'), names.join(', '));
    assert.ok(!names.some((n) => /(^|\/)\.env|credentials|\.aws\//.test(n)), `no secret files: ${names.join(', ')}`);
    for (const [name, data] of Object.entries(entries)) assert.deepEqual(leaks(strFromU8(data, true)), [], `zip entry ${name}`);
    // The function's deploy-time environment is configuration, not code: not in the zip's conf.
    assert.doesNotMatch(strFromU8(entries['conf/lambda.json']!), /API_TOKEN|environment/);
    // The checks above can fail: the planted files really hold the secrets.
    assert.deepEqual(leaks(readFileSync(join(cwd, '.env'), 'utf8') + readFileSync(join(d.configDir, '.env'), 'utf8')).sort(), ['dotenvInConfig', 'dotenvInCwd', 'sessionToken']);
  });
});

describe('no secret in output or logs', () => {
  before(async () => {
    await d.purge();
    await d.sendBodies([
      s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-09/a.json']),
      s3Event(['test-streamalert-data', 'cloudtrail/2026/11/28/10/b.json']),
      'not json at all',
      s3Event(['test-streamalerts', 'alerts/dt=2026-02-30-25/bad-date.json']),
    ]);
  });

  it('refresh --log-level debug --output json, credentials in the environment', async () => {
    const r = await cli(['athena', 'refresh', '--once', '--config-dir', d.configDir, '--endpoint-url', moto.url, '--log-level', 'debug', '--output', 'json']);
    assert.equal(r.code, EXIT.KEPT_MESSAGES, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(result.messages.kept, 2);
    assert.match(r.stderr, /debug registered partitions/, 'debug logs were written');
    assert.deepEqual(leaks(r.stdout), [], 'stdout');
    assert.deepEqual(leaks(r.stderr), [], 'stderr');
  });

  it('refresh in text mode, and when AWS cannot be reached', async () => {
    const text = await cli(['athena', 'refresh', '--once', '--config-dir', d.configDir, '--endpoint-url', moto.url, '--log-level', 'debug']);
    assert.deepEqual(leaks(text.stdout + text.stderr), []);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const failed = await cli(['athena', 'refresh', '--once', '--config-dir', d.configDir, '--endpoint-url', closed, '--log-level', 'debug', '--output', 'json']);
    assert.equal(failed.code, EXIT.AWS, failed.stderr);
    assert.match(failed.stderr, /AWS error/);
    assert.deepEqual(leaks(failed.stdout + failed.stderr), []);
  });

  it('athena iam-policy', async () => {
    const r = await cli(['athena', 'iam-policy', '--config-dir', d.configDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).Version, '2012-10-17');
    assert.deepEqual(leaks(r.stdout + r.stderr), []);
  });

  it('the Lambda handler’s JSON logs at debug, scheduled and SQS modes', async () => {
    const saved = { ...process.env };
    const lines: string[] = [];
    const log = console.log;
    const error = console.error;
    console.log = (...a: unknown[]) => void lines.push(a.map(String).join(' '));
    console.error = console.log;
    try {
      Object.assign(process.env, {
        AWS_ENDPOINT_URL: moto.url,
        AWS_ACCESS_KEY_ID: SECRETS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: SECRETS.secretAccessKey,
        AWS_SESSION_TOKEN: SECRETS.sessionToken,
        AWS_REGION: 'us-east-1',
        STREAMALERT_CONFIG_DIR: d.configDir,
        LOG_LEVEL: 'debug',
      });
      const lambda = await import('../../src/lambda/athena.js');
      lambda.resetForTests();
      await d.sendBodies([s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-11/c.json']), 'garbage']);
      await lambda.handler({ source: 'aws.events' }, { getRemainingTimeInMillis: () => 20_000 });
      await lambda.handler(
        { Records: [{ messageId: 'm-1', receiptHandle: 'r-1', body: 'still garbage', eventSource: 'aws:sqs' }] },
        { getRemainingTimeInMillis: () => 20_000 },
      );
      lambda.resetForTests();
    } finally {
      console.log = log;
      console.error = error;
      process.env = saved;
    }
    assert.ok(lines.some((l) => l.includes('"refresh finished"')), lines.join('\n').slice(0, 2000));
    assert.deepEqual(leaks(lines.join('\n')), []);
  });
});
