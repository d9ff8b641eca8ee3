/** `streamalert export terraform`: the action; its options are defined in commands/export-terraform/command.ts. */
import type { Command } from 'commander';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exportTerraform, type TerraformExport } from '../../../api/export.js';
import { ConfigError } from '../../../core/kernel/errors.js';
import { CommandContext } from '../../context.js';
import { today } from '../../today.js';
import { paint, printJson, printLine, progress, table } from '../../output.js';

interface ExportFlags {
  out: string;
  function?: string[];
}

/** Runs the command (loaded only when it runs). */
export async function action(flags: ExportFlags, command: Command): Promise<void> {
  const ctx = await CommandContext.create(command);
  try {
    const spinner = progress('Reading what init and deploy manage', ctx.options.output);
    let doc: TerraformExport;
    try {
      doc = await exportTerraform({
        config: ctx.config,
        clients: ctx.clients,
        functions: flags.function ?? [],
        today: today(),
        onProgress: (text) => (spinner.update(text), ctx.logger.debug(text)),
      });
      spinner.stop();
    } catch (err) {
      spinner.fail('Export failed');
      throw err;
    }
    const dir = outputFolder(flags.out);
    const files = doc.files.map((f) => writeIfChanged(join(dir, f.name), f.data));
    for (const w of doc.warnings) process.stderr.write(`${paint.yellow('warning:')} ${w}\n`);
    for (const s of doc.skipped) process.stderr.write(`${paint.dim('skipped')} ${s.key}: ${s.reason}\n`);
    if (ctx.json) printJson({ dir, files, resources: doc.resources });
    else {
      printLine(
        table(
          ['address', 'kind', 'import'],
          doc.resources.map((r) => [r.address, r.kind, r.import ? 'import' : 'create']),
          ['left', 'left', 'left'],
        ),
      );
      printLine(`Wrote ${files.join(', ')}. Review it, then: terraform -chdir=${dir} init && terraform -chdir=${dir} plan`);
    }
  } finally {
    ctx.close();
  }
}

/** Same bytes are not written again: an unchanged export leaves the files (and their times) alone. */
function writeIfChanged(file: string, data: string | Uint8Array): string {
  const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
  try {
    if (statSync(file, { throwIfNoEntry: false })?.isFile() && readFileSync(file).equals(bytes)) return file;
    writeFileSync(file, bytes);
  } catch (err) {
    throw new ConfigError(
      `cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}); is it a folder, or the folder not writable?`,
    );
  }
  return file;
}

function outputFolder(dir: string): string {
  const out = resolve(dir);
  const st = statSync(out, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) throw new ConfigError(`--out ${out} is a file, not a folder; name a folder to write the export into`);
  try {
    mkdirSync(out, { recursive: true });
  } catch (err) {
    throw new ConfigError(`--out ${out}: cannot create the folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return out;
}
