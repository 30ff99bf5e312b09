import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Permission, UserPermission } from '@ermine/permissions';
import { isStoatError } from '@ermine/result';
import {
  throwIfCannotGive,
  throwIfMissing,
  throwIfMissingUserPermission,
  throwIfNotRankedAbove,
} from './permission-check';

function errorOf(fn: () => void): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return null;
}

function body(fn: () => void): Record<string, unknown> | null {
  const err = errorOf(fn);
  if (err === null) return null;
  assert.ok(isStoatError(err), 'a Stoat error');
  assert.equal(err.status, 403);
  const { location: _location, ...rest } = err.toBody();
  return rest;
}

const { ViewChannel: View, SendMessage: Send, Video } = Permission;

test('throwIfMissing names the first permission lacking', () => {
  assert.equal(
    body(() => throwIfMissing(View + Send, 'ViewChannel', 'SendMessage')),
    null,
  );
  assert.deepEqual(
    body(() => throwIfMissing(View, 'ViewChannel', 'SendMessage', 'Video')),
    {
      type: 'MissingPermission',
      permission: 'SendMessage',
    },
  );
  assert.deepEqual(
    body(() => throwIfMissing(View + Send, 'Video')),
    {
      type: 'MissingPermission',
      permission: 'Video',
    },
  );
  assert.equal(
    body(() => throwIfMissing(Video, 'Video')),
    null,
  );
});

test('throwIfMissingUserPermission reads user permission bits', () => {
  assert.equal(
    body(() => throwIfMissingUserPermission(UserPermission.Access, 'Access')),
    null,
  );
  // SendMessage is bit 2 of user permissions, not the channel permission's bit 22.
  assert.deepEqual(
    body(() => throwIfMissingUserPermission(Send, 'SendMessage')),
    {
      type: 'MissingPermission',
      permission: 'SendMessage',
    },
  );
});

test('throwIfNotRankedAbove answers NotElevated for equal or higher ranks', () => {
  assert.equal(
    body(() => throwIfNotRankedAbove(1, 2)),
    null,
  );
  assert.deepEqual(
    body(() => throwIfNotRankedAbove(1, 1)),
    { type: 'NotElevated' },
  );
  assert.deepEqual(
    body(() => throwIfNotRankedAbove(2, 1)),
    { type: 'NotElevated' },
  );
});

test('throwIfCannotGive answers CannotGiveMissingPermissions', () => {
  assert.equal(
    body(() => throwIfCannotGive(View, null, { a: View, d: 0 })),
    null,
  );
  assert.deepEqual(
    body(() => throwIfCannotGive(View, null, { a: Send, d: 0 })),
    {
      type: 'CannotGiveMissingPermissions',
    },
  );
  assert.deepEqual(
    body(() => throwIfCannotGive(View, { a: 0, d: Send }, { a: 0, d: 0 })),
    {
      type: 'CannotGiveMissingPermissions',
    },
  );
});
