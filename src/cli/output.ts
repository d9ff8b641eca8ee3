/**
 * Output helpers: JSON and tables on stdout, progress and logs on stderr, colour only where
 * chalk finds a colour terminal (NO_COLOR and FORCE_COLOR are honoured by chalk), spinners only
 * on a TTY.
 */
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import ora, { type Ora } from 'ora';
import type { LogLevel } from '../core/config/schema.js';
import { levelLogger, type LogFields, type Logger } from '../core/logger.js';

export type OutputFormat = 'text' | 'json';

const chalk = new Chalk(process.env.NO_COLOR ? { level: 0 } : {});
export const paint = {
  red: (s: string) => chalk.red(s),
  green: (s: string) => chalk.green(s),
  yellow: (s: string) => chalk.yellow(s),
  cyan: (s: string) => chalk.cyan(s),
  bold: (s: string) => chalk.bold(s),
  dim: (s: string) => chalk.dim(s),
};

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** `widths` (with padding) wraps cells at word boundaries to fit them. */
export function table(head: string[], rows: (string | number)[][], align?: ('left' | 'right')[], widths?: number[]): string {
  const t = new Table({ head: head.map((h) => paint.bold(h)), style: { head: [], border: [] }, colAligns: align, ...(widths ? { colWidths: widths, wordWrap: true } : {}) });
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
  if (format === 'text' && process.stderr.isTTY && process.stderr.columns > 0 && !process.env.CI) spinner = ora({ text, stream: process.stderr }).start();
  return {
    update: (t) => void (spinner && (spinner.text = t)),
    succeed: (t) => void spinner?.succeed(t),
    fail: (t) => void spinner?.fail(t),
    stop: () => void spinner?.stop(),
  };
}

/** Text log lines on stderr: `level message key=value ...`. */
export function stderrLogger(level: LogLevel): Logger {
  const colour = { debug: paint.dim, info: paint.cyan, warn: paint.yellow, error: paint.red };
  return levelLogger(level, (l, message, fields?: LogFields) => {
    const extra = fields ? ' ' + Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ') : '';
    process.stderr.write(`${colour[l](l)} ${message}${paint.dim(extra)}\n`);
  });
}
