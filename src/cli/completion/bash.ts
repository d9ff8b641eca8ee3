/** `streamalert completion bash`: a completion function over the command tree, registered with `complete -F`. */
import { lookupFunctions, pathLoop } from './posix.js';
import type { CompletionTree } from './tree.js';

export function bashScript(tree: CompletionTree): string {
  const fn = `_${tree.program.replace(/[^A-Za-z0-9_]/g, '_')}`;
  return [
    `# ${tree.program} completion for bash. Load it now:   source <(${tree.program} completion bash)`,
    `# or for every shell:  ${tree.program} completion bash > ~/.local/share/bash-completion/completions/${tree.program}`,
    lookupFunctions(tree, fn),
    `${fn}() {`,
    "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmdpath='' w i subs choices",
    '  COMPREPLY=()',
    ...pathLoop('COMP_WORDS', 1, 'COMP_CWORD'),
    `  if ((COMP_CWORD > 1)) && [[ $prev == -* ]] && choices=$(FN_value "$cmdpath" "$prev"); then`,
    '    if [[ -n $choices ]]; then COMPREPLY=($(compgen -W "$choices" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi',
    '    return 0',
    '  fi',
    '  if [[ $cur == -* ]]; then',
    '    COMPREPLY=($(compgen -W "$(FN_options "$cmdpath")" -- "$cur"))',
    '  else',
    '    COMPREPLY=($(compgen -W "$(FN_subcommands "$cmdpath")" -- "$cur"))',
    '  fi',
    '}',
    `complete -F ${fn} ${tree.program}`,
    '',
  ]
    .join('\n')
    .replace(/FN_/g, `${fn}_`);
}
