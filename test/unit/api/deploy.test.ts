/** The one-call rollback's own checks, made before any AWS call. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { rollback } from '../../../src/api/deploy.js';
import { cliMessage } from '../../../src/cli/errors/messages.js';
import { configFromObjects } from '../../../src/core/config/load.js';
import { OptionError } from '../../../src/core/kernel/errors.js';

const json = (file: string): unknown => JSON.parse(readFileSync(new URL(`../../../conf/${file}`, import.meta.url), 'utf8'));

it('rollback to a version needs exactly one function: the library names `to`, the CLI --to', async () => {
  const lambda = json('lambda.json') as Record<string, Record<string, unknown>>;
  lambda.rule_processor_config = { ...lambda.rule_processor_config, source: 'rules/handler.ts' };
  const config = configFromObjects(json('global.json'), lambda);
  const err = await rollback({ config, functions: ['athena', 'rule'], to: '3' }).then(
    () => assert.fail('expected a throw'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof OptionError);
  assert.equal(err.message, '`to` needs exactly one function');
  assert.equal(cliMessage(err), '--to needs exactly one function');
});
