/** Packaging: deterministic zips, the runtime config inside them, directory sources, bundles. */
import { strFromU8, unzipSync } from 'fflate';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../src/core/config/load.js';
import { functionSpec } from '../../../src/core/deploy/functions.js';
import { ConfigError } from '../../../src/core/kernel/errors.js';
import { isExcluded, packageFunction } from '../../../src/packaging/package.js';
import { runtimeLambdaConfig } from '../../../src/packaging/runtime-config.js';
import { deterministicZip, sha256, type ZipEntry } from '../../../src/packaging/zip.js';

const enc = (s: string) => new TextEncoder().encode(s);

/** Central-directory records: name, unix mode, DOS date/time, "made by" OS. */
function centralDirectory(zip: Uint8Array): { name: string; mode: number; dosTime: number; dosDate: number; os: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out = [];
  for (let i = 0; i + 46 <= zip.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(i + 28, true);
    out.push({
      os: view.getUint8(i + 5),
      dosTime: view.getUint16(i + 12, true),
      dosDate: view.getUint16(i + 14, true),
      mode: view.getUint32(i + 38, true) >>> 16,
      name: strFromU8(zip.subarray(i + 46, i + 46 + nameLength)),
    });
  }
  return out;
}

function writeConf(dir: string, lambda: Record<string, unknown>): string {
  const conf = join(dir, 'conf');
  mkdirSync(conf, { recursive: true });
  writeFileSync(
    join(conf, 'global.json'),
    JSON.stringify({ account: { aws_account_id: '123456789012', prefix: 'acme', region: 'us-east-1' } }),
  );
  writeFileSync(
    join(conf, 'lambda.json'),
    JSON.stringify({ athena_partition_refresh_config: { buckets: { 'acme-data': '*' } }, ...lambda }, null, 2),
  );
  return conf;
}

describe('deterministicZip', () => {
  const entries: ZipEntry[] = [
    { path: 'b.txt', data: enc('bravo') },
    { path: 'a/run.sh', data: enc('#!/bin/sh\n'), executable: true },
    { path: '10', data: enc('ten') },
  ];

  it('gives the same bytes for the same files in any order, sorted, with fixed times and modes', () => {
    const one = deterministicZip(entries);
    const two = deterministicZip([...entries].reverse());
    assert.deepEqual(one, two);
    assert.deepEqual(Object.keys(unzipSync(one)), ['10', 'a/run.sh', 'b.txt']);
    assert.equal(strFromU8(unzipSync(one)['b.txt']!), 'bravo');
    const cd = centralDirectory(one);
    assert.deepEqual(
      cd.map((c) => [c.name, c.mode.toString(8), c.os]),
      [
        ['10', '100644', 3],
        ['a/run.sh', '100755', 3],
        ['b.txt', '100644', 3],
      ],
    );
    // 1980-01-01 00:00:00 in DOS format: date (0 << 9) | (1 << 5) | 1, time 0.
    assert.ok(cd.every((c) => c.dosDate === 0x21 && c.dosTime === 0));
  });

  it('gives the same bytes in another time zone', () => {
    const here = sha256(deterministicZip(entries)).hex;
    const code = `import { deterministicZip, sha256 } from ${JSON.stringify(new URL('../../../src/packaging/zip.ts', import.meta.url).pathname)};
      const enc = (s) => new TextEncoder().encode(s);
      console.log(sha256(deterministicZip([{ path: 'b.txt', data: enc('bravo') }, { path: 'a/run.sh', data: enc('#!/bin/sh\\n'), executable: true }, { path: '10', data: enc('ten') }])).hex);`;
    for (const tz of ['Pacific/Kiritimati', 'America/Los_Angeles']) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
        encoding: 'utf8',
        env: { ...process.env, TZ: tz },
      });
      assert.equal(child.stdout.trim(), here, child.stderr);
    }
  });

  it('changes when a byte, a name or a mode changes', () => {
    const base = sha256(deterministicZip(entries)).hex;
    assert.notEqual(sha256(deterministicZip([...entries.slice(1), { path: 'b.txt', data: enc('bravO') }])).hex, base);
    assert.notEqual(sha256(deterministicZip([entries[0]!, entries[1]!, { path: '11', data: enc('ten') }])).hex, base);
    assert.notEqual(sha256(deterministicZip([entries[0]!, { ...entries[1]!, executable: false }, entries[2]!])).hex, base);
  });

  it('rejects duplicate paths', () => {
    assert.throws(() => deterministicZip([entries[0]!, entries[0]!]), /duplicate zip entry b\.txt/);
  });

  it('hashes as Lambda reports CodeSha256 (base64) and as hex', () => {
    const zip = deterministicZip(entries);
    const digest = createHash('sha256').update(zip).digest();
    assert.deepEqual(sha256(zip), { base64: digest.toString('base64'), hex: digest.toString('hex') });
  });
});

