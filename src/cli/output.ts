/**
 * Output helpers: JSON and tables on stdout, progress and logs on stderr, colour only where
 * chalk finds a colour terminal (NO_COLOR and FORCE_COLOR are honoured by chalk), spinners only
 * on a TTY.
 */
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import ora, { type Ora } from 'ora';
import type { LogLevel } from '../core/config/schema.js';
import { levelLogger, type LogFields, type Logger } from '../core/kernel/logger.js';
import { printable, quote, safeJson } from '../core/kernel/quote.js';
import type { OutputFormat } from './global-options.js';
import { jsonDocument, type JsonShape } from './json-document.js';

export type { OutputFormat } from './global-options.js';

const chalk = new Chalk(process.env.NO_COLOR ? { level: 0 } : {});
export const paint = {
  /** Whether colour is on (a colour terminal, no NO_COLOR). */
  enabled: chalk.level > 0,
  red: (s: string) => chalk.red(s),
  green: (s: string) => chalk.green(s),
  yellow: (s: string) => chalk.yellow(s),
  cyan: (s: string) => chalk.cyan(s),
  bold: (s: string) => chalk.bold(s),
  dim: (s: string) => chalk.dim(s),
};

/**
 * The version of every `--output json` shape (docs/json-output.md). It changes only when a field
 * is renamed or removed or changes meaning; new fields do not change it. 2: every field name
 * snake_case (1 mixed `dry_run` with `dryRun`).
 */
export const SCHEMA_VERSION = 2;

/** An output object with `schema_version` first; arrays and other values are left as they are. */
export function withSchemaVersion(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return { schema_version: SCHEMA_VERSION, ...value };
}

/**
 * A command's `--output json` result on stdout: field names snake_case, the maps `shape` names
 * keeping their data keys (json-document.ts), `schema_version` first.
 */
export function printJson(value: unknown, shape?: JsonShape): void {
  process.stdout.write(`${safeJson(withSchemaVersion(jsonDocument(value, shape)), 2)}\n`);
}

/** One `--output json` object per line (a stream of results, e.g. `monitor --watch`), as printJson's. */
export function printJsonLine(value: unknown, shape?: JsonShape): void {
  process.stdout.write(`${safeJson(withSchemaVersion(jsonDocument(value, shape)))}\n`);
}

/** A JSON document whose shape is someone else's (an IAM policy): printed as it is. */
export function printDocument(value: unknown): void {
  process.stdout.write(`${safeJson(value, 2)}\n`);
}

export function printLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** `widths` (with padding) wraps cells at word boundaries to fit them. */
export function table(head: string[], rows: (string | number)[][], align?: ('left' | 'right')[], widths?: number[]): string {
  const t = new Table({
    head: head.map((h) => paint.bold(h)),
    style: { head: [], border: [] },
    colAligns: align,
    ...(widths ? { colWidths: widths, wordWrap: true } : {}),
  });
  for (const r of rows) t.push(r.map(String));
  return t.toString();
}

/** A spinner on stderr when it is a TTY and the output is text; otherwise a no-op. */
export interface Progress {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
  stop(): void;
}

export function progress(text: string, format: OutputFormat): Progress {
  let spinner: Ora | undefined;
  // A terminal that reports 0 columns (a pty with no size) makes ora redraw without end.
  if (format === 'text' && process.stderr.isTTY && process.stderr.columns > 0 && !process.env.CI)
    spinner = ora(spinnerOptions(text)).start();
  return {
    update: (t) => void (spinner && (spinner.text = t)),
    // Our own symbols through `paint`: ora's come from its own colour library, blind to NO_COLOR.
    succeed: (t) => void spinner?.stopAndPersist({ symbol: paint.green('✔'), text: t }),
    fail: (t) => void spinner?.stopAndPersist({ symbol: paint.red('✖'), text: t }),
    stop: () => void spinner?.stop(),
  };
}

/** ora's options: its spinner colour goes through its own chalk, so NO_COLOR turns it off here. */
export function spinnerOptions(text: string, env: NodeJS.ProcessEnv = process.env) {
  return { text, stream: process.stderr, color: env.NO_COLOR ? (false as const) : ('cyan' as const) };
}

/**
 * Text log lines on stderr: `level message key=value ...`, one line per entry. Field values may
 * come from queue messages: a string of plain words is shown as is, anything else quoted and
 * escaped, so no value can break the line, forge another or drive the terminal.
 */
export function stderrLogger(level: LogLevel): Logger {
  const colour = { debug: paint.dim, info: paint.cyan, warn: paint.yellow, error: paint.red };
  return levelLogger(level, (l, message, fields?: LogFields) => {
    const extra = fields
      ? ' ' +
        Object.entries(fields)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${logValue(v)}`)
          .join(' ')
      : '';
    process.stderr.write(`${colour[l](l)} ${printable(message)}${paint.dim(extra)}\n`);
  });
}

function logValue(v: unknown): string {
  if (typeof v === 'string') return /^[\w.:/@+=,-]*$/.test(v) && v.length <= 200 ? v : quote(v, 2_000);
  return safeJson(v);
}
