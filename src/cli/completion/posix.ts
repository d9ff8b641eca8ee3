/**
 * The parts bash and zsh share: three lookup functions over the command tree, written as `case`
 * statements (the same syntax in both shells, and no associative arrays, so bash 3.2 reads it):
 *   <fn>_subcommands PATH       the subcommands of a command path ('' is the program), or its argument's choices
 *   <fn>_options PATH           its options and the global ones
 *   <fn>_value PATH FLAG        succeeds when FLAG takes a value there, printing its choices if any
 */
import { flagsOf, shellQuote, type CompletionTree } from './tree.js';

export function lookupFunctions(tree: CompletionTree, fn: string): string {
  const subcommands = tree.nodes
    .filter((n) => n.subcommands.length || n.argumentChoices.length)
    .map((n) => `    ${shellQuote(n.path)}) echo ${shellQuote([...n.subcommands.map((s) => s.name), ...n.argumentChoices].join(' '))} ;;`);
  const globalFlags = tree.global.flatMap(flagsOf).join(' ');
  const options = tree.nodes
    .filter((n) => n.options.length)
    .map((n) => `    ${shellQuote(n.path)}) echo ${shellQuote(n.options.flatMap(flagsOf).join(' '))} ;;`);
  const valueLine = (patterns: string[], choices: readonly string[] | undefined) =>
    `    ${patterns.join('|')}) echo ${shellQuote((choices ?? []).join(' '))} ;;`;
  // A command's own option comes before a global one of the same flag: `case` takes the first match.
  const commandValues = tree.nodes.flatMap((n) =>
    n.options
      .filter((o) => o.takesValue)
      .map((o) =>
        valueLine(
          flagsOf(o).map((f) => shellQuote(`${n.path}|${f}`)),
          o.choices,
        ),
      ),
  );
  const globalValues = tree.global
    .filter((o) => o.takesValue)
    .map((o) =>
      valueLine(
        flagsOf(o).map((f) => `*${shellQuote(`|${f}`)}`),
        o.choices,
      ),
    );
  return [
    `${fn}_subcommands() {`,
    '  case "$1" in',
    ...subcommands,
    '  esac',
    '}',
    `${fn}_options() {`,
    '  case "$1" in',
    ...options,
    '  esac',
    `  echo ${shellQuote(globalFlags)}`,
    '}',
    `${fn}_value() {`,
    '  case "$1|$2" in',
    ...commandValues,
    ...globalValues,
    '    *) return 1 ;;',
    '  esac',
    '}',
  ].join('\n');
}

/**
 * The loop that finds the command path in the words before the cursor: option values are skipped,
 * a word that is a subcommand of the path so far extends it, anything else is an argument.
 */
export function pathLoop(words: string, first: number, current: string): string[] {
  return [
    `  for ((i = ${first}; i < ${current}; i++)); do`,
    `    w=\${${words}[i]}`,
    '    if [[ $w == -* ]]; then',
    `      [[ $w != *=* ]] && FN_value "$cmdpath" "$w" >/dev/null && ((i++))`,
    '      continue',
    '    fi',
    '    subs=" $(FN_subcommands "$cmdpath") "',
    '    [[ $subs == *" $w "* ]] && cmdpath=${cmdpath:+$cmdpath }$w',
    '  done',
  ];
}
