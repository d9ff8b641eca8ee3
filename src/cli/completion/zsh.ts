/**
 * `streamalert completion zsh`: the same lookups as bash's script (posix.ts), answered with zsh's
 * own `compadd`/`_files`, registered with `compdef` (compinit must have run, as in any zsh setup
 * with completion on). `cmdpath`, not `path`: zsh ties `path` to PATH.
 */
import { lookupFunctions, pathLoop } from './posix.js';
import type { CompletionTree } from './tree.js';

export function zshScript(tree: CompletionTree): string {
  const fn = `_${tree.program.replace(/[^A-Za-z0-9_]/g, '_')}`;
  return [
    `#compdef ${tree.program}`,
    `# ${tree.program} completion for zsh. Load it now:   source <(${tree.program} completion zsh)`,
    `# or save it as _${tree.program} in a folder of your fpath, before compinit runs.`,
    lookupFunctions(tree, fn),
    `${fn}() {`,
    "  local cur=${words[CURRENT]} prev=${words[CURRENT-1]} cmdpath='' w i subs choices",
    ...pathLoop('words', 2, 'CURRENT'),
    `  if ((CURRENT > 2)) && [[ $prev == -* ]] && choices=$(FN_value "$cmdpath" "$prev"); then`,
    '    if [[ -n $choices ]]; then compadd -- ${=choices}; else _files; fi',
    '    return',
    '  fi',
    '  if [[ $cur == -* ]]; then',
    '    compadd -- ${=$(FN_options "$cmdpath")}',
    '  else',
    '    compadd -- ${=$(FN_subcommands "$cmdpath")}',
    '  fi',
    '}',
    `if (( $+functions[compdef] )); then compdef ${fn} ${tree.program}; fi`,
    '',
  ]
    .join('\n')
    .replace(/FN_/g, `${fn}_`);
}
