import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idTime, isId, newId } from './ids';
import { isoTime, parseIsoTime } from './time';

test('newId makes sortable ULIDs that carry their time', () => {
  const before = Date.now();
  const a = newId();
  const b = newId();
  assert.ok(isId(a));
  assert.ok(a < b);
  assert.ok(idTime(a) >= before && idTime(a) <= Date.now());
  assert.equal(idTime(newId(1_700_000_000_000)), 1_700_000_000_000);
});

test('isId rejects malformed ids', () => {
  assert.equal(isId('not-an-id'), false);
  assert.equal(isId('01ARZ3NDEKTSV4RRFFQ69G5FA'), false);
  assert.equal(isId('01ARZ3NDEKTSV4RRFFQ69G5FAV'), true);
});

test('isoTime keeps milliseconds and Z', () => {
  assert.equal(isoTime(1_786_821_754_123), '2026-08-15T19:22:34.123Z');
  assert.equal(isoTime(0), '1970-01-01T00:00:00.000Z');
  assert.equal(parseIsoTime('2026-08-15T19:22:34.123Z'), 1_786_821_754_123);
  assert.equal(parseIsoTime('nope'), null);
});
