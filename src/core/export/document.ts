/**
 * The one place the export's JSON is put together: the terraform block, the provider with only
 * the region, `import` blocks for what exists, and the resources, everything sorted (resources by
 * address, object keys by name) so an export of an unchanged deployment is byte-identical.
 */
import { ConfigError } from '../kernel/errors.js';
import { MAPPERS } from './resources/index.js';
import { address, type ExportInput, type ResourceMapper, type TfResource } from './types.js';
import { stableJson } from '../kernel/stable-json.js';

/** Import blocks need Terraform 1.5; checked against the provider 5.100 in the test mirror. */
export const REQUIRED_TERRAFORM = '>= 1.5.0';
/**
 * The oldest hashicorp/aws with every argument used: `tags` on aws_lambda_event_source_mapping
 * came in 5.70.0 (hashicorp/terraform-provider-aws#39535). The provider checks `runtime` against
 * its own list: nodejs24.x needs 6.19.0 (hashicorp/terraform-provider-aws#44986). Tested with 5.100.0.
 */
export const MIN_AWS_PROVIDER = '5.70.0';
export const RUNTIME_MIN_PROVIDER: Record<string, string> = { 'nodejs24.x': '6.19.0' };

const newer = (a: string, b: string) =>
  a
    .split('.')
    .map(Number)
    .reduce((d, n, i) => d || n - Number(b.split('.')[i] ?? 0), 0) > 0
    ? a
    : b;

/** The provider constraint for these functions' runtimes. */
export function awsProviderVersion(runtimes: readonly string[]): string {
  const min = runtimes.reduce((v, r) => (RUNTIME_MIN_PROVIDER[r] ? newer(RUNTIME_MIN_PROVIDER[r]!, v) : v), MIN_AWS_PROVIDER);
  return `>= ${min}, < 7.0.0`;
}

export const TF_FILE = 'streamalert.tf.json';

export interface ExportedResource {
  address: string;
  kind: string;
  import: boolean;
}

export interface ExportDocument {
  /** The file's text, with a trailing newline. */
  text: string;
  resources: ExportedResource[];
  warnings: string[];
}

/**
 * Terraform reads every JSON string as a template: a literal `${` or `%{` (a projected table's
 * storage.location.template, a key prefix) must be written `$${` / `%%{`. Every string is escaped,
 * then the references the mappers wrote (ref(): `${<address>.<attribute>}` of a resource in this
 * document, `${path.module}`) are let through again.
 */
export function escapeTemplates(value: unknown, addresses: ReadonlySet<string>): unknown {
  if (typeof value === 'string') {
    return value
      .replace(/\$\{/g, () => '$${')
      .replace(/%\{/g, () => '%%{')
      .replace(/\$\$\{([A-Za-z0-9_.-]+)\}/g, (whole, inner: string) => {
        const address = inner.split('.').slice(0, 2).join('.');
        return inner === 'path.module' || (inner.split('.').length === 3 && addresses.has(address)) ? `\${${inner}}` : whole;
      });
  }
  if (Array.isArray(value)) return value.map((v) => escapeTemplates(v, addresses));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeTemplates(v, addresses)]));
  return value;
}

const byAddress = (a: TfResource, b: TfResource) => (address(a) < address(b) ? -1 : address(a) > address(b) ? 1 : 0);

export function buildDocument(input: ExportInput, mappers: readonly ResourceMapper[] = MAPPERS): ExportDocument {
  const resources = mappers.flatMap((m) => m(input)).sort(byAddress);
  const seen = new Set<string>();
  for (const r of resources) {
    if (seen.has(address(r)))
      throw new ConfigError(
        `two resources would both be ${address(r)} in the export (names that differ only in characters Terraform does not allow); rename one`,
      );
    seen.add(address(r));
  }
  const tree: Record<string, Record<string, unknown>> = {};
  for (const r of resources) (tree[r.type] ??= {})[r.name] = escapeTemplates(r.body, seen);
  const imports = resources.filter((r) => r.importId !== undefined).map((r) => ({ to: address(r), id: r.importId }));
  const doc = {
    '//': 'Written by `streamalert export terraform` from conf/ and the account as they were then. Export again after changing conf/; review the diff, then terraform plan and apply.',
    terraform: {
      required_version: REQUIRED_TERRAFORM,
      required_providers: {
        aws: { source: 'hashicorp/aws', version: awsProviderVersion(input.functions.map((f) => f.planned.spec.runtime)) },
      },
    },
    provider: { aws: { region: input.region } },
    ...(imports.length ? { import: imports } : {}),
    resource: tree,
  };
  return {
    text: stableJson(doc),
    resources: resources.map((r) => ({ address: address(r), kind: r.kind, import: r.importId !== undefined })),
    warnings: resources.flatMap((r) => r.warnings ?? []),
  };
}
