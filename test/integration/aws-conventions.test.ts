/**
 * The AWS conventions as a user meets them, against moto (with the recording proxy in front where a
 * test must see which endpoint a call went to): per-service endpoints, the region order,
 * credential failures with their own exit code, --debug's request lines, --log-level debug, and
 * schema_version in the JSON.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AwsClients } from '../../src/aws/sdk/clients.js';
import { startAwsProxy, type AwsProxy } from '../support/aws-proxy/index.js';
import { runCli } from '../support/cli.js';
import { createDeployment, type Deployment } from '../support/deployment.js';
import { s3Event } from '../support/factories.js';
import { freePort, startMoto, type MotoServer } from '../support/moto.js';

let moto: MotoServer;
let proxy: AwsProxy;
let d: Deployment;
before(async () => {
  moto = await startMoto();
  d = await createDeployment(moto.url, undefined, { visibilityTimeout: 60 });
  proxy = await startAwsProxy({ target: moto.url, latency: false });
});
after(async () => {
  await proxy?.stop();
  await moto?.stop();
});
beforeEach(() => {
  proxy.resetStats();
  proxy.setFaults([]);
});

const refresh = (...extra: string[]) => ['athena', 'refresh', '--config-dir', d.configDir, ...extra];
const services = () => Object.keys(proxy.counts()).map((op) => op.split('.')[0]);

describe('endpoints: AWS_ENDPOINT_URL_<SERVICE> wins over AWS_ENDPOINT_URL', () => {
  it('each service goes to its own endpoint, the rest to the shared one', async () => {
    const sqsOwn = await runCli(refresh(), { env: { AWS_ENDPOINT_URL: moto.url, AWS_ENDPOINT_URL_SQS: proxy.url } });
    assert.equal(sqsOwn.code, 0, sqsOwn.stderr);
    assert.ok(proxy.counts()['SQS.ReceiveMessage']! >= 1, JSON.stringify(proxy.counts()));
    assert.deepEqual([...new Set(services())], ['SQS'], 'Athena went to the shared endpoint');

    proxy.resetStats();
    const athenaOwn = await runCli(refresh(), { env: { AWS_ENDPOINT_URL: proxy.url, AWS_ENDPOINT_URL_ATHENA: moto.url } });
    assert.equal(athenaOwn.code, 0, athenaOwn.stderr);
    assert.ok(services().includes('SQS'));
    assert.ok(!services().includes('Athena'), JSON.stringify(proxy.counts()));
  });

  it('--endpoint-url wins over both', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const out = await runCli(refresh('--endpoint-url', moto.url), {
      env: { AWS_ENDPOINT_URL: dead, AWS_ENDPOINT_URL_SQS: dead, AWS_ENDPOINT_URL_ATHENA: dead },
    });
    assert.equal(out.code, 0, out.stderr);
  });

  it('with only service variables set, the local settings apply: test credentials, and SQS keeps to its endpoint', async () => {
    await d.sendBodies([s3Event(['test-streamalerts', 'alerts/dt=2026-11-29-01/a.json'])]);
    // No credentials anywhere: without the local ones the run would end with a credentials error.
    // Glue too: before deleting, the run checks each partition's registered location there.
    const env = {
      AWS_ENDPOINT_URL_SQS: proxy.url,
      AWS_ENDPOINT_URL_ATHENA: moto.url,
      AWS_ENDPOINT_URL_GLUE: moto.url,
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
    };
    const out = await runCli(refresh('--output', 'json'), { env });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout).partitions, { alerts: ['2026-11-29-01'] });
    // moto's queue URL names moto's own port: following it would have bypassed the proxy.
    const c = proxy.counts();
    assert.ok(c['SQS.ReceiveMessage']! >= 1 && c['SQS.DeleteMessageBatch']! >= 1, JSON.stringify(c));
  });

  it('S3 with only AWS_ENDPOINT_URL_S3 uses path-style addressing (an emulator has no bucket host names)', async () => {
    const saved = { ...process.env };
    try {
      for (const k of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE']) delete process.env[k];
      process.env.AWS_ENDPOINT_URL_S3 = moto.url;
      const clients = new AwsClients({ region: 'us-east-1' });
      assert.equal(clients.endpointFor('S3'), moto.url);
      assert.equal(clients.endpointFor('SQS'), undefined);
      const listed = await clients.s3().send(new ListObjectsV2Command({ Bucket: 'test-streamalerts' }));
      assert.equal(listed.$metadata.httpStatusCode, 200);
      clients.destroy();
    } finally {
      process.env = saved;
    }
  });
});

describe('endpoints from the profile in the shared config file (AWS_CONFIG_FILE): endpoint_url and the services section', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamalert-aws-'));
  const configFile = join(dir, 'config');
  // Written once moto and the proxy have their ports: `local` sends everything to moto (S3 by its host name), `split` sends SQS to the proxy.
  const write = () =>
    writeFileSync(
      configFile,
      [
        '[profile local]',
        'region = us-east-1',
        'aws_access_key_id = testing',
        'aws_secret_access_key = testing',
        `endpoint_url = ${moto.url}`,
        'services = local-services',
        '[services local-services]',
        // A host name, not an IP: only path-style addressing reaches moto (an IP endpoint is path-style anyway).
        's3 =',
        `  endpoint_url = ${moto.url.replace('127.0.0.1', 'localhost')}`,
        '[profile split]',
        'region = us-east-1',
        'aws_access_key_id = testing',
        'aws_secret_access_key = testing',
        `endpoint_url = ${moto.url}`,
        'services = split-services',
        '[services split-services]',
        'sqs =',
        `  endpoint_url = ${proxy.url}`,
        '',
      ].join('\n'),
    );

  // The profile holds the keys: none in the environment.
  const profileOnly = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };

  it("--profile's endpoint_url: every call goes to the local endpoint, none to AWS", async () => {
    write();
    const out = await runCli(refresh('--profile', 'local', '--output', 'json'), { env: { ...profileOnly, AWS_CONFIG_FILE: configFile } });
    assert.equal(out.code, 0, out.stderr);
    assert.equal(typeof JSON.parse(out.stdout).messages.received, 'number');
  });

  it("AWS_PROFILE's services section: SQS to its own endpoint, and it keeps to it (not the queue URL's host)", async () => {
    write();
    await d.sendBodies([s3Event(['test-streamalerts', 'alerts/dt=2026-11-29-02/a.json'])]);
    const out = await runCli(refresh('--output', 'json'), { env: { ...profileOnly, AWS_CONFIG_FILE: configFile, AWS_PROFILE: 'split' } });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout).partitions, { alerts: ['2026-11-29-02'] });
    const c = proxy.counts();
    assert.ok(c['SQS.ReceiveMessage']! >= 1 && c['SQS.DeleteMessageBatch']! >= 1, JSON.stringify(c));
    assert.deepEqual([...new Set(services())], ['SQS'], 'Athena and Glue went to the profile endpoint_url');
  });

  it("S3 through the profile's endpoint is path-style (backfill lists the buckets' folders)", async () => {
    write();
    const out = await runCli(['athena', 'backfill', '--dry-run', '--config-dir', d.configDir, '--output', 'json'], {
      env: { ...profileOnly, AWS_CONFIG_FILE: configFile, AWS_PROFILE: 'local' },
    });
    assert.equal(out.code, 0, out.stderr);
  });

  it('the environment wins over the profile: AWS_ENDPOINT_URL_SQS over its services section', async () => {
    write();
    const out = await runCli(refresh(), {
      env: { ...profileOnly, AWS_CONFIG_FILE: configFile, AWS_PROFILE: 'split', AWS_ENDPOINT_URL_SQS: moto.url },
    });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(proxy.counts(), {});
  });
});

describe('region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile, then global.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamalert-aws-'));
  const configFile = join(dir, 'config');
  writeFileSync(configFile, '[default]\nregion = sa-east-1\n\n[profile dev]\nregion = ap-south-1\noutput = json\n');
  // iam-policy builds its ARNs from the region and makes no AWS call.
  const regionOf = async (args: string[], env: NodeJS.ProcessEnv) => {
    const out = await runCli(['athena', 'iam-policy', '--config-dir', d.configDir, '--log-level', 'debug', ...args], { env });
    assert.equal(out.code, 0, out.stderr);
    return {
      region: /arn:aws:sqs:([a-z0-9-]+):123456789012:test_streamalert_athena_s3_notifications/.exec(out.stdout)?.[1],
      stderr: out.stderr,
    };
  };
  // Log values with spaces or quotes are printed quoted and escaped (src/cli/output.ts).
  const cases: [string, string[], NodeJS.ProcessEnv, string, RegExp][] = [
    ['global.json when nothing else says', [], {}, 'us-east-1', /from="?account\.region in .*global\.json/],
    ["the default profile's region", [], { AWS_CONFIG_FILE: configFile }, 'sa-east-1', /from="?profile \\?"default\\?" in /],
    ["AWS_PROFILE's region", [], { AWS_CONFIG_FILE: configFile, AWS_PROFILE: 'dev' }, 'ap-south-1', /from="?profile \\?"dev\\?"/],
    ["--profile's region", ['--profile', 'dev'], { AWS_CONFIG_FILE: configFile }, 'ap-south-1', /from="?profile \\?"dev\\?"/],
    [
      'AWS_DEFAULT_REGION over the profile',
      ['--profile', 'dev'],
      { AWS_CONFIG_FILE: configFile, AWS_DEFAULT_REGION: 'eu-central-1' },
      'eu-central-1',
      /from=AWS_DEFAULT_REGION/,
    ],
    [
      'AWS_REGION over AWS_DEFAULT_REGION',
      [],
      { AWS_CONFIG_FILE: configFile, AWS_DEFAULT_REGION: 'eu-central-1', AWS_REGION: 'eu-west-1' },
      'eu-west-1',
      /from=AWS_REGION/,
    ],
    [
      '--region over everything',
      ['--region', 'us-west-2'],
      { AWS_CONFIG_FILE: configFile, AWS_PROFILE: 'dev', AWS_REGION: 'eu-west-1' },
      'us-west-2',
      /from=--region/,
    ],
  ];
  for (const [name, args, env, region, source] of cases) {
    it(`${name}: ${region}`, async () => {
      const got = await regionOf(args, env);
      assert.equal(got.region, region);
      assert.match(got.stderr, new RegExp(`region ${region} ${source.source}`));
    });
  }

  it('AWS_REGION reaches the AWS calls: moto keeps regions apart, and the database is in us-east-1 only', async () => {
    const out = await runCli(refresh('--endpoint-url', moto.url), { env: { AWS_REGION: 'eu-west-1' } });
    assert.equal(out.code, 4, out.stderr);
    assert.match(out.stderr, /Athena database "streamalert" does not exist in eu-west-1\./);
  });
});

describe('credentials errors: exit 7, naming the source and what to run', () => {
  const home = mkdtempSync(join(tmpdir(), 'streamalert-home-'));
  mkdirSync(join(home, '.aws'));
  const configFile = join(home, '.aws', 'config');
  writeFileSync(
    configFile,
    [
      '[profile dev]',
      'region = us-east-1',
      '',
      '[profile sso-dev]',
      'sso_session = corp',
      'sso_account_id = 123456789012',
      'sso_role_name = ReadOnly',
      'region = us-east-1',
      '',
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.com/start',
      'sso_region = us-east-1',
      'sso_registration_scopes = sso:account:access',
      '',
    ].join('\n'),
  );
  const noKeys = {
    HOME: home,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
  };

  it('a profile that does not exist (--profile, AWS_PROFILE)', async () => {
    const flag = await runCli(refresh('--endpoint-url', moto.url, '--profile', 'nosuch'), { env: noKeys });
    assert.equal(flag.code, 7, flag.stderr);
    assert.match(
      flag.stderr,
      /streamalert: credentials error: no AWS profile "nosuch" \(--profile\) in .*config or .*credentials\. Run `aws configure --profile nosuch` \(access keys\) or `aws configure sso --profile nosuch` \(IAM Identity Center\), or use one of: dev, sso-dev\./,
    );
    const env = await runCli(refresh('--endpoint-url', moto.url), { env: { ...noKeys, AWS_PROFILE: 'nosuch' } });
    assert.equal(env.code, 7, env.stderr);
    assert.match(env.stderr, /no AWS profile "nosuch" \(AWS_PROFILE\)/);
  });

  it('an SSO profile that was never logged in, or whose session expired', async () => {
    const never = await runCli(refresh('--endpoint-url', moto.url, '--profile', 'sso-dev'), { env: noKeys });
    assert.equal(never.code, 7, never.stderr);
    assert.match(
      never.stderr,
      /credentials error: the SSO session of profile "sso-dev" \(--profile\) is missing or has expired .*Run `aws sso login --profile sso-dev` and try again\./,
    );
    // The token the AWS CLI caches after `aws sso login`, for the session, expired a year ago.
    const cache = join(home, '.aws', 'sso', 'cache');
    mkdirSync(cache, { recursive: true });
    const { createHash } = await import('node:crypto');
    writeFileSync(
      join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`),
      JSON.stringify({
        accessToken: 'expired',
        expiresAt: '2025-11-29T00:00:00Z',
        region: 'us-east-1',
        startUrl: 'https://corp.awsapps.com/start',
      }),
    );
    const expired = await runCli(refresh('--endpoint-url', moto.url, '--profile', 'sso-dev'), { env: noKeys });
    assert.equal(expired.code, 7, expired.stderr);
    assert.match(expired.stderr, /the SSO session of profile "sso-dev" \(--profile\) is missing or has expired/);
    assert.match(expired.stderr, /aws sso login --profile sso-dev/);
  });

  it('no credentials at all', async () => {
    // No endpoint (so no local test credentials) and no instance metadata: the chain fails before any request.
    const out = await runCli(refresh(), { env: noKeys });
    assert.equal(out.code, 7, out.stderr);
    assert.match(
      out.stderr,
      /credentials error: no AWS credentials found: the default credential chain .* has none\. Run `aws configure` \(access keys\) or `aws configure sso`, or choose a profile with --profile or AWS_PROFILE\./,
    );
  });

  it('AWS refusing an expired session token', async () => {
    proxy.setFaults([{ operation: 'SQS.GetQueueUrl', kind: 'expired-token', rate: 1 }]);
    const out = await runCli(refresh('--endpoint-url', proxy.url), { env: { AWS_SESSION_TOKEN: 'expired' } });
    assert.equal(out.code, 7, out.stderr);
    assert.match(out.stderr, /credentials error: the session token in AWS_SESSION_TOKEN has expired\. Get new temporary credentials/);
  });

  it('AWS refusing an expired session token on a receive (sqs-json, outside the SDK middleware)', async () => {
    proxy.setFaults([{ operation: 'SQS.ReceiveMessage', kind: 'expired-token', rate: 1 }]);
    const out = await runCli(refresh('--endpoint-url', proxy.url), { env: { AWS_SESSION_TOKEN: 'expired' } });
    assert.equal(out.code, 7, out.stderr);
    assert.match(out.stderr, /credentials error: the session token in AWS_SESSION_TOKEN has expired\. Get new temporary credentials/);
  });
});

describe('--debug and --log-level debug', () => {
  const LINE = /^aws (\w+)\.(\w+) status=(\d{3}|-) attempt=(\d+) ms=\d+ request-id=\S+( error=\w+)?$/;

  it('--debug: one line per HTTP attempt, retries included, and nothing secret', async () => {
    proxy.setFaults([{ operation: 'SQS.ReceiveMessage', kind: 'http500', nth: [1] }]);
    const out = await runCli(refresh('--endpoint-url', proxy.url, '--debug'), {
      env: { AWS_SESSION_TOKEN: 'session-token-secret', AWS_SECRET_ACCESS_KEY: 'secret-key-value' },
    });
    assert.equal(out.code, 0, out.stderr);
    const lines = out.stderr.split('\n').filter((l) => l.startsWith('aws '));
    for (const l of lines) assert.match(l, LINE);
    const calls = Object.values(proxy.counts()).reduce((a, b) => a + b, 0);
    assert.equal(lines.length, calls, `one line per call the proxy saw:\n${lines.join('\n')}`);
    assert.ok(lines.some((l) => /^aws Athena\.GetDatabase status=200 attempt=1 /.test(l)));
    assert.ok(
      lines.some((l) => /^aws SQS\.ReceiveMessage status=500 attempt=1 .*error=\w+$/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /^aws SQS\.ReceiveMessage status=200 attempt=2 /.test(l)),
      lines.join('\n'),
    );
    for (const secret of ['session-token-secret', 'secret-key-value', 'AWS4-HMAC-SHA256', 'Signature=', 'Credential='])
      assert.ok(!out.stderr.includes(secret), secret);
    // --debug brings the run's own debug lines too.
    assert.match(out.stderr, /run stopped: the queue is empty/);
  });

  it('--log-level debug says what a run on an empty queue decided, without request lines', async () => {
    const out = await runCli(refresh('--endpoint-url', moto.url, '--log-level', 'debug'));
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stderr, /debug database exists database=streamalert/);
    assert.match(out.stderr, /debug queue backlog at the start \(approximate\) queue=test_streamalert_athena_s3_notifications messages=0/);
    assert.match(out.stderr, /debug run stopped: the queue is empty \(a receive returned no message\) receives=1/);
    assert.match(out.stderr, /debug nothing received: no partition to register, no message to delete/);
    assert.doesNotMatch(out.stderr, /^aws /m);
  });

  it('--output json carries schema_version 2, first', async () => {
    const out = await runCli(refresh('--endpoint-url', moto.url, '--output', 'json'));
    assert.equal(out.code, 0, out.stderr);
    assert.equal(Object.keys(JSON.parse(out.stdout))[0], 'schema_version');
    assert.equal(JSON.parse(out.stdout).schema_version, 2);
  });
});
