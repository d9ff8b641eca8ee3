/**
 * A directory `source` (e.g. a Python rule processor), zipped as it is, minus what must never
 * ship: version-control data, caches, and the usual secret files (credentials, private keys,
 * package-registry tokens), matched case-insensitively. What is left out is reported in the plan.
 *
 * Nothing outside the folder is read: a link whose target resolves outside it (to
 * /proc/self/environ, ~/.aws/credentials, /etc/passwd) is a configuration error naming the link.
 * Only regular files are read (a FIFO would block), and none larger than Lambda allows.
 */
import { lstatSync, readFileSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ConfigError } from '../core/kernel/errors.js';
import { quote } from '../core/kernel/quote.js';
import { entryNameProblem, type ZipEntry } from './zip.js';

/** Lambda's limit on a function's code, unzipped. */
export const MAX_UNZIPPED_BYTES = 262_144_000;

export interface ExcludedFile {
  path: string;
  reason: string;
}

/** Folders never zipped, wherever they are (lower case). */
const FOLDERS: Record<string, string> = {
  '.git': 'version control',
  '.hg': 'version control',
  '.svn': 'version control',
  __pycache__: 'cache',
  '.aws': 'credentials folder',
  '.ssh': 'credentials folder',
  '.gnupg': 'credentials folder',
  '.docker': 'credentials folder',
  '.kube': 'credentials folder',
  '.azure': 'credentials folder',
};
/** Files never zipped (lower case). */
const FILES: Record<string, string> = {
  '.env': 'secret file',
  '.envrc': 'secret file',
  '.npmrc': 'secret file',
  '.yarnrc.yml': 'secret file',
  '.pypirc': 'secret file',
  '.netrc': 'secret file',
  _netrc: 'secret file',
  '.git-credentials': 'secret file',
  '.pgpass': 'secret file',
  '.htpasswd': 'secret file',
  '.dockercfg': 'secret file',
  '.ds_store': 'Finder metadata',
};
const KEY_EXTENSIONS = ['.pem', '.key', '.p12', '.pfx', '.jks', '.keystore', '.ppk'];
const KEY_NAMES = /^id_(rsa|dsa|ecdsa|ed25519)(\..*)?$/;

/** Why a path (relative, `/`-separated) is left out of a directory zip, or undefined. */
export function exclusionReason(relPath: string): string | undefined {
  const parts = relPath.toLowerCase().split('/');
  const base = parts[parts.length - 1]!;
  for (const part of parts.slice(0, -1)) if (FOLDERS[part]) return FOLDERS[part];
  if (FOLDERS[base]) return FOLDERS[base];
  if (relPath.toLowerCase() === 'node_modules/.cache' || relPath.toLowerCase().includes('node_modules/.cache/')) return 'cache';
  if (FILES[base]) return FILES[base];
  if (base.startsWith('.env.')) return 'secret file';
  if (KEY_NAMES.test(base) || KEY_EXTENSIONS.some((ext) => base.endsWith(ext))) return 'private key';
  return undefined;
}

export function isExcluded(relPath: string): boolean {
  return exclusionReason(relPath) !== undefined;
}

export interface DirectoryContents {
  entries: ZipEntry[];
  excluded: ExcludedFile[];
}

/** The files of `root` to zip, and what was left out. `key` names the source in errors. */
export function directoryContents(root: string, key: string): DirectoryContents {
  const rootReal = realpathSync(root);
  const inside = (p: string) => p === rootReal || p.startsWith(rootReal + sep);
  const entries: ZipEntry[] = [];
  const excluded: ExcludedFile[] = [];
  let total = 0;
  const fail = (message: string) => {
    throw new ConfigError(`${key}: ${message}`, undefined, key);
  };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = relative(root, full).split(sep).join('/');
      const reason = exclusionReason(rel);
      if (reason) {
        excluded.push({ path: rel, reason });
        continue;
      }
      const problem = entryNameProblem(rel);
      if (problem) fail(`${quote(rel)} ${problem}; rename it or move it out of ${root}`);
      const link = lstatSync(full);
      let st: Stats = link;
      let readFrom = full;
      if (link.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
        } catch (err) {
          excluded.push({ path: rel, reason: `a broken link (${(err as NodeJS.ErrnoException).code ?? 'unresolvable'})` });
          continue;
        }
        if (!inside(target))
          fail(
            `${quote(rel)} is a link to ${quote(target)}, outside ${root}; packaging never reads outside the source folder. Remove the link or copy the file in`,
          );
        st = statSync(target);
        readFrom = target;
        if (st.isDirectory()) {
          excluded.push({ path: rel, reason: 'a link to a folder (its files are zipped where they are)' });
          continue;
        }
      } else if (st.isDirectory()) {
        walk(full);
        continue;
      }
      if (!st.isFile()) {
        excluded.push({ path: rel, reason: 'not a regular file (a FIFO, socket or device)' });
        continue;
      }
      total += st.size;
      if (st.size > MAX_UNZIPPED_BYTES || total > MAX_UNZIPPED_BYTES) {
        fail(
          `${quote(rel)} is ${mib(st.size)}${st.size > MAX_UNZIPPED_BYTES ? '' : `, which brings the folder to ${mib(total)}`}; Lambda takes at most 250 MB of code unzipped. Leave it out of ${root}`,
        );
      }
      entries.push({ path: rel, data: readFileSync(readFrom), executable: (st.mode & 0o111) !== 0 });
    }
  };
  walk(root);
  return { entries, excluded };
}

function mib(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
