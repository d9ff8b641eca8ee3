/** The handler's logger under Lambda's two log formats (src/lambda/log.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveLevel, lambdaLogger } from '../../../src/lambda/log.js';

describe('lambdaLogger', () => {
  it('JSON format: one line per entry with timestamp, upper-case level, requestId and the fields at the top level', () => {
    const lines: string[] = [];
    const logger = lambdaLogger('info', 'req-9', { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'INFO' }, (l) => lines.push(l));
    logger.debug('hidden');
    logger.warn('kept back', { count: 3 });
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.deepEqual(
      { ...line, timestamp: typeof line.timestamp },
      { timestamp: 'string', level: 'WARN', requestId: 'req-9', message: 'kept back', count: 3 },
    );
  });

  it("the stricter of log_level and Lambda's ApplicationLogLevel wins, and only under the JSON format", () => {
    const cases: [string, Record<string, string>, string][] = [
      ['debug', { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'WARN' }, 'warn'],
      ['error', { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'DEBUG' }, 'error'],
      ['info', { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'FATAL' }, 'error'],
      ['debug', { AWS_LAMBDA_LOG_LEVEL: 'ERROR' }, 'debug'],
    ];
    for (const [level, env, want] of cases) assert.equal(effectiveLevel(level as 'debug', env), want, JSON.stringify(env));
  });

  it('text format: through console at the matching level, so the runtime prefix names it', () => {
    const seen: [string, string][] = [];
    const saved = { info: console.info, error: console.error };
    console.info = (s: string) => void seen.push(['info', s]);
    console.error = (s: string) => void seen.push(['error', s]);
    try {
      const logger = lambdaLogger('info', 'req-1', {});
      logger.info('a');
      logger.error('b');
    } finally {
      Object.assign(console, saved);
    }
    assert.deepEqual(
      seen.map(([m, s]) => [
        m,
        (JSON.parse(s) as { message: string; requestId: string }).message,
        (JSON.parse(s) as { requestId: string }).requestId,
      ]),
      [
        ['info', 'a', 'req-1'],
        ['error', 'b', 'req-1'],
      ],
    );
  });
});
