/**
 * Deploy on a shared account, against moto: what deploy makes carries our tags and a second
 * deploy is `unchanged`; another team's role or EventBridge rule that happens to have our name is
 * `blocked` (exit 3) and read back unchanged; a role of ours widened by hand blocks until
 * `--force-role` puts it back; the wrong account or no credentials stop before anything is made.
 */
import { DescribeLogGroupsCommand, ListTagsForResourceCommand as ListLogTagsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeRuleCommand,
  ListTagsForResourceCommand as ListRuleTagsCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
} from '@aws-sdk/client-eventbridge';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AwsClients } from '../../src/aws/sdk/clients.js';
import { ConfigError } from '../../src/core/kernel/errors.js';
import { runCli } from '../support/cli.js';
import { deployInProcess } from '../support/deploy.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const NAME = 'test_streamalert_athena_partition_refresh';
const ROLE = `${NAME}_role`;
const OURS = { team: 'data', 'streamalert:managed': 'true', 'streamalert:prefix': 'test' };
const TODAY = '2026-11-29';
const EC2_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const LAMBDA_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const S3_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

let moto: MotoServer;
let clients: AwsClients;
let iam: IAMClient;
let conf: string;

function writeGlobal(account = '123456789012'): void {
  writeFileSync(
    join(conf, 'global.json'),
    JSON.stringify({ account: { aws_account_id: account, prefix: 'test', region: 'us-east-1' }, tags: { team: 'data' } }),
  );
}

const cli = (...args: string[]) =>
  runCli(['--config-dir', conf, '--endpoint-url', moto.url, ...args], { env: { STREAMALERT_TODAY: TODAY } });
const deploy = (forceRole = false) =>
  deployInProcess({ configDir: conf, endpointUrl: moto.url, functions: ['athena'], today: TODAY, forceRole });

/** A role as IAM holds it: trust, inline policies (parsed), attached ARNs, tags. */
async function readRole(name = ROLE) {
  const role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role!;
  const inlineNames = (await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames ?? [];
  const inline: Record<string, unknown> = {};
  for (const PolicyName of inlineNames)
    inline[PolicyName] = JSON.parse(
      decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName }))).PolicyDocument!),
    );
  return {
    trust: JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)) as unknown,
    inline,
    attached: ((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }))).AttachedPolicies ?? []).map((p) => p.PolicyArn),
    tags: Object.fromEntries(((await iam.send(new ListRoleTagsCommand({ RoleName: name }))).Tags ?? []).map((t) => [t.Key, t.Value])),
  };
}

async function otherTeamsRole(): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: JSON.stringify(EC2_TRUST) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: 'admin', PolicyDocument: JSON.stringify(ADMIN) }));
  const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 's3-everything', PolicyDocument: JSON.stringify(S3_ALL) }))).Policy!
    .Arn!;
  await iam.send(new AttachRolePolicyCommand({ RoleName: ROLE, PolicyArn: arn }));
}

const functions = async () => ((await clients.lambda().send(new ListFunctionsCommand({}))).Functions ?? []).map((f) => f.FunctionName);

before(async () => {
  moto = await startMoto();
  clients = new AwsClients({ region: 'us-east-1', endpointUrl: moto.url });
  iam = await clients.iam();
  conf = join(mkdtempSync(join(tmpdir(), 'streamalert-own-')), 'conf');
  mkdirSync(conf);
  writeFileSync(join(conf, 'lambda.json'), JSON.stringify({ athena_partition_refresh_config: { buckets: { 'test-data': '*' } } }));
});

after(async () => {
  clients?.destroy();
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
  writeGlobal();
});

