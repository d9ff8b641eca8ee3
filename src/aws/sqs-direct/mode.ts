/** Which path the hot SQS calls take: this folder's (`direct`) or `SQSClient.send` (`sdk`). */
import { ConfigError } from '../../core/kernel/errors.js';

/** `direct`: this path; `sdk`: every call through `SQSClient.send`. */
export type SqsClientMode = 'direct' | 'sdk';
const MODES: readonly string[] = ['direct', 'sdk'];

/** The configured mode, unless STREAMALERT_SQS_CLIENT says otherwise. */
export function sqsClientMode(configured: SqsClientMode = 'direct', env: NodeJS.ProcessEnv = process.env): SqsClientMode {
  const fromEnv = env.STREAMALERT_SQS_CLIENT?.trim().toLowerCase();
  if (!fromEnv) return configured;
  if (!MODES.includes(fromEnv))
    throw new ConfigError(
      `STREAMALERT_SQS_CLIENT must be "direct" or "sdk" (it is ${JSON.stringify(env.STREAMALERT_SQS_CLIENT).slice(0, 60)})`,
    );
  return fromEnv as SqsClientMode;
}
