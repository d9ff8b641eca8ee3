/** Every command's --help: the global options and two or three examples; --version from package.json. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { commandPath } from '../../../src/cli/examples.js';
import { createProgram } from '../../../src/cli/program.js';

function allCommands(root: Command): Command[] {
  return root.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** The help text a user sees with --help, including the text added after it. */
function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  command.outputHelp();
  return text;
}

describe('--help', () => {
  const program = createProgram();
  const commands = allCommands(program);

  it('covers every command', () => assert.ok(commands.length >= 8, commands.map(commandPath).join(', ')));

  for (const command of commands) {
    const path = commandPath(command);
    it(`streamalert ${path} --help shows the global options and 2-3 examples`, () => {
      const help = helpOf(command);
      assert.match(help, /^Global Options:$/m);
      for (const option of ['--config-dir', '--region', '--profile', '--endpoint-url', '--output', '--log-level', '--debug'])
        assert.ok(help.includes(option), `${path}: ${option}`);
      const examples = help.split(/^Examples:$/m)[1];
      assert.ok(examples, `${path} has no examples`);
      const lines = examples.split('\n').filter((l) => l.startsWith('  $ '));
      assert.ok(lines.length >= 2 && lines.length <= 3, `${path}: ${lines.length} examples`);
      // Each example runs the command it documents (a group's examples, its subcommands).
      for (const l of lines) assert.ok(l.startsWith(`  $ streamalert ${path}`), l);
    });
  }
});

describe('--version', () => {
  it("is package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(createProgram().version(), pkg.version);
  });
});
