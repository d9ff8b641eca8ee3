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
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { ALIAS, type FunctionSpec } from '../core/deploy/functions.js';
import type { LiveFunction, LiveState } from '../core/deploy/function-plan.js';
import type { FunctionsPort } from '../core/deploy/ports.js';
import { waitUntilSettled, type WaitOptions } from '../core/deploy/wait.js';
import { AwsError } from '../core/errors.js';
import type { AwsClients } from './clients.js';
import { awsError, call } from './errors.js';
import { retryWhileIamPropagates, ROLE_NOT_ASSUMABLE } from './iam-retry.js';

const HINTS: Record<string, string> = {
  ResourceConflictException: ' — another update of this function is in progress; wait for it and deploy again.',
  InvalidParameterValueException: '',
  CodeStorageExceededException: ' — delete old versions of your functions to free code storage.',
};

export function liveFunction(c: FunctionConfiguration): LiveFunction {
  return {
    arn: c.FunctionArn ?? '',
    version: c.Version ?? '$LATEST',
    codeSha256: c.CodeSha256 ?? '',
    codeSize: c.CodeSize ?? 0,
    environment: c.Environment?.Variables ?? {},
    ...(c.Handler !== undefined ? { handler: c.Handler } : {}),
    ...(c.Runtime !== undefined ? { runtime: c.Runtime } : {}),
    ...(c.MemorySize !== undefined ? { memory: c.MemorySize } : {}),
    ...(c.Timeout !== undefined ? { timeout: c.Timeout } : {}),
    ...(c.Role !== undefined ? { role: c.Role } : {}),
    ...(c.State !== undefined ? { state: c.State } : {}),
    ...(c.LastUpdateStatus !== undefined ? { lastUpdateStatus: c.LastUpdateStatus } : {}),
  };
}

function isNotFound(err: unknown): boolean {
  return (err as { name?: string })?.name === 'ResourceNotFoundException';
}

/** Like call(), with deploy-specific hints appended. */
async function lambdaCall<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = awsError('lambda', operation, err);
    const hint = HINTS[e.code ?? ''];
    if (hint) e.message += hint;
    if (operation === 'CreateFunction' && e.code === 'InvalidParameterValueException' && /role/i.test(e.message)) {
      e.message += ' — check that role_arn names an existing role whose trust policy allows lambda.amazonaws.com (a role created moments ago can take about 10 s to be usable).';
    }
    throw e;
  }
}

export interface LambdaFunctionsOptions {
  wait?: WaitOptions;
}

