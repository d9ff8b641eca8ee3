/**
 * JSON that is the same bytes for the same value, whatever order its keys were set in: the
 * packaged runtime config (a zip's hash must not change for nothing) and the Terraform export
 * (an unchanged deployment exports an identical file).
 */

/** Object keys sorted at every depth; arrays keep their order (it is meaningful). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** JSON with object keys sorted at every level, two-space indented, ending in a newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
