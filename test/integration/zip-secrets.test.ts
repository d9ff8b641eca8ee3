/**
 * No secret reaches the Lambda zip, the CLI's output or logs, or the handler's logs: credentials
 * in the environment, a .env in the config folder and in the working folder, a shared credentials
 * file, and a secret in the function's deploy-time `environment` are all planted, then searched
 * for in every zip entry and every byte printed.
 */
import { strFromU8, unzipSync } from 'fflate';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  realpathSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT } from '../../src/cli/errors/exit-codes.js';
import { runCli, runInProcess, type CliResult } from '../support/cli.js';
import { createDeployment, DEFAULT_ATHENA, type Deployment } from '../support/deployment.js';
import { s3Event } from '../support/factories.js';
import { freePort, startMoto, type MotoServer } from '../support/moto.js';

const token = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

/** Fresh for every run, so a hit cannot be a coincidence. */
const SECRETS = {
  accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
  secretAccessKey: token('envSecretKey'),
  sessionToken: token('envSessionToken'),
  dotenvInConfig: token('dotenvConfigDir'),
  dotenvInCwd: token('dotenvCwd'),
  sharedCredentials: token('sharedCredsFile'),
  functionEnvironment: token('functionEnvVar'),
};

let moto: MotoServer;
let d: Deployment;
let cwd: string;
let home: string;

function secretEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NO_COLOR: '1',
    HOME: home,
    AWS_ACCESS_KEY_ID: SECRETS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SECRETS.secretAccessKey,
    AWS_SESSION_TOKEN: SECRETS.sessionToken,
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    DB_PASSWORD: SECRETS.dotenvInCwd,
  };
}

function cli(args: string[]): Promise<CliResult> {
  return runCli(args, { cwd, env: secretEnv() });
}

/** Every planted secret that occurs in `text` (also base64- or URL-encoded). */
function leaks(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, s]) => text.includes(s) || text.includes(Buffer.from(s).toString('base64')) || text.includes(encodeURIComponent(s)))
    .map(([name]) => name);
}

before(async () => {
  moto = await startMoto();
  d = await createDeployment(moto.url, { ...DEFAULT_ATHENA, environment: { API_TOKEN: SECRETS.functionEnvironment } });
  cwd = mkdtempSync(join(tmpdir(), 'streamalert-cwd-'));
  home = mkdtempSync(join(tmpdir(), 'streamalert-home-'));
  writeFileSync(join(d.configDir, '.env'), `AWS_SECRET_ACCESS_KEY=${SECRETS.dotenvInConfig}\n`);
  writeFileSync(join(cwd, '.env'), `DB_PASSWORD=${SECRETS.dotenvInCwd}\nAWS_SESSION_TOKEN=${SECRETS.sessionToken}\n`);
  mkdirSync(join(home, '.aws'));
  writeFileSync(
    join(home, '.aws', 'credentials'),
    `[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = ${SECRETS.sharedCredentials}\n`,
  );
});

after(async () => {
  d?.clients.destroy();
  await moto?.stop();
});

