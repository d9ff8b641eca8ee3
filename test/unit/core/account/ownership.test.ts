import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAccount } from '../../../../src/core/account/account.js';
import { configFromObjects } from '../../../../src/core/config/load.js';
import { ConfigError } from '../../../../src/core/kernel/errors.js';
import { isOurs, missingTags, MANAGED_TAG, notOursReason, ownershipTags, PREFIX_TAG } from '../../../../src/core/account/ownership.js';

const account = { aws_account_id: '111111111111', prefix: 'acme', region: 'us-east-1' };
const lambda = { athena_partition_refresh_config: { buckets: { 'acme-streamalerts': 'alerts' } } };

describe('ownership tags', () => {
  it('adds the user tags of global.json, ours last so they cannot be overridden', () => {
    const config = configFromObjects({ account, tags: { team: 'secops', 'cost-center': '42' } }, lambda);
    assert.deepEqual(ownershipTags(config), { team: 'secops', 'cost-center': '42', [MANAGED_TAG]: 'true', [PREFIX_TAG]: 'acme' });
  });

  for (const [name, tags, want] of [
    ['no tags at all', undefined, false],
    ['other tags only', { team: 'billing' }, false],
    ['managed=false', { [MANAGED_TAG]: 'false' }, false],
    ['ours, same prefix', { [MANAGED_TAG]: 'true', [PREFIX_TAG]: 'acme' }, true],
    ['ours, no prefix tag', { [MANAGED_TAG]: 'true' }, true],
    ['another deployment', { [MANAGED_TAG]: 'true', [PREFIX_TAG]: 'other' }, false],
  ] as const) {
    it(`isOurs: ${name} → ${want}`, () => assert.equal(isOurs(tags as Record<string, string> | undefined, 'acme'), want));
  }

  it("names the other deployment, or says the resource is someone else's", () => {
    assert.match(notOursReason('role', 'r', { [MANAGED_TAG]: 'true', [PREFIX_TAG]: 'other' }, 'acme'), /prefix "other"/);
    assert.match(notOursReason('role', 'r', {}, 'acme'), /not streamalert's \(no tag streamalert:managed=true\)/);
  });

  it('missingTags lists only what differs, never removals', () => {
    assert.deepEqual(missingTags({ a: '1', b: '2' }, { a: '1', b: 'x', c: '3' }), { b: '2' });
    assert.deepEqual(missingTags({ a: '1' }, undefined), { a: '1' });
  });

  for (const [name, tags, message] of [
    ['aws: keys', { 'aws:createdBy': 'x' }, /reserved by AWS/],
    ['our own keys', { 'streamalert:managed': 'false' }, /streamalert's own/],
    ['empty keys', { '': 'x' }, /must not be empty/],
    ['long values', { k: 'v'.repeat(257) }, /at most 256/],
    ['non-string values', { k: 1 }, /tags/],
  ] as const) {
    it(`global.json tags refuses ${name}`, () => {
      assert.throws(
        () => configFromObjects({ account, tags }, lambda),
        (err: unknown) => err instanceof ConfigError && message.test(err.message),
      );
    });
  }
});

describe('checkAccount', () => {
  const config = configFromObjects({ account }, lambda, '/srv/conf');
  it('passes when the credentials are in the configured account', async () => {
    assert.equal(await checkAccount({ callerAccount: async () => '111111111111' }, config), '111111111111');
  });
  it('names both accounts, the file and the key when they differ', async () => {
    await assert.rejects(checkAccount({ callerAccount: async () => '123456789012' }, config), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /account 123456789012.*\/srv\/conf\/global\.json.*111111111111.*nothing was changed/);
      assert.equal(err.keyPath, 'account.aws_account_id');
      return true;
    });
  });
});
