/** What the account check asks: src/aws/account/account.ts answers with STS GetCallerIdentity. */
export interface AccountPort {
  /** The 12-digit account id the credentials in use belong to. */
  callerAccount(): Promise<string>;
}
