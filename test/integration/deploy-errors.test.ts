/**
 * `streamalert deploy` errors through the CLI, against moto: a new function without role_arn
 * (exit 3), a role Lambda cannot use (exit 4), an unknown or missing --function (exit 2). Nothing
 * is created. (A file of its own: each CLI start is a process and a compile, and the per-file
 * time budget must hold on a busy machine.)
 */
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AwsClients } from '../../src/aws/sdk/clients.js';
import { runCli } from '../support/cli.js';
import { startMoto, type MotoServer } from '../support/moto.js';

let moto: MotoServer;
let clients: AwsClients;
let conf: string;

function writeAlert(section: Record<string, unknown>): void {
  const lambda = {
    athena_partition_refresh_config: { buckets: { 'test-data': '*' } },
    alert_processor_config: {
      source: 'alerts',
      handler: 'main.handler',
      runtime: 'python3.12',
      function_name: 'test_new_alerts',
      ...section,
    },
  };
  writeFileSync(join(conf, 'lambda.json'), JSON.stringify(lambda));
}

const cli = (...args: string[]) => runCli(['--config-dir', conf, '--endpoint-url', moto.url, ...args]);

before(async () => {
  moto = await startMoto();
  clients = new AwsClients({ region: 'us-east-1', endpointUrl: moto.url });
  const project = mkdtempSync(join(tmpdir(), 'streamalert-deploy-errors-'));
  conf = join(project, 'conf');
  mkdirSync(conf);
  mkdirSync(join(project, 'alerts'));
  writeFileSync(join(project, 'alerts', 'main.py'), 'def handler(event, context):\n    return "alerts"\n');
  writeFileSync(
    join(conf, 'global.json'),
    JSON.stringify({ account: { aws_account_id: '123456789012', prefix: 'test', region: 'us-east-1' } }),
  );
});

after(async () => {
  clients?.destroy();
  await moto?.stop();
});

describe('deploy errors', () => {
  it('a new function without role_arn, a role Lambda cannot use, or an unknown name: clear errors and non-zero exits', async () => {
    writeAlert({});
    const noRole = await cli('deploy', '--function', 'alert');
    assert.equal(noRole.code, 3, noRole.stderr);
    assert.match(
      noRole.stderr,
      /configuration error: function "test_new_alerts" does not exist in us-east-1 and alert_processor_config\.role_arn is not set/,
    );

    writeAlert({ role_arn: 'arn:aws:iam::123456789012:role/does-not-exist' });
    const badRole = await cli('deploy', '--function', 'alert');
    assert.equal(badRole.code, 4, badRole.stderr);
    assert.match(
      badRole.stderr,
      /AWS error: .*lambda CreateFunction failed: InvalidParameterValueException.*role_arn names an existing role/,
    );

    const unknown = await cli('deploy', '--function', 'classifier');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown function "classifier"; use athena, rule, alert or all/);
    const missing = await cli('deploy');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--function is required/);
    assert.deepEqual((await clients.lambda().send(new ListFunctionsCommand({}))).Functions ?? [], []);
  });
});
