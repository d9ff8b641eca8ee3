/** Endpoint and region order, the shared config file, credential failures, --debug's line format. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { endpointFor, regionFromEnvironment } from '../../src/aws/client-factory.js';
import { credentialsError } from '../../src/aws/credentials.js';
import { formatRequestRecord } from '../../src/aws/middleware.js';
import { parseIni } from '../../src/aws/shared-config.js';
import { CredentialsError } from '../../src/core/errors.js';
import { exitCodeFor } from '../../src/cli/handle-error.js';

describe('endpointFor', () => {
  const cases: [string, string, string | undefined, NodeJS.ProcessEnv, string | undefined][] = [
    ['nothing: AWS itself', 'SQS', undefined, {}, undefined],
    ['the shared variable', 'SQS', undefined, { AWS_ENDPOINT_URL: 'http://all' }, 'http://all'],
    ["the service's own variable wins", 'SQS', undefined, { AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_SQS: 'http://sqs' }, 'http://sqs'],
    ["another service's variable does not apply", 'Athena', undefined, { AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_SQS: 'http://sqs' }, 'http://all'],
    ['a service variable alone', 'S3', undefined, { AWS_ENDPOINT_URL_S3: 'http://s3' }, 'http://s3'],
    ['a service id with a space (CloudWatch Logs)', 'CloudWatch Logs', undefined, { AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://logs' }, 'http://logs'],
    ['--endpoint-url wins over both', 'SQS', 'http://flag', { AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_SQS: 'http://sqs' }, 'http://flag'],
    ['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'SQS', undefined, { AWS_ENDPOINT_URL_SQS: 'http://sqs', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, undefined],
    ['an empty variable is none', 'SQS', undefined, { AWS_ENDPOINT_URL_SQS: '', AWS_ENDPOINT_URL: 'http://all' }, 'http://all'],
  ];
  for (const [name, service, flag, env, expected] of cases) it(name, () => assert.equal(endpointFor(service, flag, env), expected));
});

describe('regionFromEnvironment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamalert-aws-'));
  const config = join(dir, 'config');
  writeFileSync(config, '# comment\n[default]\nregion = sa-east-1\n\n[profile dev]\nregion=ap-south-1\ns3 =\n  region = nested-not-a-region\n[sso-session dev]\nregion = not-a-profile\n');
  const none = join(dir, 'missing');
  const cases: [string, { flag?: string; profile?: string }, NodeJS.ProcessEnv, string | undefined, string | undefined][] = [
    ['nothing', {}, { AWS_CONFIG_FILE: none }, undefined, undefined],
    ['the default profile', {}, { AWS_CONFIG_FILE: config }, 'sa-east-1', `profile "default" in ${config}`],
    ['AWS_PROFILE', {}, { AWS_CONFIG_FILE: config, AWS_PROFILE: 'dev' }, 'ap-south-1', `profile "dev" in ${config}`],
    ['--profile over AWS_PROFILE', { profile: 'default' }, { AWS_CONFIG_FILE: config, AWS_PROFILE: 'dev' }, 'sa-east-1', `profile "default" in ${config}`],
    ['a profile without a region', { profile: 'other' }, { AWS_CONFIG_FILE: config }, undefined, undefined],
    ['AWS_DEFAULT_REGION', { profile: 'dev' }, { AWS_CONFIG_FILE: config, AWS_DEFAULT_REGION: 'eu-central-1' }, 'eu-central-1', 'AWS_DEFAULT_REGION'],
    ['AWS_REGION', {}, { AWS_DEFAULT_REGION: 'eu-central-1', AWS_REGION: 'eu-west-1' }, 'eu-west-1', 'AWS_REGION'],
    ['--region', { flag: 'us-west-2' }, { AWS_REGION: 'eu-west-1' }, 'us-west-2', '--region'],
  ];
  for (const [name, o, env, region, source] of cases) {
    it(name, () => {
      const got = regionFromEnvironment(o, env);
      assert.equal(got?.region, region);
      assert.equal(got?.source, source);
    });
  }
});

describe('parseIni', () => {
  it('reads sections and keys, skipping comments and nested settings', () => {
    const ini = parseIni('[default]\nregion = us-east-1 \n; note\ns3 =\n    addressing_style = path\n[profile x]\nsso_session=corp\n');
    assert.deepEqual(Object.fromEntries(ini), { default: { region: 'us-east-1', s3: '' }, 'profile x': { sso_session: 'corp' } });
  });
});

describe('credentialsError', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamalert-aws-'));
  const config = join(dir, 'config');
  writeFileSync(config, '[profile dev]\nregion = us-east-1\n[profile corp]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://x\n');
  const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
  const provider = (message: string) => Object.assign(new Error(message), { name: 'CredentialsProviderError' });
  const refused = (name: string) => Object.assign(new Error('refused'), { name });
  const call = { service: 'SQS', operation: 'ReceiveMessage' };
  const cases: [string, unknown, { profile?: string; passedIn?: boolean }, NodeJS.ProcessEnv, RegExp | undefined][] = [
    ['a missing profile', provider('Profile nosuch could not be found'), { profile: 'nosuch' }, env, /no AWS profile "nosuch" \(--profile\).*aws configure --profile nosuch.*one of: corp, dev/],
    ['an SSO profile', provider('The SSO session token associated with profile=corp was not found'), {}, { ...env, AWS_PROFILE: 'corp' }, /SSO session of profile "corp" \(AWS_PROFILE\).*aws sso login --profile corp/],
    ['an SSO token refused by AWS', refused('ExpiredTokenException'), { profile: 'corp' }, env, /aws sso login --profile corp/],
    ['an existing profile without credentials', provider('Could not load credentials from any providers'), { profile: 'dev' }, env, /could not load the credentials of profile "dev".*aws configure list --profile dev/],
    ['nothing configured', provider('Could not load credentials from any providers'), {}, env, /no AWS credentials found.*`aws configure`/],
    ['an expired token from the environment', refused('ExpiredToken'), {}, { ...env, AWS_ACCESS_KEY_ID: 'AKIA' }, /session token in AWS_SESSION_TOKEN has expired/],
    ['an unknown access key from the environment', refused('InvalidClientTokenId'), {}, { ...env, AWS_ACCESS_KEY_ID: 'AKIA' }, /does not accept the access key in AWS_ACCESS_KEY_ID \(InvalidClientTokenId\)/],
    ['credentials passed in', refused('UnrecognizedClientException'), { passedIn: true }, env, /AWS refused the credentials passed to streamalert/],
    ['a throttle is not a credentials error', refused('ThrottlingException'), {}, env, undefined],
    ['access denied is not a credentials error', refused('AccessDeniedException'), {}, env, undefined],
  ];
  for (const [name, err, ctx, e, expected] of cases) {
    it(name, () => {
      const got = credentialsError(err, ctx, call, e);
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
    assert.equal(formatRequestRecord({ service: 'SQS', operation: 'ReceiveMessage', status: 200, attempt: 1, ms: 12, requestId: 'abc' }), 'aws SQS.ReceiveMessage status=200 attempt=1 ms=12 request-id=abc');
    assert.equal(formatRequestRecord({ service: 'S3', operation: 'PutObject', attempt: 2, ms: 3, error: 'TimeoutError' }), 'aws S3.PutObject status=- attempt=2 ms=3 request-id=- error=TimeoutError');
  });

  it('quotes and escapes a request id or error name from the network that is not plain', () => {
    const line = formatRequestRecord({ service: 'SQS', operation: 'ReceiveMessage', status: 400, attempt: 1, ms: 1, requestId: 'a\u001b[2J\nforged', error: 'Bad\u009b31m name' });
    assert.equal(line, 'aws SQS.ReceiveMessage status=400 attempt=1 ms=1 request-id="a\\u001b[2J\\nforged" error="Bad\\u009b31m name"');
    assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f]/);
    assert.match(formatRequestRecord({ service: 'SQS', operation: 'X', attempt: 1, ms: 1, requestId: 'x'.repeat(500) }), /request-id="x{128}…"$/);
  });
});
