/** Core errors name options as the library does; the CLI writes its flags in. */
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliMessage } from '../../../../src/cli/errors/messages.js';
import { exitCodeFor } from '../../../../src/cli/errors/handle-error.js';
import { parseRange } from '../../../../src/core/backfill/range.js';
import { parseFunctionNames } from '../../../../src/core/deploy/functions.js';
import { rollbackTarget } from '../../../../src/core/deploy/rollback.js';
import { loadConfig } from '../../../../src/core/config/load.js';
import {
  ConfigError,
  NotDeployedError,
  opt,
  optionError,
  OptionError,
  QueueNotFoundError,
  StreamAlertError,
  UsageError,
} from '../../../../src/core/kernel/errors.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected a throw');
}

describe('option errors', () => {
  const cases: [string, () => unknown, string, string][] = [
    [
      'no function',
      () => parseFunctionNames([]),
      '`functions` is required: athena, rule, alert or all',
      '--function is required: athena, rule, alert or all',
    ],
    [
      'unknown function',
      () => parseFunctionNames(['nope']),
      '`functions`: unknown function "nope"; use athena, rule, alert or all',
      '--function: unknown function "nope"; use athena, rule, alert or all',
    ],
    [
      'bad --to',
      () => rollbackTarget('f', ['1'], '1', 'x'),
      '`to` must be a published version number, not "x"',
      '--to must be a published version number, not "x"',
    ],
    [
      'since after until',
      () => parseRange('2026-11-02', '2026-11-01'),
      '`since` 2026-11-02 is after `until` 2026-11-01: nothing lies between them',
      '--since 2026-11-02 is after --until 2026-11-01: nothing lies between them',
    ],
  ];
  for (const [name, fn, library, cli] of cases) {
    it(name, () => {
      const err = thrown(fn);
      assert.ok(err instanceof OptionError && err instanceof UsageError);
      assert.equal(err.message, library);
      assert.equal(cliMessage(err), cli);
    });
  }

  it('optionError keeps values as text and options as references', () => {
    const err = optionError`${opt('window')} ${'7d'} is shorter than ${opt('period')} ${1}`;
    assert.deepEqual(err.wording, ['', { option: 'window' }, ' ', '7d', ' is shorter than ', { option: 'period' }, ' ', '1', '']);
  });

  it('a config error names the folder option: configDir for the library, --config-dir for the CLI', () => {
    const err = thrown(() => loadConfig(join(tmpdir(), 'no-such-streamalert-conf')));
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /global\.json: file not found\. Pass `configDir` pointing at/);
    assert.match(cliMessage(err), /global\.json: file not found\. Pass --config-dir pointing at/);
  });

  it('a bad region names where it came from', () => {
    assert.match(
      cliMessage(thrown(() => loadConfig('conf', { region: 'bad region' }))),
      /^--region: "bad region" is not an AWS region name/,
    );
    assert.match(
      cliMessage(thrown(() => loadConfig('conf', { region: 'bad region', regionFrom: 'AWS_REGION' }))),
      /^AWS_REGION: "bad region"/,
    );
  });

  it('a missing queue: the library says `region`, the CLI --region, also inside a wrapper', () => {
    const missing = new QueueNotFoundError('q');
    assert.match(missing.message, /and `region`\.$/);
    assert.match(cliMessage(missing), /and --region\.$/);
    const wrapper = new StreamAlertError(`stopped: ${missing.message}`, { cause: missing });
    assert.match(cliMessage(wrapper), /^stopped: SQS queue "q" does not exist .* and --region\.$/);
  });

  it('a rollback before any deploy: the library says deploy it, the CLI names the command', () => {
    const err = new NotDeployedError('athena', 'p_streamalert_athena_partition_refresh', 'production');
    assert.match(err.message, /has no production alias to roll back; deploy it first$/);
    assert.match(cliMessage(err), /; run streamalert deploy --function athena first$/);
    assert.equal(exitCodeFor(err), 8, 'nothing to roll back, not a usage error');
  });
});
