import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RelationshipStatus } from '@ermine/models/user';
import {
  ALL_USER_PERMISSIONS,
  UserPermission,
  calculateUserPermissions,
  hasUserPermission,
  needsMutualConnection,
} from './user-permissions';

const { Access, ViewProfile, SendMessage } = UserPermission;

function calc(
  relationship: RelationshipStatus,
  extra: { privileged?: boolean; mutualConnection?: boolean; eitherBot?: boolean } = {},
): number {
  return calculateUserPermissions({
    privileged: extra.privileged ?? false,
    relationship,
    mutualConnection: extra.mutualConnection ?? false,
    eitherBot: extra.eitherBot ?? false,
  });
}

describe('calculateUserPermissions', () => {
  test('privileged viewers and the same user get every bit', () => {
    assert.equal(calc('None', { privileged: true }), ALL_USER_PERMISSIONS);
    assert.equal(calc('Blocked', { privileged: true }), ALL_USER_PERMISSIONS);
    assert.equal(calc('User'), ALL_USER_PERMISSIONS);
    assert.equal(ALL_USER_PERMISSIONS, 15);
  });

  test('friends get every bit', () => {
    assert.equal(calc('Friend'), ALL_USER_PERMISSIONS);
  });

  test('a block either way gives Access only, even with a mutual connection', () => {
    assert.equal(calc('Blocked', { mutualConnection: true }), Access);
    assert.equal(calc('BlockedOther', { mutualConnection: true, eitherBot: true }), Access);
  });

  test('a pending request gives Access', () => {
    assert.equal(calc('Incoming'), Access);
    assert.equal(calc('Outgoing'), Access);
  });

  test('a mutual connection gives Access and ViewProfile, plus SendMessage with a bot', () => {
    assert.equal(calc('None', { mutualConnection: true }), Access | ViewProfile);
    assert.equal(calc('Outgoing', { mutualConnection: true }), Access | ViewProfile);
    assert.equal(
      calc('None', { mutualConnection: true, eitherBot: true }),
      Access | ViewProfile | SendMessage,
    );
  });

  test('strangers get nothing', () => {
    assert.equal(calc('None'), 0);
    assert.equal(calc('None', { eitherBot: true }), 0);
  });
});

test('needsMutualConnection only when the relationship does not decide alone', () => {
  const base = { privileged: false, eitherBot: false };
  assert.equal(needsMutualConnection({ ...base, relationship: 'None' }), true);
  assert.equal(needsMutualConnection({ ...base, relationship: 'Incoming' }), true);
  assert.equal(needsMutualConnection({ ...base, relationship: 'Friend' }), false);
  assert.equal(needsMutualConnection({ ...base, relationship: 'Blocked' }), false);
  assert.equal(needsMutualConnection({ ...base, relationship: 'None', privileged: true }), false);
});

test('hasUserPermission checks one bit', () => {
  assert.equal(hasUserPermission(Access | ViewProfile, 'ViewProfile'), true);
  assert.equal(hasUserPermission(Access, 'ViewProfile'), false);
  assert.equal(hasUserPermission(0, 'Access'), false);
});
