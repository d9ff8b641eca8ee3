/**
 * The config files a bundled function carries in its zip (conf/global.json, conf/lambda.json):
 * what the function reads at run time, nothing else. Keys that only `deploy` reads (memory,
 * timeout, role, runtime, handler, source, environment, log_level — it becomes $LOG_LEVEL —,
 * enabled, schedule_expression, log retention, the trigger and its mapping settings) and only
 * `athena init` reads (kms_key_arn, max_receive_count, results_retention_days) are left out, so
 * changing them is a configuration update and not new code. Written with sorted keys so formatting
 * or key order in conf/ does not change the zip.
 */
export const DEPLOY_ONLY_KEYS = [
  'enabled',
  'log_level',
  'memory',
  'timeout',
  'source',
  'handler',
  'runtime',
  'role_arn',
  'environment',
  'schedule_expression',
  'kms_key_arn',
  'max_receive_count',
  'results_retention_days',
  'log_retention_days',
  'trigger',
  'batch_size',
  'maximum_batching_window_seconds',
  'maximum_concurrency',
] as const;

export function runtimeLambdaConfig(lambda: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [section, body] of Object.entries(lambda)) {
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      out[section] = Object.fromEntries(Object.entries(body).filter(([k]) => !(DEPLOY_ONLY_KEYS as readonly string[]).includes(k)));
    } else out[section] = body;
  }
  return out;
}
