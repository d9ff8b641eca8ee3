/**
 * The command tree as shell completion needs it, read from the commander program itself: every
 * command path, its subcommands and options, so a completion script never lists a command or an
 * option the program lacks (commander has no completion of its own).
 */
import type { Command, Option } from 'commander';
import { LOG_LEVELS } from '../../core/kernel/log-levels.js';

export interface CompletionOption {
  /** `--config-dir`, and `-h` where there is a short form. */
  long?: string;
  short?: string;
  description: string;
  takesValue: boolean;
  /** The values it accepts, when they are a short list. */
  choices?: readonly string[];
}

export interface CompletionNode {
  /** Words after the program's name: '' for the program, 'athena refresh' for a subcommand. */
  path: string;
  name: string;
  description: string;
  subcommands: { name: string; description: string }[];
  /** The values of its first argument, when commander knows them (`completion bash|zsh|fish`). */
  argumentChoices: readonly string[];
  /** This command's own options (the program's are in `global`). */
  options: CompletionOption[];
}

export interface CompletionTree {
  program: string;
  /** Options every command accepts (the program's), plus --help. */
  global: CompletionOption[];
  nodes: CompletionNode[];
}

/** Values of options whose definitions say them in words rather than with commander's choices(). */
const KNOWN_CHOICES: Record<string, readonly string[]> = {
  '--output': ['text', 'json'],
  '--log-level': LOG_LEVELS,
};

function completionOption(option: Option): CompletionOption {
  const takesValue = option.required || option.optional;
  const choices = option.argChoices ?? (takesValue && option.long ? KNOWN_CHOICES[option.long] : undefined);
  return { long: option.long, short: option.short, description: option.description, takesValue, ...(choices ? { choices } : {}) };
}

const HELP: CompletionOption = { long: '--help', short: '-h', description: 'display help for command', takesValue: false };

export function completionTree(program: Command): CompletionTree {
  const nodes: CompletionNode[] = [];
  const visit = (command: Command, path: string) => {
    const subcommands = command.commands.map((c) => ({ name: c.name(), description: c.description() }));
    const options = command === program ? [] : command.options.filter((o) => !o.hidden).map(completionOption);
    const argumentChoices = command.registeredArguments[0]?.argChoices ?? [];
    nodes.push({ path, name: command.name(), description: command.description(), subcommands, argumentChoices, options });
    for (const c of command.commands) visit(c, path ? `${path} ${c.name()}` : c.name());
  };
  visit(program, '');
  return { program: program.name(), global: [...program.options.filter((o) => !o.hidden).map(completionOption), HELP], nodes };
}

/** Every flag of an option: its long and short forms. */
export const flagsOf = (option: CompletionOption): string[] => [option.long, option.short].filter((f): f is string => Boolean(f));

/** A word in single quotes for bash and zsh. */
export const shellQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;
