/** S3 folders for the backfill: ListObjectsV2 with a delimiter returns the folders under a prefix, not the objects below them. */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { FolderLister, FolderPage } from '../core/backfill/ports.js';
import { call } from './errors.js';

export class S3Folders implements FolderLister {
  constructor(private readonly s3: S3Client) {}

  async listFolders(bucket: string, prefix: string, continuation?: string): Promise<FolderPage> {
    const out = await call('S3', 'ListObjectsV2', () =>
      this.s3.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix || undefined,
          Delimiter: '/',
          ...(continuation ? { ContinuationToken: continuation } : {}),
        }),
      ),
    );
    return {
      folders: (out.CommonPrefixes ?? []).map((p) => p.Prefix ?? '').filter(Boolean),
      ...(out.IsTruncated && out.NextContinuationToken ? { next: out.NextContinuationToken } : {}),
    };
  }
}
