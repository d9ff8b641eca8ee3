/** `streamalert package --function ... --out DIR`: write the zips deploy would upload. */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveFunctions, type FunctionKey } from '../../core/deploy/functions.js';
import { formatBytes } from '../../core/deploy/plan.js';
import { packageFunction } from '../../packaging/package.js';
import { CommandContext } from '../context.js';
import { paint, printJson, printLine, progress, table } from '../output.js';

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
}

/** Runs `package` (its options are defined in commands/package.ts). */
export async function action(flags: PackageFlags, command: Command): Promise<void> {
  const ctx = new CommandContext(command);
  try {
    const config = ctx.config;
    const selection = resolveFunctions(config, flags.function);
    const out = resolve(flags.out);
    mkdirSync(out, { recursive: true });
    const spinner = progress('Packaging', ctx.options.output);
    const written: PackagedFile[] = [];
    try {
      for (const spec of selection.functions) {
        spinner.update(`Packaging ${spec.key} (${spec.name})`);
        const pkg = await packageFunction(spec, config);
        const file = join(out, `${spec.name}.zip`);
        writeFileSync(file, pkg.zip);
        written.push({ function: spec.key, name: spec.name, file, size: pkg.size, codeSha256: pkg.sha256, sha256Hex: pkg.sha256Hex, files: pkg.files });
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
    }
  } finally {
    ctx.close();
  }
}
