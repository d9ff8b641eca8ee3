/** AccountPort over STS GetCallerIdentity (no IAM permission is needed for it). */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AccountPort } from '../../core/account/ports.js';
import { AwsError } from '../../core/kernel/errors.js';
import { call } from '../sdk/errors.js';

export class StsAccount implements AccountPort {
  constructor(private readonly sts: () => Promise<STSClient>) {}

  async callerAccount(): Promise<string> {
    const client = await this.sts();
    const identity = await call('STS', 'GetCallerIdentity', () => client.send(new GetCallerIdentityCommand({})));
    if (!identity.Account) throw new AwsError('STS GetCallerIdentity returned no account id', 'STS', 'GetCallerIdentity');
    return identity.Account;
  }
}
