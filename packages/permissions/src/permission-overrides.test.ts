import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Permission } from './permission-bits';
import {
  applyOverride,
  applyOverrides,
  canChangeOverride,
  canSetValue,
  fromOverrideField,
  toOverrideField,
  type OverrideField,
} from './permission-overrides';

const { ViewChannel: View, SendMessage: Send, Video, ViewAuditLogs: Audit } = Permission;

describe('applyOverride', () => {
  const cases: [string, number, OverrideField, number][] = [
    ['adds the allows', View, { a: Send, d: 0 }, View + Send],
    ['removes the denies', View + Send, { a: 0, d: Send }, View],
    ['deny wins over allow in one override', View, { a: Send, d: Send }, View],
    ['works on bits above 32', Video, { a: Audit, d: Video }, Audit],
    ['the empty override changes nothing', View + Video, { a: 0, d: 0 }, View + Video],
  ];
  for (const [name, value, override, expected] of cases) {
    test(name, () => assert.equal(applyOverride(value, override), expected));
  }

  test('applyOverrides applies in order, so the last one wins', () => {
    assert.equal(
      applyOverrides(View, [
        { a: Send, d: 0 },
        { a: 0, d: Send },
      ]),
      View,
    );
    assert.equal(
      applyOverrides(View, [
        { a: 0, d: Send },
        { a: Send, d: 0 },
      ]),
      View + Send,
    );
  });
});

test('the request and stored forms convert both ways', () => {
  assert.deepEqual(toOverrideField({ allow: Video, deny: Send }), { a: Video, d: Send });
  assert.deepEqual(fromOverrideField({ a: Video, d: Send }), { allow: Video, deny: Send });
});

describe('canChangeOverride ("cannot grant what you don\'t have")', () => {
  const held = View + Send;
  const cases: [string, OverrideField | null, OverrideField, boolean][] = [
    ['a new override allowing held bits', null, { a: View + Send, d: 0 }, true],
    ['a new override allowing a bit not held', null, { a: Video, d: 0 }, false],
    ['a new override denying anything', null, { a: 0, d: Video + Audit }, true],
    ['keeping an allow of a bit not held', { a: Video, d: 0 }, { a: Video + Send, d: 0 }, true],
    ['adding an allow of a bit not held', { a: 0, d: 0 }, { a: Audit, d: 0 }, false],
    ['removing a deny of a held bit', { a: 0, d: Send }, { a: 0, d: 0 }, true],
    ['removing a deny of a bit not held', { a: 0, d: Video }, { a: 0, d: 0 }, false],
    ['keeping a deny of a bit not held', { a: 0, d: Video }, { a: Send, d: Video }, true],
    ['removing an allow of a bit not held', { a: Video, d: 0 }, { a: 0, d: 0 }, true],
  ];
  for (const [name, current, next, expected] of cases) {
    test(name, () => assert.equal(canChangeOverride(held, current, next), expected));
  }
});

test('canSetValue needs every bit of the new value', () => {
  assert.equal(canSetValue(View + Send, View), true);
  assert.equal(canSetValue(View + Send, View + Video), false);
  assert.equal(canSetValue(0, 0), true);
});