describe('runtime config', () => {
  it('leaves out the keys only deploy reads, keeps the rest', () => {
    const lambda = {
      athena_partition_refresh_config: {
        enabled: true,
        log_level: 'debug',
        memory: 256,
        timeout: 60,
        role_arn: 'arn',
        schedule_expression: 'rate(1 minute)',
        environment: { A: '1' },
        buckets: { b: '*' },
        database_name: 'db',
        function_name: 'f',
      },
      rule_processor_config: { source: 'rules', handler: 'main.handler', runtime: 'python3.12', memory: 128 },
    };
    assert.deepEqual(runtimeLambdaConfig(lambda), {
      athena_partition_refresh_config: { buckets: { b: '*' }, database_name: 'db', function_name: 'f' },
      rule_processor_config: {},
    });
  });
});

describe('zip entry names', () => {
  // Unzippers take a backslash for a separator; control characters hide in listings; ../ and / escape the folder.
  const bad = [
    'a\\b.py',
    '..\\evil.py',
    'bad\u0001.py',
    'line\nbreak.py',
    'esc\u001b[2J.py',
    'c1\u009b.py',
    '../evil.py',
    'a/../../evil.py',
    './x.py',
    '/etc/passwd',
    'a//b.py',
    '',
  ];
  for (const path of bad) {
    it(`refuses ${JSON.stringify(path)}`, () =>
      assert.throws(
        () => deterministicZip([{ path, data: new Uint8Array([1]) }]),
        (e: Error) => e.name === 'ConfigError' && /^zip entry ".*" (holds|is)/.test(e.message),
      ));
  }
  for (const path of ['main.py', 'lib/a..b.py', 'x/.hidden', 'dir/sub/file.txt', 'ü/日本.py']) {
    it(`accepts ${JSON.stringify(path)}`, () => assert.ok(deterministicZip([{ path, data: new Uint8Array([1]) }]).length > 0));
  }
});

describe('isExcluded', () => {
  const cases: [string, boolean][] = [
    ['main.py', false],
    ['.env', true],
    ['.env.production', true],
    ['lib/.env', true],
    ['environment.py', false],
    ['.envrc', true],
    ['.ENV', true],
    ['lib/.Env.Local', true],
    ['.npmrc', true],
    ['.PYPIRC', true],
    ['.netrc', true],
    ['_netrc', true],
    ['.git-credentials', true],
    ['.aws/credentials', true],
    ['.AWS/config', true],
    ['lib/.ssh/id_rsa', true],
    ['id_rsa', true],
    ['ID_ED25519', true],
    ['id_ecdsa.pub', true],
    ['certs/server.pem', true],
    ['tls/server.KEY', true],
    ['store.p12', true],
    ['keys.pfx', true],
    ['putty.ppk', true],
    ['.git/config', true],
    ['.Git/HEAD', true],
    ['keyboard.py', false],
    ['monkey.txt', false],
    ['pem.txt', false],
    ['id_rsa_parser.py', false],
    ['npmrc.md', false],
    ['aws/handler.py', false],
    ['lib/__pycache__/x.pyc', true],
    ['.DS_Store', true],
    ['node_modules/.cache/x', true],
    ['node_modules/lib/index.js', false],
    ['gitignore.txt', false],
  ];
  for (const [path, excluded] of cases) it(`${path} → ${excluded ? 'left out' : 'kept'}`, () => assert.equal(isExcluded(path), excluded));
});

