/**
 * The library's one-call functions against moto, imported by package name as a user would:
 * monitor() reads and judges a queue, deploy() plans and ships the refresh function, rollback()
 * refuses what cannot be done with a typed error. The CLI runs the same pipelines (tested elsewhere).
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AwsError, configFromObjects, deploy, monitor, NothingToRollBackError, rollback, UsageError, type Config } from 'streamalert';
import { ACCOUNT, createDeployment, DEFAULT_ATHENA, type Deployment } from '../support/deployment.js';
import { startMoto, type MotoServer } from '../support/moto.js';

let moto: MotoServer;
let deployment: Deployment;
let config: Config;

before(async () => {
  moto = await startMoto();
  deployment = await createDeployment(moto.url, { ...DEFAULT_ATHENA, queue_name: 'lib_queue' });
  const iam = new IAMClient({
    region: 'us-east-1',
    endpoint: moto.url,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
  const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'streamalert-lib', AssumeRolePolicyDocument: JSON.stringify(trust) })))
    .Role!.Arn!;
  iam.destroy();
  config = configFromObjects(
    { account: ACCOUNT },
    { athena_partition_refresh_config: { ...DEFAULT_ATHENA, queue_name: 'lib_queue', role_arn: roleArn } },
    deployment.configDir,
  );
});

after(async () => {
  deployment?.clients.destroy();
  await moto?.stop();
});

const aws = () => ({ endpointUrl: moto.url, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

describe('library', () => {
  it('monitor() reads the queue and gives the verdict with its findings', async () => {
    const report = await monitor({ config, ...aws(), window: '6h', period: '1h' });
    assert.equal(report.queue.name, 'lib_queue');
    assert.equal(report.queue.exists, true);
    assert.equal(report.status, 'no-data');
    assert.deepEqual(
      report.findings.map((f) => f.code),
      ['no-metrics'],
    );
    assert.equal(report.window.windowSeconds, 6 * 3600);
  });

  it('monitor() refuses a window that is not a duration', async () => {
    await assert.rejects(monitor({ config, ...aws(), window: 'a week' }), UsageError);
  });

  it('deploy() plans, then creates the function; a second deploy changes nothing', async () => {
    const plan = await deploy({ config, ...aws(), functions: 'athena', dryRun: true });
    assert.equal(plan.dryRun, true);
    assert.deepEqual(
      plan.functions.map((f) => [f.function, f.action]),
      [['athena', 'created']],
    );
    const done = await deploy({ config, ...aws(), functions: ['athena'] });
    assert.deepEqual(
      done.functions.map((f) => [f.action, f.version]),
      [['created', '1']],
    );
    const again = await deploy({ config, ...aws(), functions: 'athena' });
    assert.deepEqual(
      again.functions.map((f) => f.action),
      ['unchanged'],
    );
  });

  it('rollback() with one published version, or to the current one, is a typed error', async () => {
    await assert.rejects(
      rollback({ config, ...aws(), functions: 'athena' }),
      (err: unknown) => err instanceof NothingToRollBackError && /no earlier published version/.test(err.message),
    );
    await assert.rejects(
      rollback({ config, ...aws(), functions: 'athena', to: '1' }),
      (err: unknown) => err instanceof UsageError && /already on version 1/.test(err.message),
    );
  });

  it('an unknown function name is a UsageError, before any AWS call', async () => {
    // Port 9 answers nothing: an AWS call would end in an AwsError, not this.
    await assert.rejects(
      deploy({ config, endpointUrl: 'http://127.0.0.1:9', functions: 'athena,nope' }),
      (err: unknown) => err instanceof UsageError && !(err instanceof AwsError),
    );
  });
});
