/**
 * Bounds on the shape of a configuration file, checked before the schema. The schema library
 * reports an issue per bad entry and gathers them with spread calls, so 150,000 bad bucket names
 * overflowed the stack; and no real configuration comes near these sizes.
 */
/** A configuration file larger than this is not one (a link to a log, a disk image, /dev/zero). */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
/** Entries in one object or array: S3's default quota is 10,000 buckets per account. */
export const MAX_ENTRIES = 10_000;
/** Nesting depth: the schema has four levels. */
export const MAX_DEPTH = 16;
/** Problems listed in one error; the rest are counted. */
export const MAX_ISSUES_SHOWN = 20;

export interface ShapeProblem {
  path: string[];
  message: string;
}

/** What is wrong with the shape of `data`: nested too deep, or an object or array with too many entries. */
export function shapeProblem(data: unknown): ShapeProblem | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value: data, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= MAX_DEPTH) return { path, message: `nested more than ${MAX_DEPTH} levels deep` };
    const keys = Object.keys(value);
    if (keys.length > MAX_ENTRIES) {
      return {
        path,
        message: `has ${keys.length.toLocaleString('en-US')} entries; at most ${MAX_ENTRIES.toLocaleString('en-US')} are allowed`,
      };
    }
    for (const k of keys) stack.push({ value: (value as Record<string, unknown>)[k], path: [...path, k] });
  }
  return undefined;
}
