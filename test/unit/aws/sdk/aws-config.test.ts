/** Endpoint and region order, the shared config file, credential failures, --debug's line format. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configuredEndpoint, loadSharedConfig, NO_SHARED_CONFIG, profileNames } from '../../../../src/aws/sdk/aws-config.js';
import { regionFromEnvironment } from '../../../../src/aws/sdk/client-factory.js';
import { credentialsError } from '../../../../src/aws/sdk/credentials.js';
import { formatRequestRecord } from '../../../../src/aws/sdk/middleware.js';
import { CredentialsError } from '../../../../src/core/kernel/errors.js';
import { exitCodeFor } from '../../../../src/cli/errors/handle-error.js';

describe('endpointFor', () => {
  const cases: [string, string, string | undefined, NodeJS.ProcessEnv, string | undefined][] = [
    ['nothing: AWS itself', 'SQS', undefined, {}, undefined],
    ['the shared variable', 'SQS', undefined, { AWS_ENDPOINT_URL: 'http://all' }, 'http://all'],
    [
      "the service's own variable wins",
      'SQS',
      undefined,
      { AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_SQS: 'http://sqs' },
      'http://sqs',
    ],
    [
      "another service's variable does not apply",
      'Athena',
      undefined,
      { AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_SQS: 'http://sqs' },
      'http://all',
    ],
    ['a service variable alone', 'S3', undefined, { AWS_ENDPOINT_URL_S3: 'http://s3' }, 'http://s3'],
    [
      'a service id with a space (CloudWatch Logs)',
      'CloudWatch Logs',
      undefined,
      { AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://logs' },
      'http://logs',
    ],
    [
      '--endpoint-url wins over both',
      'SQS',
      'http://flag',
      { AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_SQS: 'http://sqs' },
      'http://flag',
    ],
    [
      'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
      'SQS',
      undefined,
      { AWS_ENDPOINT_URL_SQS: 'http://sqs', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
      undefined,
    ],
    ['an empty variable is none', 'SQS', undefined, { AWS_ENDPOINT_URL_SQS: '', AWS_ENDPOINT_URL: 'http://all' }, 'http://all'],
  ];
  for (const [name, service, flag, env, expected] of cases)
    it(name, () => assert.equal(configuredEndpoint(service, flag, { shared: NO_SHARED_CONFIG }, env)?.url, expected));
});

describe('configuredEndpoint: the profile in the shared config file (read by the SDK)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamalert-aws-'));
  const file = join(dir, 'config');
  writeFileSync(
    file,
    [
      '[default]',
      'endpoint_url = http://default-all',
      '[profile local]',
      'endpoint_url = http://local-all',
      'services = local-services',
      '[services local-services]',
      'sqs =',
      '  endpoint_url = http://local-sqs',
      'cloudwatch_logs =',
      '  endpoint_url = http://local-logs',
      '[profile ignoring]',
      'endpoint_url = http://ignored',
      'ignore_configured_endpoint_urls = true',
      '[profile typo]',
      'services = nosuch',
      '[profile plain]',
      'region = eu-west-1',
      '',
    ].join('\n'),
  );
  const shared = await loadSharedConfig({ AWS_CONFIG_FILE: file, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') });
  const cases: [string, string, string | undefined, NodeJS.ProcessEnv, string | undefined, RegExp | undefined][] = [
    ["the default profile's endpoint_url", 'Athena', undefined, {}, 'http://default-all', /^profile "default" in /],
    ["the services section wins over the profile's endpoint_url", 'SQS', 'local', {}, 'http://local-sqs', /\(services local-services\)$/],
    ['a service id with a space (CloudWatch Logs → cloudwatch_logs)', 'CloudWatch Logs', 'local', {}, 'http://local-logs', /services/],
    ["a service the section does not name: the profile's endpoint_url", 'S3', 'local', {}, 'http://local-all', /^profile "local"/],
    ['AWS_PROFILE picks the profile', 'SQS', undefined, { AWS_PROFILE: 'local' }, 'http://local-sqs', /local/],
    ['AWS_ENDPOINT_URL wins over the profile', 'SQS', 'local', { AWS_ENDPOINT_URL: 'http://env' }, 'http://env', /^AWS_ENDPOINT_URL$/],
    [
      'AWS_ENDPOINT_URL_<SERVICE> wins over both',
      'SQS',
      'local',
      { AWS_ENDPOINT_URL: 'http://env', AWS_ENDPOINT_URL_SQS: 'http://env-sqs' },
      'http://env-sqs',
      /^AWS_ENDPOINT_URL_SQS$/,
    ],
    ['--endpoint-url wins over everything', 'SQS', 'local', { AWS_ENDPOINT_URL_SQS: 'http://env-sqs' }, 'http://flag', /^--endpoint-url$/],
    [
      'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ignores the profile',
      'SQS',
      'local',
      { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
      undefined,
      undefined,
    ],
    ["the profile's ignore_configured_endpoint_urls", 'SQS', 'ignoring', {}, undefined, undefined],
    ['a profile without endpoints: AWS', 'SQS', 'plain', {}, undefined, undefined],
  ];
  for (const [name, service, profile, env, url, source] of cases) {
    it(name, () => {
      const got = configuredEndpoint(service, name.startsWith('--endpoint-url') ? 'http://flag' : undefined, { shared, profile }, env);
      assert.equal(got?.url, url);
      if (source) assert.match(got!.source, source);
      if (got) assert.equal(got.fromProfile, got.source.startsWith('profile'));
    });
  }
  it('a services section that does not exist is a configuration error, not a call to AWS', () => {
    assert.throws(
      () => configuredEndpoint('SQS', undefined, { shared, profile: 'typo' }, {}),
      /profile "typo" in .* names services "nosuch", but the file has no \[services nosuch\] section/,
    );
  });
  it('profiles are the profile sections only', () =>
    assert.deepEqual(profileNames(shared), ['default', 'ignoring', 'local', 'plain', 'typo']));
});

describe('regionFromEnvironment', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamalert-aws-'));
  const config = join(dir, 'config');
  writeFileSync(
    config,
    '# comment\n[default]\nregion = sa-east-1\n\n[profile dev]\nregion=ap-south-1\ns3 =\n  region = nested-not-a-region\n[sso-session dev]\nregion = not-a-profile\n',
  );
  const none = join(dir, 'missing');
  const cases: [string, { flag?: string; profile?: string }, NodeJS.ProcessEnv, string | undefined, string | undefined][] = [
    ['nothing', {}, { AWS_CONFIG_FILE: none }, undefined, undefined],
    ['the default profile', {}, { AWS_CONFIG_FILE: config }, 'sa-east-1', `profile "default" in ${config}`],
    ['AWS_PROFILE', {}, { AWS_CONFIG_FILE: config, AWS_PROFILE: 'dev' }, 'ap-south-1', `profile "dev" in ${config}`],
    [
      '--profile over AWS_PROFILE',
      { profile: 'default' },
      { AWS_CONFIG_FILE: config, AWS_PROFILE: 'dev' },
      'sa-east-1',
      `profile "default" in ${config}`,
    ],
    ['a profile without a region', { profile: 'other' }, { AWS_CONFIG_FILE: config }, undefined, undefined],
    [
      'AWS_DEFAULT_REGION',
      { profile: 'dev' },
      { AWS_CONFIG_FILE: config, AWS_DEFAULT_REGION: 'eu-central-1' },
      'eu-central-1',
      'AWS_DEFAULT_REGION',
    ],
    ['AWS_REGION', {}, { AWS_DEFAULT_REGION: 'eu-central-1', AWS_REGION: 'eu-west-1' }, 'eu-west-1', 'AWS_REGION'],
    ['--region', { flag: 'us-west-2' }, { AWS_REGION: 'eu-west-1' }, 'us-west-2', '--region'],
  ];
  for (const [name, o, env, region, source] of cases) {
    it(name, async () => {
      const got = regionFromEnvironment(o, await loadSharedConfig(env), env);
      assert.equal(got?.region, region);
      assert.equal(got?.source, source);
    });
  }
});

describe('credentialsError', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamalert-aws-'));
  const config = join(dir, 'config');
  writeFileSync(
    config,
    '[profile dev]\nregion = us-east-1\n[profile corp]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://x\n',
  );
  const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
  const provider = (message: string) => Object.assign(new Error(message), { name: 'CredentialsProviderError' });
  const refused = (name: string) => Object.assign(new Error('refused'), { name });
  const call = { service: 'SQS', operation: 'ReceiveMessage' };
  const cases: [string, unknown, { profile?: string; passedIn?: boolean }, NodeJS.ProcessEnv, RegExp | undefined][] = [
    [
      'a missing profile',
      provider('Profile nosuch could not be found'),
      { profile: 'nosuch' },
      env,
      /no AWS profile "nosuch" \(--profile\).*aws configure --profile nosuch.*one of: corp, dev/,
    ],
    [
      'an SSO profile',
      provider('The SSO session token associated with profile=corp was not found'),
      {},
      { ...env, AWS_PROFILE: 'corp' },
      /SSO session of profile "corp" \(AWS_PROFILE\).*aws sso login --profile corp/,
    ],
    ['an SSO token refused by AWS', refused('ExpiredTokenException'), { profile: 'corp' }, env, /aws sso login --profile corp/],
    [
      'an existing profile without credentials',
      provider('Could not load credentials from any providers'),
      { profile: 'dev' },
      env,
      /could not load the credentials of profile "dev".*aws configure list --profile dev/,
    ],
    ['nothing configured', provider('Could not load credentials from any providers'), {}, env, /no AWS credentials found.*`aws configure`/],
    [
      'an expired token from the environment',
      refused('ExpiredToken'),
      {},
      { ...env, AWS_ACCESS_KEY_ID: 'AKIA' },
      /session token in AWS_SESSION_TOKEN has expired/,
    ],
    [
      'an unknown access key from the environment',
      refused('InvalidClientTokenId'),
      {},
      { ...env, AWS_ACCESS_KEY_ID: 'AKIA' },
      /does not accept the access key in AWS_ACCESS_KEY_ID \(InvalidClientTokenId\)/,
    ],
    [
      'credentials passed in',
      refused('UnrecognizedClientException'),
      { passedIn: true },
      env,
      /AWS refused the credentials passed to streamalert/,
    ],
    ['a throttle is not a credentials error', refused('ThrottlingException'), {}, env, undefined],
    ['access denied is not a credentials error', refused('AccessDeniedException'), {}, env, undefined],
  ];
  for (const [name, err, ctx, e, expected] of cases) {
    it(name, async () => {
      const got = await credentialsError(err, ctx, call, e);
      if (!expected) return assert.equal(got, undefined);
      assert.ok(got instanceof CredentialsError);
      assert.match(got.message, expected);
      assert.equal(got.service, 'SQS');
      assert.equal(exitCodeFor(got), 7);
    });
  }
});

describe('formatRequestRecord', () => {
  it('one line with service, operation, status, attempt, ms and request id', () => {
    assert.equal(
      formatRequestRecord({ service: 'SQS', operation: 'ReceiveMessage', status: 200, attempt: 1, ms: 12, requestId: 'abc' }),
      'aws SQS.ReceiveMessage status=200 attempt=1 ms=12 request-id=abc',
    );
    assert.equal(
      formatRequestRecord({ service: 'S3', operation: 'PutObject', attempt: 2, ms: 3, error: 'TimeoutError' }),
      'aws S3.PutObject status=- attempt=2 ms=3 request-id=- error=TimeoutError',
    );
  });

  it('quotes and escapes a request id or error name from the network that is not plain', () => {
    const line = formatRequestRecord({
      service: 'SQS',
      operation: 'ReceiveMessage',
      status: 400,
      attempt: 1,
      ms: 1,
      requestId: 'a\u001b[2J\nforged',
      error: 'Bad\u009b31m name',
    });
    assert.equal(line, 'aws SQS.ReceiveMessage status=400 attempt=1 ms=1 request-id="a\\u001b[2J\\nforged" error="Bad\\u009b31m name"');
    assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f]/);
    assert.match(
      formatRequestRecord({ service: 'SQS', operation: 'X', attempt: 1, ms: 1, requestId: 'x'.repeat(500) }),
      /request-id="x{128}…"$/,
    );
  });
});
