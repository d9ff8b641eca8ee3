/**
 * Lambda: the deploy run's FunctionsPort. GetFunction/GetAlias for the live state,
 * Create/UpdateFunctionCode and UpdateFunctionConfiguration (each followed by a wait until Lambda
 * reports the update done), PublishVersion, Create/UpdateAlias, ListVersionsByFunction.
 */
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  PublishVersionCommand,
  TagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  paginateListVersionsByFunction,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { ALIAS, type FunctionSpec } from '../../core/deploy/functions.js';
import type { LiveFunction, LiveState } from '../../core/deploy/function-plan.js';
import type { FunctionsPort } from '../../core/deploy/ports.js';
import { waitUntilSettled, type WaitOptions } from '../../core/deploy/wait.js';
import { AwsError } from '../../core/kernel/errors.js';
import type { AwsClients } from '../sdk/clients.js';
import { call, callOrNull, HINTS, type Hints } from '../sdk/errors.js';
import { retryWhileIamPropagates, ROLE_NOT_ASSUMABLE } from './iam-retry.js';
import { liveFunction, loggingConfig } from './live-function.js';

/** Deploy's hints on top of everyone's. */
const LAMBDA_HINTS: Hints = {
  ...HINTS,
  ResourceConflictException: ' — another update of this function is in progress; wait for it and deploy again.',
  CodeStorageExceededException: ' — delete old versions of your functions to free code storage.',
};

const ROLE_HINT =
  ' — check that role_arn names an existing role whose trust policy allows lambda.amazonaws.com (a role created moments ago can take about 10 s to be usable).';

export interface LambdaFunctionsOptions {
  wait?: WaitOptions;
}

export class LambdaFunctions implements FunctionsPort {
  private readonly lambda: LambdaClient;

  constructor(
    clients: AwsClients,
    private readonly options: LambdaFunctionsOptions = {},
  ) {
    this.lambda = clients.lambda();
  }

  async getState(name: string): Promise<LiveState> {
    const found = await callOrNull('lambda', 'GetFunction', () => this.lambda.send(new GetFunctionCommand({ FunctionName: name })));
    if (!found?.Configuration) return { function: null, alias: null };
    const aliasOut = await callOrNull('lambda', 'GetAlias', () =>
      this.lambda.send(new GetAliasCommand({ FunctionName: name, Name: ALIAS })),
    );
    const alias: LiveState['alias'] = aliasOut ? { arn: aliasOut.AliasArn ?? '', version: aliasOut.FunctionVersion ?? '' } : null;
    if (alias && /^\d+$/.test(alias.version)) {
      const target = await callOrNull('lambda', 'GetFunctionConfiguration', () => this.configuration(name, alias.version));
      if (target) alias.target = liveFunction(target);
    }
    return { function: { ...liveFunction(found.Configuration), ...(found.Tags ? { tags: found.Tags } : {}) }, alias };
  }

  async tag(name: string, tags: Record<string, string>): Promise<void> {
    const arn = (await this.configuration(name)).FunctionArn;
    await call(
      'lambda',
      'TagResource',
      () => this.lambda.send(new TagResourceCommand({ Resource: arn, Tags: tags })),
      undefined,
      LAMBDA_HINTS,
    );
  }

  async create(spec: FunctionSpec, zip: Uint8Array, tags?: Record<string, string>): Promise<LiveFunction> {
    const send = () =>
      this.lambda.send(
        new CreateFunctionCommand({
          FunctionName: spec.name,
          Role: spec.roleArn,
          Runtime: spec.runtime as never,
          Handler: spec.handler,
          Code: { ZipFile: zip },
          MemorySize: spec.memory,
          Timeout: spec.timeout,
          Environment: { Variables: spec.environment },
          ...loggingConfig(spec.logging),
          Description: `streamalert ${spec.key} function (${spec.section})`,
          Publish: false,
          ...(tags ? { Tags: tags } : {}),
        }),
      );
    const out = await call(
      'lambda',
      'CreateFunction',
      () => retryWhileIamPropagates(send, ROLE_NOT_ASSUMABLE),
      undefined,
      LAMBDA_HINTS,
    ).catch((err: unknown) => {
      if (err instanceof AwsError && err.code === 'InvalidParameterValueException' && /role/i.test(err.message)) err.message += ROLE_HINT;
      throw err;
    });
    return this.settle(spec.name, 'CreateFunction', out);
  }

