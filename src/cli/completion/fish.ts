/**
 * `streamalert completion fish`: one `complete` line per subcommand and option, each with its
 * description, conditioned on the command path seen so far.
 */
import type { CompletionOption, CompletionTree } from './tree.js';

/** A word in fish's single quotes (where only \\ and ' are escaped). */
const fishQuote = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

export function fishScript(tree: CompletionTree): string {
  const p = tree.program;
  const names = new Map(tree.nodes.map((n) => [n.path, n.subcommands.map((s) => s.name)]));
  /** True in fish when the words typed so far name this path (and, for subcommand lists, none of its subcommands yet). */
  const at = (path: string, bare: boolean) => {
    const parts = path ? path.split(' ').map((w) => `__fish_seen_subcommand_from ${w}`) : [];
    const subs = names.get(path) ?? [];
    if (!path) parts.push(bare ? '__fish_use_subcommand' : 'true');
    else if (bare && subs.length) parts.push(`not __fish_seen_subcommand_from ${subs.join(' ')}`);
    return fishQuote(parts.join('; and '));
  };
  const option = (o: CompletionOption, condition?: string) =>
    [
      `complete -c ${p}`,
      ...(condition ? [`-n ${condition}`] : []),
      ...(o.long ? [`-l ${o.long.replace(/^--/, '')}`] : []),
      ...(o.short ? [`-s ${o.short.replace(/^-/, '')}`] : []),
      ...(o.takesValue ? (o.choices ? ['-x', `-a ${fishQuote(o.choices.join(' '))}`] : ['-r']) : []),
      `-d ${fishQuote(oneLine(o.description))}`,
    ].join(' ');
  const lines = [
    `# ${p} completion for fish. Load it now:   ${p} completion fish | source`,
    `# or for every shell:  ${p} completion fish > ~/.config/fish/completions/${p}.fish`,
    `complete -c ${p} -f`,
  ];
  for (const o of tree.global) lines.push(option(o));
  for (const node of tree.nodes) {
    for (const s of node.subcommands)
      lines.push(`complete -c ${p} -n ${at(node.path, true)} -a ${s.name} -d ${fishQuote(oneLine(s.description))}`);
    if (node.argumentChoices.length)
      lines.push(`complete -c ${p} -n ${at(node.path, false)} -a ${fishQuote(node.argumentChoices.join(' '))}`);
    for (const o of node.options) lines.push(option(o, at(node.path, false)));
  }
  return `${lines.join('\n')}\n`;
}
