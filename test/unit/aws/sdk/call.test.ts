/** call / callOrNull: SDK failures become AwsError; each service's not-found codes become null. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, callOrNull } from '../../../../src/aws/sdk/errors.js';
import { AwsError } from '../../../../src/core/kernel/errors.js';

/** An SDK exception as the clients throw it (name, or S3's Code). */
const failing = (error: Record<string, unknown>) => async () => {
  throw Object.assign(new Error(String(error.message ?? 'failed')), error);
};

describe('callOrNull', () => {
  const cases: [string, Record<string, unknown>, 'null' | string][] = [
    ['lambda', { name: 'ResourceNotFoundException' }, 'null'],
    ['eventbridge', { name: 'ResourceNotFoundException' }, 'null'],
    ['Glue', { name: 'EntityNotFoundException' }, 'null'],
    ['iam', { name: 'NoSuchEntity' }, 'null'],
    ['iam', { name: 'NoSuchEntityException' }, 'null'],
    ['SQS', { name: 'QueueDoesNotExist' }, 'null'],
    ['SQS', { name: 'AWS.SimpleQueueService.NonExistentQueue' }, 'null'],
    ['S3', { name: 'NotFound', Code: 'NoSuchBucket' }, 'null'],
    ['lambda', { name: 'EntityNotFoundException' }, 'EntityNotFoundException'],
    ['SQS', { name: 'AccessDenied' }, 'AccessDenied'],
    ['Glue', { name: 'ThrottlingException' }, 'ThrottlingException'],
  ];
  for (const [service, error, expected] of cases) {
    it(`${service} ${String(error.Code ?? error.name)} → ${expected}`, async () => {
      const run = callOrNull(service, 'Op', failing(error));
      if (expected === 'null') assert.equal(await run, null);
      else
        await assert.rejects(
          run,
          (err: unknown) => err instanceof AwsError && err.code === expected && err.service === service && err.operation === 'Op',
        );
    });
  }

  it('codes given for a sub-resource replace the service’s', async () => {
    assert.equal(
      await callOrNull(
        'S3',
        'GetBucketEncryption',
        failing({ name: 'ServerSideEncryptionConfigurationNotFoundError' }),
        undefined,
        undefined,
        ['ServerSideEncryptionConfigurationNotFoundError'],
      ),
      null,
    );
    await assert.rejects(
      callOrNull('S3', 'GetBucketEncryption', failing({ name: 'NoSuchBucket' }), undefined, undefined, [
        'ServerSideEncryptionConfigurationNotFoundError',
      ]),
      AwsError,
    );
  });

  it('passes an answer through', async () =>
    assert.deepEqual(await callOrNull('lambda', 'GetFunction', async () => ({ ok: 1 })), { ok: 1 }));
});

describe('call', () => {
  it('adds the hint for the code', async () => {
    await assert.rejects(
      call('lambda', 'UpdateAlias', failing({ name: 'ResourceConflictException', message: 'busy' }), undefined, {
        ResourceConflictException: ' — wait.',
      }),
      (err: unknown) =>
        err instanceof AwsError && /^lambda UpdateAlias failed: ResourceConflictException: busy — wait\.$/.test(err.message),
    );
  });
  it('Glue AccessDenied that names Lake Formation gets the Lake Formation grants, not the IAM hint', async () => {
    const lf = failing({
      name: 'AccessDeniedException',
      message: 'Insufficient Lake Formation permission(s): Required Create Database on Catalog',
    });
    await assert.rejects(
      call('Glue', 'CreateDatabase', lf, undefined, { AccessDeniedException: ' — IAM.' }),
      (err: unknown) =>
        err instanceof AwsError &&
        /Lake Formation governs this Data Catalog.*CREATE_DATABASE on the catalog.*CREATE_TABLE and ALTER on the database.*DATA_LOCATION_ACCESS/.test(
          err.message,
        ) &&
        !err.message.includes('IAM.'),
    );
    const iam = failing({ name: 'AccessDeniedException', message: 'User is not authorized to perform glue:CreateDatabase' });
    await assert.rejects(
      call('Glue', 'CreateDatabase', iam, undefined, { AccessDeniedException: ' — IAM.' }),
      (err: unknown) => err instanceof AwsError && err.message.endsWith(' — IAM.'),
    );
  });
  it('says a call cut off by its signal was cut off', async () => {
    const controller = new AbortController();
    controller.abort(new Error('the deadline passed'));
    await assert.rejects(
      call('SQS', 'ReceiveMessage', failing({ name: 'AbortError' }), controller.signal),
      (err: unknown) => err instanceof AwsError && err.code === 'RequestAborted' && /cut off: the deadline passed/.test(err.message),
    );
  });
});
