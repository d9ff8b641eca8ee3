/** The bench's command line (node:util parseArgs); see bench/README.md for what each flag does. */
import { parseArgs } from 'node:util';
import type { RefreshStrategy } from '../src/core/config/schema.js';

export interface BenchOptions {
  quick: boolean;
  sizes: number[];
  strategies: RefreshStrategy[];
  seed: boolean;
  timeline: boolean;
  lambdaHeap: boolean;
  cpuProf?: string;
  bundle?: string;
  print?: string;
  /** Every run's refresh child under the CPU quota of a function of this many MB. */
  lambdaMemory?: number;
  /** Also run one invocation with a `invocationSeconds` timeout on a queue of `invocationMessages`. */
  invocation: boolean;
  invocationSeconds: number;
  invocationMessages: number;
  /**
   * Builds compared run by run (`--variants direct,sdk,before=FILE`): `direct` and `sdk` run this
   * build with sqs_client direct / STREAMALERT_SQS_CLIENT=sdk; `NAME=FILE` another bundle.
   */
  variants: Variant[];
  /** Each workload this many times, the variants alternated (`--repeat`). */
  repeat: number;
  /** `--invocation` runs per variant (`--invocation-repeat`). */
  invocationRepeat: number;
  /** Also the SQS-trigger path: one batch of each of `triggerSizes` records (bench/trigger.ts). */
  trigger: boolean;
  triggerSizes: number[];
  /** The default workloads (no --sizes or --strategies): they include a 10,000 add_partition run at 128 MB. */
  defaultWorkload: boolean;
}

export interface Variant {
  name: string;
  /** Another bundle than this build's. */
  bundle?: string;
  /** Extra environment for the refresh child. */
  env: Record<string, string>;
}

function variant(text: string): Variant {
  if (text === 'direct') return { name: 'direct', env: {} };
  if (text === 'sdk') return { name: 'sdk', env: { STREAMALERT_SQS_CLIENT: 'sdk' } };
  const at = text.indexOf('=');
  if (at > 0) return { name: text.slice(0, at), bundle: text.slice(at + 1), env: {} };
  throw new Error(`--variants ${text}: expected direct, sdk or NAME=FILE (a bundle's index.mjs)`);
}

const STRATEGIES: RefreshStrategy[] = ['add_partition', 'repair', 'glue'];

/** Lambda's memory range in MB. */
export const LAMBDA_MEMORY_MIN = 128;
export const LAMBDA_MEMORY_MAX = 10_240;

function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${flag} ${value}: expected a whole number from ${min} to ${max}`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      strategies: { type: 'string' },
      'no-seed': { type: 'boolean', default: false },
      timeline: { type: 'boolean', default: false },
      'no-lambda-heap': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      bundle: { type: 'string' },
      print: { type: 'string' },
      'lambda-memory': { type: 'string' },
      invocation: { type: 'boolean', default: false },
      'invocation-seconds': { type: 'string', default: '60' },
      'invocation-messages': { type: 'string', default: '30000' },
      trigger: { type: 'boolean', default: false },
      variants: { type: 'string' },
      repeat: { type: 'string', default: '1' },
      'invocation-repeat': { type: 'string', default: '1' },
      'trigger-sizes': { type: 'string', default: '1000,10000' },
    },
  });
  const quick = values.quick!;
  // `--sizes none`: no drain runs (e.g. only --trigger or --invocation).
  const sizesText = values.sizes ?? (quick ? '1000,10000' : '1000,10000,100000');
  const sizes = sizesText === 'none' ? [] : sizesText.split(',').map((s) => integer('sizes', s, 1, 10_000_000));
  const strategies = (values.strategies ?? STRATEGIES.join(',')).split(',') as RefreshStrategy[];
  const unknown = strategies.filter((s) => !STRATEGIES.includes(s));
  if (unknown.length) throw new Error(`--strategies: unknown ${unknown.join(', ')}; expected some of ${STRATEGIES.join(', ')}`);
  return {
    quick,
    sizes,
    strategies,
    seed: !values['no-seed'],
    timeline: values.timeline!,
    lambdaHeap: !values['no-lambda-heap'],
    cpuProf: values['cpu-prof'],
    bundle: values.bundle,
    print: values.print,
    lambdaMemory:
      values['lambda-memory'] === undefined
        ? undefined
        : integer('lambda-memory', values['lambda-memory'], LAMBDA_MEMORY_MIN, LAMBDA_MEMORY_MAX),
    invocation: values.invocation!,
    invocationSeconds: integer('invocation-seconds', values['invocation-seconds']!, 10, 900),
    invocationMessages: integer('invocation-messages', values['invocation-messages']!, 10, 1_000_000),
    variants: values.variants ? values.variants.split(',').map(variant) : [],
    repeat: integer('repeat', values.repeat!, 1, 50),
    invocationRepeat: integer('invocation-repeat', values['invocation-repeat']!, 1, 20),
    trigger: values.trigger!,
    triggerSizes: values['trigger-sizes']!.split(',').map((s) => integer('trigger-sizes', s, 1, 10_000)),
    defaultWorkload: values.sizes === undefined && values.strategies === undefined,
  };
}