describe('deploy on a shared account', () => {
  it("another team's role named like ours (EC2 trust, Action:* inline, s3:* attached): blocked, exit 3, the role read back unchanged", async () => {
    await otherTeamsRole();
    const before = await readRole();
    const dry = await cli('deploy', '--function', 'athena', '--dry-run');
    assert.equal(dry.code, 3, dry.stderr);
    assert.match(
      dry.stdout,
      new RegExp(
        `blocked: athena \\(${NAME}\\): role ${ROLE} exists and is not streamalert's \\(no tag streamalert:managed=true\\).*set athena_partition_refresh_config\\.role_arn to its ARN to use it as it is`,
      ),
    );
    assert.match(dry.stdout, new RegExp(`${ROLE} \\(blocked\\)`));
    const r = await cli('deploy', '--function', 'athena');
    assert.equal(r.code, 3, r.stderr);
    assert.match(
      r.stderr,
      /configuration error: nothing was changed:\n {2}athena .*role test_streamalert_athena_partition_refresh_role exists and is not streamalert's/,
    );
    assert.deepEqual(await readRole(), before);
    assert.deepEqual(before.trust, EC2_TRUST);
    assert.deepEqual(Object.keys(before.inline), ['admin']);
    assert.deepEqual(await functions(), []);
  });

  it("what deploy makes carries our tags and the user's; a second deploy is unchanged", async () => {
    const first = (await deploy()).functions[0]!;
    assert.equal(first.action, 'created');
    assert.deepEqual((await readRole()).tags, OURS);
    const fn = await clients.lambda().send(new GetFunctionCommand({ FunctionName: NAME }));
    assert.deepEqual(fn.Tags, OURS);
    const ruleArn = (await clients.eventbridge().send(new DescribeRuleCommand({ Name: NAME }))).Arn!;
    const ruleTags = (await clients.eventbridge().send(new ListRuleTagsCommand({ ResourceARN: ruleArn }))).Tags ?? [];
    assert.deepEqual(Object.fromEntries(ruleTags.map((t) => [t.Key, t.Value])), OURS);
    const logs = await clients.logs();
    const group = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/${NAME}` }))).logGroups![0]!;
    assert.deepEqual(
      (await logs.send(new ListLogTagsCommand({ resourceArn: group.logGroupArn ?? group.arn!.replace(/:\*$/, '') }))).tags,
      OURS,
    );

    const second = (await deploy()).functions[0]!;
    assert.deepEqual(
      [second.action, second.role?.action, second.logGroup.action, second.schedule?.action, second.blockers],
      ['unchanged', 'unchanged', 'unchanged', 'unchanged', []],
    );
  });

  it('a role of ours widened by hand blocks the deploy; --force-role puts it back to exactly ours and says what it removed', async () => {
    await deploy();
    const ours = await readRole();
    await iam.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: 'by-hand', PolicyDocument: JSON.stringify(ADMIN) }));
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 's3-everything', PolicyDocument: JSON.stringify(S3_ALL) }))).Policy!
      .Arn!;
    await iam.send(new AttachRolePolicyCommand({ RoleName: ROLE, PolicyArn: arn }));
    const widened = await readRole();

    await assert.rejects(
      deploy(),
      (err: unknown) =>
        err instanceof ConfigError &&
        /someone widened it by hand: inline policy "by-hand"; attached policy "arn:aws:iam::123456789012:policy\/s3-everything"\..*--force-role/.test(
          err.message,
        ),
    );
    assert.deepEqual(await readRole(), widened);

    const r = await cli('deploy', '--function', 'athena', '--force-role');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /role: athena .*deleted inline policy "by-hand" from role test_streamalert_athena_partition_refresh_role/);
    assert.match(r.stdout, /role: athena .*detached policy "arn:aws:iam::123456789012:policy\/s3-everything"/);
    assert.deepEqual(await readRole(), ours);
    assert.equal((await deploy()).functions[0]!.action, 'unchanged');
  });

  it('an untagged EventBridge rule with our name: blocked, the rule left as it was', async () => {
    await clients.eventbridge().send(new PutRuleCommand({ Name: NAME, ScheduleExpression: 'rate(1 hour)', State: 'DISABLED' }));
    await assert.rejects(
      deploy(),
      (err: unknown) =>
        err instanceof ConfigError &&
        /EventBridge rule test_streamalert_athena_partition_refresh exists and is not streamalert's/.test(err.message),
    );
    const rule = await clients.eventbridge().send(new DescribeRuleCommand({ Name: NAME }));
    assert.deepEqual([rule.ScheduleExpression, rule.State], ['rate(1 hour)', 'DISABLED']);
    assert.deepEqual((await clients.eventbridge().send(new ListTargetsByRuleCommand({ Rule: NAME }))).Targets ?? [], []);
    assert.deepEqual(await functions(), []);
    assert.deepEqual((await iam.send(new ListRolesCommand({}))).Roles ?? [], [], 'no role made');
  });

  it("another team's function under our name: rollback (and its dry run) exit 3, their alias not moved", async () => {
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'their-role', AssumeRolePolicyDocument: JSON.stringify(LAMBDA_TRUST) })))
      .Role!.Arn!;
    const lambda = clients.lambda();
    const code = (body: string) => ({ ZipFile: zipSync({ 'index.mjs': strToU8(body) }) });
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: NAME,
        Runtime: 'nodejs22.x',
        Role: role,
        Handler: 'index.handler',
        Code: code('1'),
        Publish: true,
      }),
    );
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: NAME, ...code('2'), Publish: true }));
    await lambda.send(new CreateAliasCommand({ FunctionName: NAME, Name: 'production', FunctionVersion: '2' }));
    for (const args of [
      ['rollback', '--function', 'athena', '--dry-run'],
      ['rollback', '--function', 'athena'],
    ]) {
      const r = await cli(...args);
      assert.equal(r.code, 3, `${args.join(' ')}: ${r.stderr}`);
      assert.match(
        r.stderr,
        new RegExp(
          `function ${NAME} exists and is not streamalert's \\(no tag streamalert:managed=true\\).*rollback moves only the alias of a function streamalert deployed, and moved nothing`,
        ),
      );
    }
    assert.equal((await lambda.send(new GetAliasCommand({ FunctionName: NAME, Name: 'production' }))).FunctionVersion, '2');
  });

  it('credentials of another account: exit 3 naming both, nothing made (deploy, its dry run, rollback)', async () => {
    writeGlobal('111111111111');
    for (const args of [
      ['deploy', '--function', 'athena'],
      ['deploy', '--function', 'athena', '--dry-run'],
      ['rollback', '--function', 'athena'],
    ]) {
      const r = await cli(...args);
      assert.equal(r.code, 3, `${args.join(' ')}: ${r.stderr}`);
      assert.match(
        r.stderr,
        /the credentials in use belong to account 123456789012, but .*global\.json says account\.aws_account_id is 111111111111: nothing was changed/,
      );
    }
    assert.deepEqual(await functions(), []);
    assert.deepEqual((await iam.send(new ListRolesCommand({}))).Roles ?? [], []);
  });

  it('no credentials at all: exit 7 (credentials error) before anything else', async () => {
    const r = await runCli(['--config-dir', conf, 'deploy', '--function', 'athena'], {
      env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, HOME: mkdtempSync(join(tmpdir(), 'no-home-')) },
    });
    assert.equal(r.code, 7, r.stderr);
    assert.match(r.stderr, /credentials error: no AWS credentials found/);
  });
});
