/** `export terraform`: collect (reads through init's and deploy's planning), then build the document. */
export { collectExport, type CollectOptions } from './collect.js';
export { buildDocument, TF_FILE, type ExportDocument, type ExportedResource } from './document.js';
export type { ExportFunction, ExportInput, TfResource } from './types.js';
