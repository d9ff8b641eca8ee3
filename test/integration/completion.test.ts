/**
 * `streamalert completion bash|zsh|fish`: the scripts are sourced in the real shells and asked for
 * completions. bash through its own `complete` and COMP_WORDS/COMP_CWORD; fish through
 * `complete -C`; zsh with `compadd` and `_files` stood in for (they exist only inside a completion
 * widget), so the test checks the script's logic and syntax, not zsh's matching.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { completionScript, type Shell } from '../../src/cli/completion/index.js';
import { completionTree } from '../../src/cli/completion/tree.js';
import { createProgram } from '../../src/cli/program.js';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'streamalert-completion-'));
function scriptFile(shell: Shell): string {
  const file = join(dir, `streamalert.${shell}`);
  writeFileSync(file, completionScript(createProgram(), shell));
  return file;
}
const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const q = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;

/** What bash's completion function offers for the words typed so far (the last one is being completed). */
function bash(file: string, words: string[]): string[] {
  const script = `source ${q(file)}\nCOMP_WORDS=(${words.map(q).join(' ')}); COMP_CWORD=${words.length - 1}\n_streamalert\nprintf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['--norc', '-c', script], { encoding: 'utf8', cwd: dir }).split('\n').filter(Boolean).sort();
}

describe('completion bash', () => {
  const file = scriptFile('bash');
  const tree = completionTree(createProgram());

  it('registers a completion function for streamalert (complete -p)', () => {
    assert.equal(
      execFileSync('bash', ['--norc', '-c', `source ${q(file)}; complete -p streamalert`], { encoding: 'utf8' }).trim(),
      'complete -F _streamalert streamalert',
    );
  });

  const cases: [string, string[], string[]][] = [
    ['the commands', ['streamalert', ''], ['athena', 'completion', 'deploy', 'export', 'package', 'rollback', 'schedule']],
    ['subcommands by prefix', ['streamalert', 'athena', 're'], ['redrive', 'refresh']],
    ["a subcommand's options and the global ones", ['streamalert', 'athena', 'refresh', '--m'], ['--max-messages']],
    ['global options before the command', ['streamalert', '--config-dir', 'conf', '--out'], ['--output']],
    ["an option's values", ['streamalert', 'deploy', '--output', ''], ['json', 'text']],
    ['--log-level values', ['streamalert', '--log-level', 'd'], ['debug']],
    [
      'the value of an option is not taken for a command',
      ['streamalert', '--profile', 'athena', ''],
      ['athena', 'completion', 'deploy', 'export', 'package', 'rollback', 'schedule'],
    ],
    ['past an argument', ['streamalert', 'schedule', 'rate(1 minute)', '--c'], ['--config-dir', '--count']],
    ["completion's shells", ['streamalert', 'completion', ''], ['bash', 'fish', 'zsh']],
  ];
  for (const [name, words, expected] of cases) it(name, () => assert.deepEqual(bash(file, words), expected));

  it("every command path: its subcommands, and all of its options and the program's", () => {
    const global = tree.global.flatMap((o) => [o.long, o.short]).filter(Boolean);
    for (const node of tree.nodes) {
      const words = ['streamalert', ...(node.path ? node.path.split(' ') : [])];
      if (node.subcommands.length) assert.deepEqual(bash(file, [...words, '']), node.subcommands.map((s) => s.name).sort(), node.path);
      const options = node.options.flatMap((o) => [o.long, o.short]).filter(Boolean);
      assert.deepEqual(bash(file, [...words, '-']), [...new Set([...options, ...global])].sort() as string[], node.path);
    }
  });

  it('the CLI prints the same script; an unknown shell is a usage error', async () => {
    const out = await runCli(['completion', 'bash']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, completionScript(createProgram(), 'bash'));
    const bad = await runCli(['completion', 'tcsh']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Allowed choices are bash, zsh, fish/);
  });
});

describe('completion zsh', { skip: has('zsh') ? false : 'zsh is not installed' }, () => {
  const file = scriptFile('zsh');
  const zsh = (words: string[]) =>
    execFileSync(
      'zsh',
      [
        '-f',
        '-c',
        `compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@"; }\n_files() { print -r -- '<files>'; }\nsource ${q(file)}\nwords=(${words.map(q).join(' ')}); CURRENT=${words.length}\n_streamalert`,
      ],
      { encoding: 'utf8' },
    )
      .split('\n')
      .filter(Boolean)
      .sort();
  it('offers commands, subcommands, options, option values and files', () => {
    assert.deepEqual(zsh(['streamalert', 'athena', '']), ['backfill', 'iam-policy', 'init', 'monitor', 'redrive', 'refresh']);
    assert.ok(zsh(['streamalert', 'athena', 'refresh', '--']).includes('--max-messages'));
    assert.deepEqual(zsh(['streamalert', '--output', '']), ['json', 'text']);
    assert.deepEqual(zsh(['streamalert', '--config-dir', '']), ['<files>']);
  });
});

describe('completion fish', { skip: has('fish') ? false : 'fish is not installed' }, () => {
  const file = scriptFile('fish');
  const fish = (line: string) =>
    execFileSync('fish', ['--no-config', '-c', `source ${q(file)}; complete -C ${q(line)}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')[0])
      .sort();
  it('offers commands with descriptions, subcommands, options and option values', () => {
    assert.deepEqual(fish('streamalert athena re'), ['redrive', 'refresh']);
    assert.deepEqual(fish('streamalert athena refresh --max'), ['--max-messages']);
    assert.deepEqual(fish('streamalert --output '), ['json', 'text']);
    assert.deepEqual(fish('streamalert completion '), ['bash', 'fish', 'zsh']);
  });
});
