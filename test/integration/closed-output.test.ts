/**
 * A reader that closes our stdout before we are done (`streamalert --help | head -1`): the CLI ends
 * quietly with exit 0 (src/cli/closed-output.ts), no EPIPE stack trace. The pipe's read end is
 * closed before the child writes anything, so every write fails: no race with the reader.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { BIN, HERMETIC_AWS_ENV } from '../support/cli.js';
import { DEFAULT_ATHENA, writeConfig } from '../support/deployment.js';

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...HERMETIC_AWS_ENV, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('a closed stdout ends the CLI quietly', () => {
  const conf = writeConfig(DEFAULT_ATHENA);
  const cases: [string, string[]][] = [
    ['--help', ['--help']],
    ["a subcommand's help", ['athena', 'refresh', '--help']],
    ['--version', ['--version']],
    [
      'long JSON output (1,000 schedule times)',
      ['schedule', 'rate(1 minute)', '--count', '1000', '--from', '2026-12-01', '--output', 'json'],
    ],
    ['text output', ['schedule', 'rate(1 minute)', '--count', '1000', '--from', '2026-12-01']],
    ['a JSON document (an IAM policy)', ['athena', 'iam-policy', '--config-dir', conf]],
  ];
  for (const [name, args] of cases) {
    it(name, async () => {
      const out = await runWithClosedStdout(args);
      assert.equal(out.stderr, '');
      assert.equal(out.signal, null);
      assert.equal(out.code, 0);
    });
  }
});
