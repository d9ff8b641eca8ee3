/**
 * `export terraform` as one call: read what init and deploy manage (through their planning, so the
 * export is the plan they would apply) and build the Terraform document and the function zips.
 * Writing the files is the caller's (the CLI writes them beside each other in --out).
 */
import { deployPorts, deployTarget } from '../aws/deploy/deploy-ports.js';
import { initPortFor } from '../aws/init/provision.js';
import { AwsClients } from '../aws/sdk/clients.js';
import { loadTableSchemas } from '../core/config/table-schemas.js';
import { resolveFunctions, type SkippedFunction } from '../core/deploy/functions.js';
import { buildDocument, collectExport, TF_FILE, type ExportDocument } from '../core/export/index.js';
import { configOf, withClients, type LibraryOptions } from './options.js';

export interface ExportOptions extends LibraryOptions {
  /** `athena`, `rule`, `alert` (one or several) or `all`: the functions exported beside init's resources. */
  functions: string | string[];
  /** The day runtimes are checked against (default today). */
  today?: Date;
  onProgress?: (text: string) => void;
}

export interface TerraformExport extends ExportDocument {
  /** The files to write into one folder: the document first (`streamalert.tf.json`), then each function's zip. */
  files: { name: string; data: string | Uint8Array }[];
  skipped: SkippedFunction[];
}

export async function exportTerraform(options: ExportOptions): Promise<TerraformExport> {
  const config = await configOf(options);
  const schemas = loadTableSchemas(config.dir);
  const selection = resolveFunctions(config, options.functions);
  return withClients(options, config, AwsClients, async (clients) => {
    const input = await collectExport(
      config,
      schemas,
      selection.functions,
      { init: initPortFor(config, clients), deploy: deployPorts(clients, config), deployTarget: deployTarget(config) },
      { today: options.today ?? new Date(), onProgress: options.onProgress },
    );
    const doc = buildDocument(input);
    return {
      ...doc,
      files: [{ name: TF_FILE, data: doc.text }, ...input.functions.map((f) => ({ name: f.zipFile, data: f.planned.pkg.zip }))],
      skipped: selection.skipped,
    };
  });
}