export function lambdaFunctions(clients: AwsClients, options: LambdaFunctionsOptions = {}): FunctionsPort {
  const lambda: LambdaClient = clients.lambda();

  const configuration = (name: string, qualifier?: string) =>
    call('lambda', 'GetFunctionConfiguration', () => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name, ...(qualifier ? { Qualifier: qualifier } : {}) })));

  /** Waits until the function is Active with its last update Successful; returns its configuration. */
  const settle = async (name: string, operation: string, first?: FunctionConfiguration): Promise<LiveFunction> => {
    let pending = first;
    let seen: FunctionConfiguration | undefined;
    await waitUntilSettled(
      name,
      operation,
      async () => {
        seen = pending ?? (await configuration(name));
        pending = undefined;
        return { state: seen.State, lastUpdateStatus: seen.LastUpdateStatus, reason: seen.LastUpdateStatusReason ?? seen.StateReason };
      },
      options.wait,
    );
    return liveFunction(seen!);
  };

  return {
    async getState(name: string): Promise<LiveState> {
      let fn: FunctionConfiguration | undefined;
      try {
        fn = (await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Configuration;
      } catch (err) {
        if (isNotFound(err)) return { function: null, alias: null };
        throw awsError('lambda', 'GetFunction', err);
      }
      if (!fn) return { function: null, alias: null };
      let alias: LiveState['alias'] = null;
      try {
        const a = await lambda.send(new GetAliasCommand({ FunctionName: name, Name: ALIAS }));
        alias = { arn: a.AliasArn ?? '', version: a.FunctionVersion ?? '' };
      } catch (err) {
        if (!isNotFound(err)) throw awsError('lambda', 'GetAlias', err);
      }
      if (alias && /^\d+$/.test(alias.version)) {
        try {
          alias.target = liveFunction(await configuration(name, alias.version));
        } catch (err) {
          if (!(err instanceof AwsError && err.code === 'ResourceNotFoundException')) throw err;
        }
      }
      return { function: liveFunction(fn), alias };
    },

    async create(spec: FunctionSpec, zip: Uint8Array): Promise<LiveFunction> {
      const out = await lambdaCall('CreateFunction', () =>
        retryWhileIamPropagates(() => lambda.send(
          new CreateFunctionCommand({
            FunctionName: spec.name,
            Role: spec.roleArn,
            Runtime: spec.runtime as never,
            Handler: spec.handler,
            Code: { ZipFile: zip },
            MemorySize: spec.memory,
            Timeout: spec.timeout,
            Environment: { Variables: spec.environment },
            Description: `streamalert ${spec.key} function (${spec.section})`,
            Publish: false,
          }),
        ), ROLE_NOT_ASSUMABLE),
      );
      return settle(spec.name, 'CreateFunction', out);
    },

    async updateCode(name: string, zip: Uint8Array): Promise<LiveFunction> {
      await settle(name, 'UpdateFunctionCode');
      const out = await lambdaCall('UpdateFunctionCode', () => lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip })));
      return settle(name, 'UpdateFunctionCode', out);
    },

    async updateConfiguration(spec: FunctionSpec): Promise<LiveFunction> {
      await settle(spec.name, 'UpdateFunctionConfiguration');
      const out = await lambdaCall('UpdateFunctionConfiguration', () =>
        retryWhileIamPropagates(() => lambda.send(
          new UpdateFunctionConfigurationCommand({
            FunctionName: spec.name,
            Runtime: spec.runtime as never,
            Handler: spec.handler,
            MemorySize: spec.memory,
            Timeout: spec.timeout,
            Environment: { Variables: spec.environment },
            ...(spec.roleArn ? { Role: spec.roleArn } : {}),
          }),
        ), ROLE_NOT_ASSUMABLE),
      );
      return settle(spec.name, 'UpdateFunctionConfiguration', out);
    },

    async publishVersion(name: string, codeSha256: string, description: string): Promise<string> {
      await settle(name, 'PublishVersion');
      const out = await lambdaCall('PublishVersion', () => lambda.send(new PublishVersionCommand({ FunctionName: name, CodeSha256: codeSha256, Description: description })));
      if (!out.Version) throw new AwsError(`lambda PublishVersion returned no version for ${name}`, 'lambda', 'PublishVersion');
      return out.Version;
    },

    async setAlias(name: string, version: string, exists: boolean): Promise<string> {
      const update = () => lambdaCall('UpdateAlias', () => lambda.send(new UpdateAliasCommand({ FunctionName: name, Name: ALIAS, FunctionVersion: version })));
      if (exists) return (await update()).AliasArn ?? '';
      try {
        return (await lambda.send(new CreateAliasCommand({ FunctionName: name, Name: ALIAS, FunctionVersion: version }))).AliasArn ?? '';
      } catch (err) {
        // Someone created it since we looked: move it instead.
        if ((err as { name?: string }).name === 'ResourceConflictException') return (await update()).AliasArn ?? '';
        throw awsError('lambda', 'CreateAlias', err);
      }
    },

    async listVersions(name: string): Promise<string[]> {
      const versions: string[] = [];
      let Marker: string | undefined;
      do {
        const page = await call('lambda', 'ListVersionsByFunction', () => lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name, Marker, MaxItems: 50 })));
        versions.push(...(page.Versions ?? []).map((v) => v.Version ?? '').filter((v) => /^\d+$/.test(v)));
        Marker = page.NextMarker;
      } while (Marker);
      return versions;
    },
  };
}
