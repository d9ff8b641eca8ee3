/** Same value, same bytes: the packaged runtime config and the Terraform export depend on it. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sortKeys, stableJson } from '../../../../src/core/kernel/stable-json.js';

it('sortKeys sorts objects at every depth and keeps arrays in order', () => {
  assert.equal(JSON.stringify(sortKeys({ b: 1, a: [{ d: 1, c: 2 }, 0] })), '{"a":[{"c":2,"d":1},0],"b":1}');
});

it('stableJson: sorted keys at every level, two-space indent, a final newline', () => {
  assert.equal(
    stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 2 } }),
    '{\n  "a": {\n    "c": 2,\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
  );
  assert.equal(stableJson({ x: 1, y: 2 }), stableJson({ y: 2, x: 1 }));
});
