/** What the export is made from: init's blocked rows stop it; the trigger is planned against the queue as exported. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromObjects } from '../../../../src/core/config/load.js';
import { functionSpec } from '../../../../src/core/deploy/functions.js';
import type { DeployPorts } from '../../../../src/core/deploy/ports.js';
import { ConfigError, InitBlockedError, QueueNotFoundError } from '../../../../src/core/kernel/errors.js';
import { collectExport } from '../../../../src/core/export/collect.js';
import type { InitPort } from '../../../../src/core/init/ports.js';

const config = configFromObjects(
  { account: { aws_account_id: '123456789012', prefix: 'p', region: 'us-east-1' } },
  {
    athena_partition_refresh_config: {
      buckets: { 'p-alerts': 'alerts' },
      results_bucket: 's3://p-results/athena/',
      trigger: 'sqs',
      timeout: 60,
      runtime: 'nodejs22.x',
    },
  },
);
const TODAY = new Date('2026-12-01T00:00:00Z');
const noWrites = () => Promise.reject(new Error('the export must not write'));

function initPort(bucketExists: boolean, account = '123456789012', theirQueue = false): InitPort {
  return {
    callerAccount: async () => account,
    getQueue: async (name) => {
      if (account !== '123456789012') throw new Error('read before the account check');
      return theirQueue && !name.endsWith('_dlq')
        ? { url: `https://sqs/${name}`, arn: `arn:aws:sqs:us-east-1:123456789012:${name}`, attributes: {}, tags: { team: 'other' } }
        : null;
    },
    getBucketRegion: async () => (bucketExists ? 'us-east-1' : null),
    describeKey: async () => null,
    getBucketNotifications: async () => (bucketExists ? {} : null),
    getResultsBucket: async () => null,
    getDatabase: async () => ({ glue: false, athena: false }),
    athenaDatabaseExists: async () => false,
    getTable: async () => null,
    createQueue: noWrites,
    setQueueAttributes: noWrites,
    tagQueue: noWrites,
    putBucketTags: noWrites,
    tagDatabase: noWrites,
    putBucketNotifications: noWrites,
    createBucket: noWrites,
    putBucketEncryption: noWrites,
    putPublicAccessBlock: noWrites,
    putLifecycleRules: noWrites,
    createGlueDatabase: noWrites,
    createAthenaDatabase: noWrites,
    createTable: noWrites,
    updateTable: noWrites,
  };
}

function deployPorts(queueVisibility: number | null): DeployPorts {
  return {
    functions: {
      getState: async () => ({ function: null, alias: null }),
      create: noWrites,
      updateCode: noWrites,
      updateConfiguration: noWrites,
      publishVersion: noWrites,
      setAlias: noWrites,
      listVersions: async () => [],
      tag: noWrites,
    },
    schedules: { getState: async () => ({ rule: null, targetsAlias: false, permitted: false }), apply: noWrites },
    roles: { get: async () => null, apply: noWrites },
    logGroups: { get: async () => null, apply: noWrites },
    eventSources: {
      queue: async (name) => {
        if (queueVisibility === null) throw new QueueNotFoundError(name);
        return { url: 'https://sqs/q', arn: 'arn:q', visibilityTimeout: queueVisibility };
      },
      getMapping: async () => null,
      apply: noWrites,
    },
    packager: async () => ({ zip: new Uint8Array([1]), sha256: 'c2hh', sha256Hex: 'aa', size: 1 }),
  };
}

const run = (bucketExists: boolean, queueVisibility: number | null, account?: string, theirQueue = false) =>
  collectExport(
    config,
    [],
    [functionSpec(config, 'athena')],
    {
      init: initPort(bucketExists, account, theirQueue),
      deploy: deployPorts(queueVisibility),
      deployTarget: { region: 'us-east-1', accountId: '123456789012', tags: {} },
    },
    { today: TODAY },
  );

describe('collectExport', () => {
  it('credentials of another account stop it before anything is read (ConfigError naming both)', async () => {
    await assert.rejects(
      run(true, 60, '999999999999'),
      (err: unknown) => err instanceof ConfigError && /999999999999/.test(err.message) && /123456789012/.test(err.message),
    );
  });
  it('a blocked init row blocks the export (InitBlockedError, exit 3)', async () => {
    await assert.rejects(
      run(false, null),
      (err: unknown) => err instanceof InitBlockedError && /bucket p-alerts does not exist/.test(err.message),
    );
  });
  it('a queue of our name that is not ours is a blocked row: it blocks the export too', async () => {
    await assert.rejects(
      run(true, 60, undefined, true),
      (err: unknown) => err instanceof InitBlockedError && /p_streamalert_athena_s3_notifications/.test(err.message),
    );
  });
  const cases: [string, number | null][] = [
    ['no queue yet', null],
    ['a queue whose visibility timeout the export raises', 30],
  ];
  for (const [what, visibility] of cases) {
    it(`sqs trigger, ${what}: planned, not blocked`, async () => {
      const input = await run(true, visibility);
      const planned = input.functions[0]!.planned;
      assert.deepEqual(planned.blockers, []);
      assert.equal(planned.mapping?.plan.action, 'create');
      assert.equal(input.functions[0]!.zipFile, 'p_streamalert_athena_partition_refresh.zip');
      assert.equal(input.tags['streamalert:prefix'], 'p');
    });
  }
});