  async updateCode(name: string, zip: Uint8Array): Promise<LiveFunction> {
    await this.settle(name, 'UpdateFunctionCode');
    const out = await call(
      'lambda',
      'UpdateFunctionCode',
      () => this.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip })),
      undefined,
      LAMBDA_HINTS,
    );
    return this.settle(name, 'UpdateFunctionCode', out);
  }

  async updateConfiguration(spec: FunctionSpec): Promise<LiveFunction> {
    await this.settle(spec.name, 'UpdateFunctionConfiguration');
    const send = () =>
      this.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: spec.name,
          Runtime: spec.runtime as never,
          Handler: spec.handler,
          MemorySize: spec.memory,
          Timeout: spec.timeout,
          Environment: { Variables: spec.environment },
          ...loggingConfig(spec.logging),
          ...(spec.roleArn ? { Role: spec.roleArn } : {}),
        }),
      );
    const out = await call(
      'lambda',
      'UpdateFunctionConfiguration',
      () => retryWhileIamPropagates(send, ROLE_NOT_ASSUMABLE),
      undefined,
      LAMBDA_HINTS,
    );
    return this.settle(spec.name, 'UpdateFunctionConfiguration', out);
  }

  async publishVersion(name: string, codeSha256: string, description: string): Promise<string> {
    await this.settle(name, 'PublishVersion');
    const out = await call(
      'lambda',
      'PublishVersion',
      () => this.lambda.send(new PublishVersionCommand({ FunctionName: name, CodeSha256: codeSha256, Description: description })),
      undefined,
      LAMBDA_HINTS,
    );
    if (!out.Version) throw new AwsError(`lambda PublishVersion returned no version for ${name}`, 'lambda', 'PublishVersion');
    return out.Version;
  }

  async setAlias(name: string, version: string, exists: boolean): Promise<string> {
    const update = async () =>
      (
        await call(
          'lambda',
          'UpdateAlias',
          () => this.lambda.send(new UpdateAliasCommand({ FunctionName: name, Name: ALIAS, FunctionVersion: version })),
          undefined,
          LAMBDA_HINTS,
        )
      ).AliasArn ?? '';
    if (exists) return update();
    try {
      return (
        (
          await call('lambda', 'CreateAlias', () =>
            this.lambda.send(new CreateAliasCommand({ FunctionName: name, Name: ALIAS, FunctionVersion: version })),
          )
        ).AliasArn ?? ''
      );
    } catch (err) {
      // Someone created it since we looked: move it instead.
      if (err instanceof AwsError && err.code === 'ResourceConflictException') return update();
      throw err;
    }
  }

  async listVersions(name: string): Promise<string[]> {
    return call('lambda', 'ListVersionsByFunction', async () => {
      const versions: string[] = [];
      for await (const page of paginateListVersionsByFunction({ client: this.lambda, pageSize: 50 }, { FunctionName: name })) {
        versions.push(...(page.Versions ?? []).map((v) => v.Version ?? '').filter((v) => /^\d+$/.test(v)));
      }
      return versions;
    });
  }

  private configuration(name: string, qualifier?: string): Promise<FunctionConfiguration> {
    return call('lambda', 'GetFunctionConfiguration', () =>
      this.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name, ...(qualifier ? { Qualifier: qualifier } : {}) })),
    );
  }

  /** Waits until the function is Active with its last update Successful; returns its configuration. */
  private async settle(name: string, operation: string, first?: FunctionConfiguration): Promise<LiveFunction> {
    let pending = first;
    let seen: FunctionConfiguration | undefined;
    await waitUntilSettled(
      name,
      operation,
      async () => {
        seen = pending ?? (await this.configuration(name));
        pending = undefined;
        return { state: seen.State, lastUpdateStatus: seen.LastUpdateStatus, reason: seen.LastUpdateStatusReason ?? seen.StateReason };
      },
      this.options.wait,
    );
    return liveFunction(seen!);
  }
}
