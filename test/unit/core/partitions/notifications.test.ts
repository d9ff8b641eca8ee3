import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeS3Key, parseNotification, type NotificationRecord } from '../../../../src/core/partitions/notifications.js';
import { eventBridgeEvent, s3Event, s3TestEvent, snsEnvelope } from '../../../support/factories.js';

const obj = (bucket: string, key: string): NotificationRecord => ({ kind: 'object', object: { bucket, key } });

describe('parseNotification', () => {
  const cases: [string, string, NotificationRecord[] | RegExp][] = [
    ['one S3 record', s3Event(['b', 'alerts/dt=2026-11-28-09/x.json']), [obj('b', 'alerts/dt=2026-11-28-09/x.json')]],
    ['several records', s3Event(['b', 'a/1'], ['c', 'a/2']), [obj('b', 'a/1'), obj('c', 'a/2')]],
    ['test event', s3TestEvent('b'), [{ kind: 'ignored', reason: 'test-event' }]],
    ['delete event', s3Event(['b', 'a/1', 'ObjectRemoved:Delete']), [{ kind: 'ignored', reason: 'not-a-create-event' }]],
    ['folder placeholder', s3Event(['b', 'alerts/dt=2026-11-28-09_$folder$']), [{ kind: 'ignored', reason: 'folder-placeholder' }]],
    ['directory marker', s3Event(['b', 'alerts/']), [{ kind: 'ignored', reason: 'directory-marker' }]],
    ['SNS envelope', snsEnvelope(s3Event(['b', 'k/1'])), [obj('b', 'k/1')]],
    ['SNS around a test event', snsEnvelope(s3TestEvent('b')), [{ kind: 'ignored', reason: 'test-event' }]],
    ['EventBridge Object Created', eventBridgeEvent('b', 'a b/c=d'), [obj('b', 'a b/c=d')]],
    ['EventBridge Object Deleted', eventBridgeEvent('b', 'x', 'Object Deleted'), [{ kind: 'ignored', reason: 'not-a-create-event' }]],
    [
      'key with space and =',
      JSON.stringify({
        Records: [
          {
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: 'b' }, object: { key: 'a/dt%3D2026-11-28-09/x+y.json' } },
          },
        ],
      }),
      [obj('b', 'a/dt=2026-11-28-09/x y.json')],
    ],
    [
      'record without key',
      JSON.stringify({ Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: {} } }] }),
      [{ kind: 'rejected', reason: 'Records[0].s3.object.key is missing' }],
    ],
    [
      'record from another source',
      JSON.stringify({ Records: [{ eventSource: 'aws:sqs', eventName: 'x' }] }),
      [{ kind: 'rejected', reason: 'Records[0].eventSource is "aws:sqs", not aws:s3' }],
    ],
    ['not JSON', 'hello', /not JSON/],
    ['JSON array', '[1,2]', /not an object/],
    ['other JSON object', '{"foo":1}', /not an S3 event notification/],
    ['empty Records', '{"Records":[]}', /empty array/],
    ['SNS around garbage', snsEnvelope('garbage'), /SNS envelope: body is not JSON/],
  ];
  for (const [name, body, expected] of cases) {
    it(name, () => {
      const parsed = parseNotification(body);
      if (expected instanceof RegExp) {
        assert.equal(parsed.ok, false);
        assert.match((parsed as { reason: string }).reason, expected);
      } else assert.deepEqual(parsed, { ok: true, records: expected });
    });
  }
});

describe('decodeS3Key', () => {
  const cases: [string, string | null][] = [
    ['plain/key.json', 'plain/key.json'],
    ['a+b', 'a b'],
    ['dt%3D2026', 'dt=2026'],
    ['%2B', '+'],
    ['caf%C3%A9', 'café'],
    ['bad%ZZ', null],
    ['trunc%E2%82', null],
  ];
  for (const [input, out] of cases) it(`${input} → ${out}`, () => assert.equal(decodeS3Key(input), out));
});