describe('packageFunction', () => {
  it('zips a directory source as it is, without version-control or secret files, keeping executables', async () => {
    const root = mkdtempSync(join(tmpdir(), 'streamalert-pkg-'));
    const code = join(root, 'rule_processor');
    mkdirSync(join(code, 'lib', '__pycache__'), { recursive: true });
    mkdirSync(join(code, '.git'));
    writeFileSync(join(code, 'main.py'), 'def handler(event, context):\n    return 1\n');
    writeFileSync(join(code, 'lib', 'rules.py'), 'RULES = []\n');
    writeFileSync(join(code, 'lib', '__pycache__', 'rules.cpython-312.pyc'), 'x');
    writeFileSync(join(code, '.git', 'config'), '[core]');
    writeFileSync(join(code, '.env'), 'TOKEN=secret');
    writeFileSync(join(code, 'bootstrap'), '#!/bin/sh\n');
    chmodSync(join(code, 'bootstrap'), 0o755);
    const config = loadConfig(
      writeConf(root, { rule_processor_config: { source: 'rule_processor', handler: 'main.handler', runtime: 'python3.12' } }),
    );
    const pkg = await packageFunction(functionSpec(config, 'rule'), config);
    assert.deepEqual(
      pkg.files.map((f) => f.path),
      ['bootstrap', 'lib/rules.py', 'main.py'],
    );
    assert.deepEqual(
      centralDirectory(pkg.zip).map((c) => c.mode.toString(8)),
      ['100755', '100644', '100644'],
    );
    assert.equal(strFromU8(unzipSync(pkg.zip)['main.py']!), 'def handler(event, context):\n    return 1\n');
    assert.equal(pkg.size, pkg.zip.length);
    assert.equal((await packageFunction(functionSpec(config, 'rule'), config)).sha256, pkg.sha256);
  });

  it('a missing source or an empty directory is a ConfigError', async () => {
    const root = mkdtempSync(join(tmpdir(), 'streamalert-pkg-'));
    mkdirSync(join(root, 'empty'));
    for (const source of ['missing_dir', 'empty', 'missing.ts']) {
      const config = loadConfig(
        writeConf(root, { rule_processor_config: { source, handler: source.endsWith('.ts') ? undefined : 'main.handler' } }),
      );
      await assert.rejects(
        packageFunction(functionSpec(config, 'rule'), config),
        (err: unknown) => err instanceof ConfigError && err.keyPath === 'rule_processor_config.source',
      );
    }
  });

  it('bundles a TypeScript entry into index.mjs that runs with plain node', async () => {
    const root = mkdtempSync(join(tmpdir(), 'streamalert-pkg-'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'greet.ts'), 'export const greet = (n: string): string => `hello ${n}`;\n');
    writeFileSync(
      join(root, 'src', 'handler.ts'),
      "import { greet } from './greet.js';\nimport { createHash } from 'node:crypto';\nexport const handler = async (e: { name: string }) => ({ msg: greet(e.name), h: createHash('md5').update('x').digest('hex') });\n",
    );
    const config = loadConfig(writeConf(root, { rule_processor_config: { source: 'src/handler.ts' } }));
    const pkg = await packageFunction(functionSpec(config, 'rule'), config);
    assert.deepEqual(
      pkg.files.map((f) => f.path),
      ['conf/global.json', 'conf/lambda.json', 'index.mjs'],
    );
    const out = mkdtempSync(join(tmpdir(), 'streamalert-run-'));
    for (const [path, data] of Object.entries(unzipSync(pkg.zip))) {
      mkdirSync(join(out, path, '..'), { recursive: true });
      writeFileSync(join(out, path), data);
    }
    const run = spawnSync(
      process.execPath,
      ['-e', "import('./index.mjs').then(async (m) => console.log(JSON.stringify(await m.handler({ name: 'x' }))))"],
      { cwd: out, encoding: 'utf8', env: { PATH: process.env.PATH } },
    );
    assert.equal(run.stderr, '');
    assert.deepEqual(JSON.parse(run.stdout), { msg: 'hello x', h: '9dd4e461268c8034f5c8564e155c67a6' });
  });

  it('a TypeScript entry that does not compile is a ConfigError with the location', async () => {
    const root = mkdtempSync(join(tmpdir(), 'streamalert-pkg-'));
    writeFileSync(join(root, 'bad.ts'), "import { nope } from './missing.js';\nexport const handler = nope;\n");
    const config = loadConfig(writeConf(root, { rule_processor_config: { source: 'bad.ts' } }));
    await assert.rejects(
      packageFunction(functionSpec(config, 'rule'), config),
      (err: unknown) =>
        err instanceof ConfigError && /cannot bundle .*bad\.ts:\n.*bad\.ts:1:\d+: Could not resolve "\.\/missing\.js"/.test(err.message),
    );
  });

  it('the athena zip: the bundle plus the runtime config, the same hash from any folder, new code only when runtime config changes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'streamalert-pkg-'));
    const conf = writeConf(root, {});
    process.env.STREAMALERT_TEST_SECRET = 'sekrit-4f9a7c';
    writeFileSync(join(conf, '.env'), 'AWS_SECRET_ACCESS_KEY=sekrit-4f9a7c\n');
    const build = async () => {
      const config = loadConfig(conf);
      return packageFunction(functionSpec(config, 'athena'), config);
    };
    const first = await build();
    const paths = first.files.map((f) => f.path);
    // The entry, its lazily loaded chunks (the Glue client, the SDK's on-demand credential providers) and the config.
    assert.deepEqual(
      paths.filter((p) => !p.startsWith('chunk-')),
      ['conf/global.json', 'conf/lambda.json', 'index.mjs'],
    );
    assert.ok(
      paths.some((p) => /^chunk-[A-Z0-9]{8}\.mjs$/.test(p)),
      paths.join(', '),
    );
    const files = unzipSync(first.zip);
    assert.deepEqual(JSON.parse(strFromU8(files['conf/lambda.json']!)), {
      athena_partition_refresh_config: { buckets: { 'acme-data': '*' } },
    });
    assert.ok(!Buffer.from(first.zip).includes('sekrit-4f9a7c'));
    for (const data of Object.values(files)) assert.ok(!strFromU8(data).includes('sekrit-4f9a7c'));
    delete process.env.STREAMALERT_TEST_SECRET;

    const cwd = process.cwd();
    try {
      process.chdir(tmpdir());
      assert.equal((await build()).sha256, first.sha256, 'same hash from another working directory');
    } finally {
      process.chdir(cwd);
    }
    // Deploy-only keys and formatting do not change the code; runtime keys do.
    writeFileSync(
      join(conf, 'lambda.json'),
      JSON.stringify({
        athena_partition_refresh_config: { memory: 512, timeout: 300, log_level: 'debug', enabled: false, buckets: { 'acme-data': '*' } },
      }),
    );
    assert.equal((await build()).sha256, first.sha256);
    writeFileSync(
      join(conf, 'lambda.json'),
      JSON.stringify({ athena_partition_refresh_config: { buckets: { 'acme-data': '*', 'acme-more': 'alerts' } } }),
    );
    assert.notEqual((await build()).sha256, first.sha256);
  });
});
