/** KMS DescribeKey for init: who manages kms_key_arn (an AWS managed key cannot serve S3 notifications). */
import { DescribeKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { LiveKey } from '../../core/init/types.js';
import { callOrNull, INIT_HINTS } from '../sdk/errors.js';

export async function describeKey(kms: KMSClient, keyArn: string): Promise<LiveKey | null> {
  const out = await callOrNull('KMS', 'DescribeKey', () => kms.send(new DescribeKeyCommand({ KeyId: keyArn })), undefined, INIT_HINTS, [
    'NotFoundException',
  ]);
  return out ? { manager: out.KeyMetadata?.KeyManager ?? 'CUSTOMER' } : null;
}
