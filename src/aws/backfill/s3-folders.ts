/** S3 folders for the backfill: ListObjectsV2 with a delimiter returns the folders under a prefix, not the objects below them. */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { FolderLister, FolderPage } from '../../core/backfill/ports.js';
import { decodeS3Key } from '../../core/partitions/notifications.js';
import type { ClientFactory } from '../sdk/client-factory.js';
import { call } from '../sdk/errors.js';

/**
 * The factory's S3 client: path-style with a custom endpoint (moto, LocalStack), and without the
 * factory's cached middleware stack: with it, concurrent commands of one kind for different
 * buckets were sent to one bucket (3 of 3 PutObjects for bucket A landed in bucket B, SDK 3.1175
 * against moto; ListObjectsV2 was not seen affected, but nothing promises it), since S3 resolves
 * its endpoint from each command's Bucket.
 */
export function s3Client(clients: ClientFactory): S3Client {
  return clients.get(S3Client, { forcePathStyle: Boolean(clients.endpointFor('S3')), cacheMiddleware: false });
}

export class S3Folders implements FolderLister {
  constructor(private readonly s3: S3Client) {}

  async listFolders(bucket: string, prefix: string, continuation?: string): Promise<FolderPage> {
    const out = await call('S3', 'ListObjectsV2', () =>
      this.s3.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix || undefined,
          Delimiter: '/',
          // Keys may hold characters XML 1.0 cannot carry: have S3 encode them, and decode here.
          EncodingType: 'url',
          ...(continuation ? { ContinuationToken: continuation } : {}),
        }),
      ),
    );
    return {
      folders: (out.CommonPrefixes ?? []).map((p) => decodeS3Key(p.Prefix ?? '') ?? '').filter(Boolean),
      ...(out.IsTruncated && out.NextContinuationToken ? { next: out.NextContinuationToken } : {}),
    };
  }
}
