/**
 * Deterministic zips: entries sorted by path, a fixed timestamp, fixed modes (0644, or 0755 for
 * executables), fixed compression level. The same files give the same bytes, and so the same
 * CodeSha256 in Lambda.
 */
import { Zip, ZipDeflate } from 'fflate';
import { createHash } from 'node:crypto';
import { ConfigError } from '../core/kernel/errors.js';
import { quote } from '../core/kernel/quote.js';

export interface ZipEntry {
  /** Forward-slash path inside the zip. */
  path: string;
  data: Uint8Array;
  executable?: boolean;
}

/** 1980-01-01 00:00 built from local-time fields: fflate writes the DOS time from local fields, so every time zone gives the same bytes. */
const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);
const UNIX = 3;
const FILE_MODE = 0o100644;
const EXEC_MODE = 0o100755;

/**
 * Why a name cannot be a zip entry, or undefined. Unzippers take backslashes for separators,
 * control characters hide in listings and terminals, and `..` or a leading `/` write outside the
 * folder the zip is extracted to.
 */
export function entryNameProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.includes('\\')) return 'holds a backslash';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(path)) return 'holds a control character';
  if (path.startsWith('/')) return 'is an absolute path';
  if (path.split('/').some((part) => part === '..' || part === '.' || part === '')) return 'holds a "..", "." or empty folder';
  return undefined;
}

export function deterministicZip(entries: readonly ZipEntry[]): Uint8Array {
  for (const e of entries) {
    const problem = entryNameProblem(e.path);
    if (problem) throw new ConfigError(`zip entry ${quote(e.path)} ${problem}; rename the file`);
  }
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.path === sorted[i - 1]!.path) throw new Error(`duplicate zip entry ${sorted[i]!.path}`);
  }
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  for (const entry of sorted) {
    const file = new ZipDeflate(entry.path, { level: 9 });
    file.mtime = FIXED_TIME;
    file.os = UNIX;
    file.attrs = ((entry.executable ? EXEC_MODE : FILE_MODE) << 16) >>> 0;
    zip.add(file);
    file.push(entry.data, true);
  }
  zip.end();
  if (failure) throw failure;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** SHA-256 of the bytes: base64 (Lambda's CodeSha256) and hex. */
export function sha256(data: Uint8Array): { base64: string; hex: string } {
  const digest = createHash('sha256').update(data).digest();
  return { base64: digest.toString('base64'), hex: digest.toString('hex') };
}
