/**
 * An in-memory stand-in for the backfill's FolderLister port (our interface, not the SDK): the
 * folders right under a prefix, as ListObjectsV2 with `Delimiter: '/'` returns them, paginated.
 * It records every prefix listed, so tests can see what the walk skipped.
 */
import type { FolderLister, FolderPage } from '../../src/core/backfill/ports.js';

export class MemoryBuckets implements FolderLister {
  readonly listed: string[] = [];
  constructor(
    private readonly keys: Record<string, string[]>,
    private readonly pageSize = 1000,
  ) {}

  async listFolders(bucket: string, prefix: string, continuation?: string): Promise<FolderPage> {
    this.listed.push(`${bucket}/${prefix}`);
    const folders = new Set<string>();
    for (const key of this.keys[bucket] ?? []) {
      if (!key.startsWith(prefix)) continue;
      const slash = key.indexOf('/', prefix.length);
      if (slash >= 0) folders.add(key.slice(0, slash + 1));
    }
    const all = [...folders].sort();
    const start = continuation ? Number(continuation) : 0;
    const page = all.slice(start, start + this.pageSize);
    return { folders: page, ...(start + this.pageSize < all.length ? { next: String(start + this.pageSize) } : {}) };
  }
}
