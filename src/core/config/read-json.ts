/**
 * Reading and validating one configuration file: the text (a regular file of sane size), JSON
 * with the error's line and column, and the zod schema with every issue's key path. Every failure
 * is a ConfigError naming the file.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import type * as z from 'zod/mini';
import { ConfigError, opt, worded, wording } from '../kernel/errors.js';
import { cut, quote } from '../kernel/quote.js';
import { jsonSyntaxErrorOffset } from './json-position.js';
import { MAX_CONFIG_BYTES, MAX_ISSUES_SHOWN, shapeProblem } from './limits.js';

/** The config folder option: `--config-dir` in the CLI, `configDir` in the library. */
const CONFIG_DIR = opt('config-dir', 'configDir');

/**
 * The text of a configuration file. Only a regular file of sane size is read: a FIFO would block
 * forever and a link to a device (/dev/zero) never ends. Opened without blocking, then checked on
 * the open descriptor, so what is read is what was checked.
 */
export function readConfigText(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    if (!st.isFile())
      throw worded(
        new ConfigError('', file),
        wording`${file}: is ${kind(st)}, not a regular file. Point ${CONFIG_DIR} at a folder holding global.json and lambda.json files.`,
      );
    if (st.size > MAX_CONFIG_BYTES)
      throw new ConfigError(
        `${file}: is ${(st.size / 1024 / 1024).toFixed(1)} MiB; a configuration file is at most ${MAX_CONFIG_BYTES / 1024 / 1024} MiB.`,
        file,
      );
    return readFileSync(fd, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(err)})`;
    throw worded(
      new ConfigError('', file),
      wording`${file}: ${why}. Pass ${CONFIG_DIR} pointing at the folder holding global.json and lambda.json.`,
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function kind(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

export function readJsonFile<S extends z.ZodMiniType>(file: string, schema: S): z.infer<S> {
  const text = readConfigText(file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: invalid JSON ${jsonErrorPlace(text, err as Error)}. Fix the syntax and try again.`, file);
  }
  return validate(schema, data, file);
}

export function validate<S extends z.ZodMiniType>(schema: S, data: unknown, file: string): z.infer<S> {
  const shape = shapeProblem(data);
  if (shape)
    throw new ConfigError(
      `${file}: invalid configuration\n  ${formatPath(shape.path) || '(top level)'}: ${shape.message}`,
      file,
      formatPath(shape.path),
    );
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const lines = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
    const path = formatPath(issue.path);
    // A message may echo the value (a 1 MB schedule expression): cut, as every echoed value is.
    return `  ${path || '(top level)'}: ${cut(describeIssue(issue), 400)}`;
  });
  if (issues.length > MAX_ISSUES_SHOWN) lines.push(`  … and ${issues.length - MAX_ISSUES_SHOWN} more`);
  const first = result.error.issues[0];
  throw new ConfigError(`${file}: invalid configuration\n${lines.join('\n')}`, file, first ? formatPath(first.path) : undefined);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const shown = issue.keys.slice(0, 10).map((k) => quote(k, 60));
    return `unknown key(s) ${shown.join(', ')}${issue.keys.length > 10 ? ` (+${issue.keys.length - 10} more)` : ''}; remove or correct them`;
  }
  // A record key that failed its own check: report the key's rule, not "Invalid key in record".
  if (issue.code === 'invalid_key' && issue.issues[0]) return issue.issues[0].message;
  return issue.message;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) =>
      typeof p === 'number'
        ? `[${p}]`
        : /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(String(p))
          ? `${i ? '.' : ''}${String(p)}`
          : `[${quote(String(p), 60)}]`,
    )
    .join('');
}

/** Turns JSON.parse's "at position N" (or Node 20's line/column wording) into "at line L, column C". */
function jsonErrorPlace(text: string, err: Error): string {
  const pos = /position (\d+)/.exec(err.message);
  // Node 20 names no position for "Unexpected token" and "Unexpected end of JSON input": find it.
  const offset = pos ? Number(pos[1]) : jsonSyntaxErrorOffset(text);
  if (offset !== undefined) {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `at line ${line}, column ${column} (${err.message.replace(/ in JSON at position \d+.*$/, '').replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '')})`;
  }
  return `(${err.message})`;
}
