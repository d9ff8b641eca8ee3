/** `streamalert package`: the action; its options are defined in commands/package/command.ts. */
import type { Command } from 'commander';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveFunctions, type FunctionKey } from '../../../core/deploy/functions.js';
import { formatBytes } from '../../../core/kernel/format.js';
import { ConfigError } from '../../../core/kernel/errors.js';
import { packageFunction } from '../../../packaging/package.js';
import { CommandContext } from '../../context.js';
import { paint, printJson, printLine, progress, table } from '../../output.js';
import { FUNCTION_OPTION } from '../deploy/command.js';
import { printExcluded } from '../deploy/deploy-report.js';

interface PackageFlags {
  function?: string[];
  out: string;
}

export interface PackagedFile {
  function: FunctionKey;
  name: string;
  file: string;
  size: number;
  /** Base64, as Lambda reports CodeSha256. */
  codeSha256: string;
  sha256Hex: string;
  files: { path: string; size: number }[];
  /** Files of a directory source left out of the zip, and why. */
  excluded: { path: string; reason: string }[];
}

/** Runs the command (loaded only when it runs). */
export async function action(flags: PackageFlags, command: Command): Promise<void> {
  const ctx = await CommandContext.create(command);
  try {
    const config = ctx.config;
    const selection = resolveFunctions(config, flags.function);
    const out = outputFolder(flags.out);
    const spinner = progress('Packaging', ctx.options.output);
    const written: PackagedFile[] = [];
    try {
      for (const spec of selection.functions) {
        spinner.update(`Packaging ${spec.key} (${spec.name})`);
        const pkg = await packageFunction(spec, config);
        const file = join(out, `${spec.name}.zip`);
        writeZip(file, pkg.zip);
        written.push({
          function: spec.key,
          name: spec.name,
          file,
          size: pkg.size,
          codeSha256: pkg.sha256,
          sha256Hex: pkg.sha256Hex,
          files: pkg.files,
          excluded: pkg.excluded,
        });
      }
      spinner.stop();
    } catch (err) {
      spinner.fail('Packaging failed');
      throw err;
    }
    if (ctx.json) printJson({ packages: written, skipped: selection.skipped });
    else {
      if (written.length) {
        printLine(
          table(
            ['function', 'file', 'size', 'files', 'CodeSha256'],
            written.map((w) => [w.function, w.file, formatBytes(w.size), w.files.length, w.codeSha256]),
            ['left', 'left', 'right', 'right', 'left'],
          ),
        );
      }
      for (const s of selection.skipped) printLine(`${paint.dim('skipped')} ${s.key}: ${s.reason}`);
      for (const w of written) printExcluded(w.function, w.excluded);
    }
  } finally {
    ctx.close();
  }
}

/** `--out` as a folder that exists or can be made; a file there (or a parent that is one) is a clear error. */
function outputFolder(dir: string): string {
  const out = resolve(dir);
  try {
    const st = statSync(out, { throwIfNoEntry: false });
    if (st && !st.isDirectory()) throw new ConfigError(`--out ${out} is a file, not a folder; name a folder to write the zips into`);
    mkdirSync(out, { recursive: true });
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(
      `--out ${out}: cannot create the folder (${(err as NodeJS.ErrnoException).code ?? String(err)}); a parent may be a file, or not writable`,
    );
  }
  return out;
}

function writeZip(file: string, zip: Uint8Array): void {
  try {
    writeFileSync(file, zip);
  } catch (err) {
    throw new ConfigError(
      `cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}); is it a folder, or the folder not writable?`,
    );
  }
}