describe('no secret in the Lambda zip', () => {
  it('the athena zip, built with every secret planted, holds none of them in any entry', async () => {
    const out = join(cwd, 'dist');
    const r = await cli(['--config-dir', d.configDir, '--output', 'json', 'package', '--function', 'athena', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(leaks(r.stdout + r.stderr), [], 'package output');
    const zips = readdirSync(out).filter((f) => f.endsWith('.zip'));
    assert.equal(zips.length, 1, `one zip: ${zips.join(', ')}`);
    const bytes = readFileSync(join(out, zips[0]!));
    assert.deepEqual(leaks(bytes.toString('latin1')), [], 'raw zip bytes');
    const entries = unzipSync(bytes);
    const names = Object.keys(entries).sort();
    assert.ok(names.includes('index.mjs') && names.includes('conf/lambda.json'), names.join(', '));
    assert.ok(!names.some((n) => /(^|\/)\.env|credentials|\.aws\//.test(n)), `no secret files: ${names.join(', ')}`);
    for (const [name, data] of Object.entries(entries)) assert.deepEqual(leaks(strFromU8(data, true)), [], `zip entry ${name}`);
    // The function's deploy-time environment is configuration, not code: not in the zip's conf.
    assert.doesNotMatch(strFromU8(entries['conf/lambda.json']!), /API_TOKEN|environment/);
    // The checks above can fail: the planted files really hold the secrets.
    assert.deepEqual(leaks(readFileSync(join(cwd, '.env'), 'utf8') + readFileSync(join(d.configDir, '.env'), 'utf8')).sort(), [
      'dotenvInConfig',
      'dotenvInCwd',
      'sessionToken',
    ]);
  });
});

describe('no secret in output or logs', () => {
  before(async () => {
    await d.purge();
    await d.sendBodies([
      s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-09/a.json']),
      s3Event(['test-streamalert-data', 'cloudtrail/2026/11/28/10/b.json']),
      'not json at all',
      s3Event(['test-streamalerts', 'alerts/dt=2026-02-30-25/bad-date.json']),
    ]);
  });

  it('refresh --log-level debug --output json, credentials in the environment', async () => {
    const r = await cli([
      'athena',
      'refresh',
      '--once',
      '--config-dir',
      d.configDir,
      '--endpoint-url',
      moto.url,
      '--log-level',
      'debug',
      '--output',
      'json',
    ]);
    assert.equal(r.code, EXIT.KEPT_MESSAGES, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(result.messages.kept, 2);
    assert.match(r.stderr, /debug registered partitions/, 'debug logs were written');
    assert.deepEqual(leaks(r.stdout), [], 'stdout');
    assert.deepEqual(leaks(r.stderr), [], 'stderr');
  });

  it('refresh in text mode, and when AWS cannot be reached', async () => {
    const text = await cli([
      'athena',
      'refresh',
      '--once',
      '--config-dir',
      d.configDir,
      '--endpoint-url',
      moto.url,
      '--log-level',
      'debug',
    ]);
    assert.deepEqual(leaks(text.stdout + text.stderr), []);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const failed = await cli([
      'athena',
      'refresh',
      '--once',
      '--config-dir',
      d.configDir,
      '--endpoint-url',
      closed,
      '--log-level',
      'debug',
      '--output',
      'json',
    ]);
    assert.equal(failed.code, EXIT.AWS, failed.stderr);
    assert.match(failed.stderr, /AWS error/);
    assert.deepEqual(leaks(failed.stdout + failed.stderr), []);
  });

  it('athena iam-policy', async () => {
    const r = await cli(['athena', 'iam-policy', '--config-dir', d.configDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).Version, '2012-10-17');
    assert.deepEqual(leaks(r.stdout + r.stderr), []);
  });

  it('the Lambda handler’s JSON logs at debug, scheduled and SQS modes', async () => {
    const saved = { ...process.env };
    const lines: string[] = [];
    // The handler logs through every console level (src/lambda/log.ts): capture them all.
    const levels = ['log', 'debug', 'info', 'warn', 'error'] as const;
    const saved_console = levels.map((level) => console[level]);
    for (const level of levels) console[level] = (...a: unknown[]) => void lines.push(a.map(String).join(' '));
    try {
      Object.assign(process.env, {
        AWS_ENDPOINT_URL: moto.url,
        AWS_ACCESS_KEY_ID: SECRETS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: SECRETS.secretAccessKey,
        AWS_SESSION_TOKEN: SECRETS.sessionToken,
        AWS_REGION: 'us-east-1',
        STREAMALERT_CONFIG_DIR: d.configDir,
        LOG_LEVEL: 'debug',
      });
      const lambda = await import('../../src/lambda/athena.js');
      lambda.resetForTests();
      await d.sendBodies([s3Event(['test-streamalerts', 'alerts/dt=2026-11-28-11/c.json']), 'garbage']);
      await lambda.handler({ source: 'aws.events' }, { getRemainingTimeInMillis: () => 20_000 });
      await lambda.handler(
        { Records: [{ messageId: 'm-1', receiptHandle: 'r-1', body: 'still garbage', eventSource: 'aws:sqs' }] },
        { getRemainingTimeInMillis: () => 20_000 },
      );
      lambda.resetForTests();
    } finally {
      levels.forEach((level, i) => (console[level] = saved_console[i]!));
      process.env = saved;
    }
    assert.ok(
      lines.some((l) => l.includes('"refresh finished"')),
      lines.join('\n').slice(0, 2000),
    );
    assert.deepEqual(leaks(lines.join('\n')), []);
  });
});

/**
 * A directory `source` (a Python rule processor, say) is zipped as it is. Nothing outside it may
 * get in: every link that resolves outside is refused, naming it; the usual secret files inside it
 * are left out (any case) and listed; special files are never read.
 */
describe('a directory source never reads outside itself', () => {
  const outside = token('outsideSecret');
  let project: string;
  let secretsOutside: string;

  /** A config folder whose rule processor zips `source`. */
  function ruleConfig(source: string): string {
    const conf = join(project, `conf-${randomBytes(4).toString('hex')}`);
    mkdirSync(conf);
    writeFileSync(
      join(conf, 'global.json'),
      JSON.stringify({ account: { aws_account_id: '123456789012', prefix: 'test', region: 'us-east-1' } }),
    );
    writeFileSync(
      join(conf, 'lambda.json'),
      JSON.stringify({
        athena_partition_refresh_config: DEFAULT_ATHENA,
        rule_processor_config: {
          source,
          handler: 'main.handler',
          runtime: 'python3.12',
          role_arn: 'arn:aws:iam::123456789012:role/streamalert-test',
        },
      }),
    );
    return conf;
  }

  /** A fresh source folder with a main.py, then `setup` adds to it. */
  function source(setup: (dir: string) => void): string {
    const dir = mkdtempSync(join(project, 'rules-'));
    writeFileSync(join(dir, 'main.py'), 'def handler(event, context):\n    return event\n');
    setup(dir);
    return dir;
  }

  const packArgs = (dir: string) => [
    '--config-dir',
    ruleConfig(dir),
    '--output',
    'json',
    'package',
    '--function',
    'rule',
    '--out',
    join(dir, '..', `out-${randomBytes(4).toString('hex')}`),
  ];
  /** Through bin/streamalert with the secrets in its environment. */
  const pack = (dir: string) => cli(packArgs(dir));
  /** The same program in this process: for the many refusals (a child process each is slow on a busy machine). */
  const packHere = (dir: string) => runInProcess(packArgs(dir));

  before(() => {
    project = mkdtempSync(join(tmpdir(), 'streamalert-project-'));
    secretsOutside = mkdtempSync(join(tmpdir(), 'streamalert-outside-'));
    writeFileSync(join(secretsOutside, 'secret.txt'), `TOKEN=${outside}\n`);
    mkdirSync(join(secretsOutside, 'dir'));
    writeFileSync(join(secretsOutside, 'dir', 'inner.txt'), outside);
  });

  // Links whose targets resolve outside the source folder, each to a different kind of place.
  const outsideLinks: [name: string, link: string, target: () => string][] = [
    ['the process environment', 'env.txt', () => '/proc/self/environ'],
    ['the shared credentials file', 'creds.ini', () => join(home, '.aws', 'credentials')],
    ['/etc/passwd', 'lib/passwd', () => '/etc/passwd'],
    ['a file beside the project, by a relative path', 'data/notes.txt', () => '../../../' + relativeOutside('secret.txt')],
    ['a folder outside', 'vendor', () => join(secretsOutside, 'dir')],
    ['a link to a link that leads outside', 'chain.txt', () => 'hop.txt'],
    ['/dev/zero (a device)', 'zero.bin', () => '/dev/zero'],
    ['a path that climbs out through ..', 'sub/up.txt', () => '../../../' + relativeOutside('dir/inner.txt')],
  ];
  function relativeOutside(p: string): string {
    return `${secretsOutside.split('/').pop()}/${p}`;
  }

  for (const [name, link, target] of outsideLinks) {
    it(`a link to ${name} is a configuration error naming the link, and nothing is written`, async () => {
      const dir = source((d) => {
        mkdirSync(join(d, link, '..'), { recursive: true });
        if (link === 'chain.txt') symlinkSync(join(secretsOutside, 'secret.txt'), join(d, 'hop.txt'));
        symlinkSync(target(), join(d, link));
      });
      // the relative links really do resolve outside (so the test can fail)
      assert.ok(!realpathSync(join(dir, link)).startsWith(`${dir}/`), realpathSync(join(dir, link)));
      // The process's own environment through the binary (its env holds the planted secrets); the rest here.
      const r = link === 'env.txt' ? await pack(dir) : await packHere(dir);
      assert.equal(r.code, EXIT.CONFIG, r.stderr);
      assert.equal(r.stdout, '');
      const named =
        link === 'chain.txt'
          ? /"(chain|hop)\.txt" is a link to/
          : new RegExp(
              `"${link.replace(/\./g, '\\.')}" is a link to "[^"]+", outside ${dir}; packaging never reads outside the source folder`,
            );
      assert.match(r.stderr, new RegExp(`^streamalert: configuration error: rule_processor_config\\.source: `));
      assert.match(r.stderr, named);
      assert.deepEqual(leaks(r.stdout + r.stderr), []);
      assert.ok(!r.stderr.includes(outside));
    });
  }

  it('links inside the folder are followed; secret files (any case) are left out and listed; special files are never read', async () => {
    const planted = token('plantedSecret');
    const secretFiles = [
      '.env',
      '.ENV.local',
      '.envrc',
      '.NPMRC',
      '.pypirc',
      '.netrc',
      '.git-credentials',
      'id_rsa',
      'keys/ID_ED25519',
      'certs/server.pem',
      'certs/tls.KEY',
      'store.p12',
      '.aws/credentials',
      '.AWS/config',
      '.ssh/known_hosts',
      'lib/.Env',
    ];
    const dir = source((d) => {
      writeFileSync(join(d, 'rules.py'), 'RULES = []\n');
      mkdirSync(join(d, 'lib'));
      writeFileSync(join(d, 'lib', 'helpers.py'), 'x = 1\n');
      symlinkSync('lib/helpers.py', join(d, 'alias.py')); // inside: followed
      symlinkSync('lib', join(d, 'lib-link')); // a folder inside: its files are zipped where they are
      symlinkSync('missing.py', join(d, 'broken.py')); // dangling: left out
      execFileSync('mkfifo', [join(d, 'pipe')]); // would block a read
      for (const f of secretFiles) {
        mkdirSync(join(d, f, '..'), { recursive: true });
        writeFileSync(join(d, f), `SECRET=${planted}\n`);
      }
    });
    const r = await pack(dir);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const pkg = out.packages[0];
    const zip = unzipSync(readFileSync(pkg.file));
    assert.deepEqual(Object.keys(zip).sort(), ['alias.py', 'lib/helpers.py', 'main.py', 'rules.py']);
    assert.ok(!readFileSync(pkg.file).toString('latin1').includes(planted), 'no planted secret in the zip bytes');
    for (const [name, data] of Object.entries(zip)) assert.ok(!strFromU8(data).includes(planted), name);
    const excluded = new Map<string, string>(pkg.excluded.map((e: { path: string; reason: string }) => [e.path, e.reason]));
    for (const f of secretFiles) {
      const top = /^(\.aws|\.AWS|\.ssh)\//.test(f) ? f.split('/')[0]! : f;
      assert.ok(excluded.has(top), `${f} is listed as left out: ${[...excluded.keys()].join(', ')}`);
    }
    assert.equal(excluded.get('id_rsa'), 'private key');
    assert.equal(excluded.get('.NPMRC'), 'secret file');
    assert.equal(excluded.get('.aws'), 'credentials folder');
    assert.match(excluded.get('pipe') ?? '', /not a regular file/);
    assert.match(excluded.get('broken.py') ?? '', /broken link/);
    assert.match(excluded.get('lib-link') ?? '', /link to a folder/);
    // the text output lists them too
    const text = await cli(['--config-dir', ruleConfig(dir), 'package', '--function', 'rule', '--out', join(dir, '..', 'out-text')]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /rule: left out of the zip: .*\.envrc \(secret file\).*id_rsa \(private key\)/);
    assert.ok(!(text.stdout + text.stderr).includes(planted));
  });

  it('deploy --dry-run shows what was left out in its plan', async () => {
    const dir = source((d) => writeFileSync(join(d, '.npmrc'), '//registry.npmjs.org/:_authToken=x\n'));
    const r = await cli(['--config-dir', ruleConfig(dir), '--endpoint-url', moto.url, 'deploy', '--function', 'rule', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /rule: left out of the zip: \.npmrc \(secret file\)/);
  });

  // Names an unzipper would misread, or that hide in listings
  const badNames: [string, string][] = [
    ['a backslash', 'win\\path.py'],
    ['a newline', 'line\nbreak.py'],
    ['an escape sequence', 'esc\u001b[2J.py'],
    ['a C1 control', 'csi\u009b.py'],
    ['a NUL-adjacent control', 'bell\u0007.py'],
  ];
  for (const [what, name] of badNames) {
    it(`a file name with ${what} is refused, named (escaped)`, async () => {
      const dir = source((d) => writeFileSync(join(d, name), 'x = 1\n'));
      const r = await packHere(dir);
      assert.equal(r.code, EXIT.CONFIG, r.stderr);
      assert.match(r.stderr, /rule_processor_config\.source: ".*" holds (a backslash|a control character); rename it/);
      assert.doesNotMatch(r.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, 'no raw control character printed');
    });
  }

  // Files too large for Lambda are refused before they are read (sparse files: no disk used).
  const large: [string, [string, number][], RegExp][] = [
    ['a 2 GiB file', [['big.bin', 2 * 1024 ** 3 + 1]], /"big\.bin" is 2\.0 GiB; Lambda takes at most 250 MB of code unzipped/],
    ['a 300 MiB file', [['model.bin', 300 * 1024 ** 2]], /"model\.bin" is 300\.0 MiB; Lambda takes at most 250 MB/],
    [
      'two files of 150 MiB',
      [
        ['a.bin', 150 * 1024 ** 2],
        ['b.bin', 150 * 1024 ** 2],
      ],
      /"b\.bin" is 150\.0 MiB, which brings the folder to 300\.0 MiB; Lambda takes at most 250 MB/,
    ],
  ];
  for (const [what, files, message] of large) {
    it(`${what} in the folder is a configuration error, not a stack trace`, async () => {
      const dir = source((d) => {
        for (const [name, size] of files) {
          closeSync(openSync(join(d, name), 'w'));
          truncateSync(join(d, name), size);
        }
      });
      const r = await packHere(dir);
      assert.equal(r.code, EXIT.CONFIG, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+|RangeError|ERR_FS_FILE_TOO_LARGE/);
    });
  }
});
