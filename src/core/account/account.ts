/**
 * The account check: before the first write, a command that changes AWS asks which account its
 * credentials belong to (STS GetCallerIdentity needs no permission) and stops when it is not
 * `account.aws_account_id`, so nothing is made half-way in the wrong account.
 */
import type { Config } from '../config/load.js';
import { ConfigError } from '../kernel/errors.js';
import type { AccountPort } from './ports.js';

/** The account the caller's credentials are in, once it has been checked to be the configured one. */
export async function checkAccount(port: AccountPort, config: Pick<Config, 'account' | 'dir'>): Promise<string> {
  const actual = await port.callerAccount();
  const expected = config.account.aws_account_id;
  if (actual !== expected) {
    throw new ConfigError(
      `the credentials in use belong to account ${actual}, but ${config.dir}/global.json says account.aws_account_id is ${expected}: nothing was changed. Use credentials for ${expected} (--profile, AWS_PROFILE), or correct account.aws_account_id`,
      `${config.dir}/global.json`,
      'account.aws_account_id',
    );
  }
  return actual;
}
