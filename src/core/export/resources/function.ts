/**
 * Each function from the zip `package` builds (written beside the .tf.json, with its hash), with
 * the settings deploy sets (LoggingConfig included), published, and its `production` alias on the
 * version published.
 */
import { ALIAS } from '../../deploy/functions.js';
import { ref, type ResourceMapper, type TfResource } from '../types.js';

export const lambdaFunction: ResourceMapper = ({ functions, tags }): TfResource[] =>
  functions.flatMap(({ planned, zipFile }) => {
    const { spec, live, pkg } = planned;
    const key = spec.key;
    const roleArn = planned.role ? ref('aws_iam_role', key, 'arn') : spec.roleArn;
    const depends = [`aws_cloudwatch_log_group.${key}`, ...(planned.role ? [`aws_iam_role_policy.${key}`] : [])];
    const body: Record<string, unknown> = {
      function_name: spec.name,
      description: `streamalert ${spec.key} function (${spec.section})`,
      role: roleArn,
      handler: spec.handler,
      runtime: spec.runtime,
      memory_size: spec.memory,
      timeout: spec.timeout,
      filename: `\${path.module}/${zipFile}`,
      source_code_hash: pkg.sha256,
      publish: true,
      tags,
      // The log group first, so Lambda does not make one without retention.
      depends_on: depends,
    };
    if (Object.keys(spec.environment).length) body.environment = { variables: spec.environment };
    // LoggingConfig (deploy/logging.ts); log_group is left to Lambda's default, the group above.
    if (spec.logging)
      body.logging_config = {
        log_format: spec.logging.format,
        application_log_level: spec.logging.applicationLevel,
        system_log_level: spec.logging.systemLevel,
      };
    return [
      {
        type: 'aws_lambda_function',
        name: key,
        kind: 'function',
        body,
        ...(live.function ? { importId: spec.name } : {}),
        // Deploy's warnings (a deprecated runtime, an alarm of our name that is not ours) hold here too.
        ...(planned.warnings.length ? { warnings: planned.warnings.map((w) => `${key} (${spec.name}): ${w}`) } : {}),
      },
      {
        type: 'aws_lambda_alias',
        name: key,
        kind: 'alias',
        body: {
          name: ALIAS,
          function_name: ref('aws_lambda_function', key, 'function_name'),
          function_version: ref('aws_lambda_function', key, 'version'),
        },
        ...(live.alias ? { importId: `${spec.name}/${ALIAS}` } : {}),
      },
    ];
  });
