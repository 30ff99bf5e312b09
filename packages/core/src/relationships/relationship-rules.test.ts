import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsWith } from '@ermine/testing/errors';
import type { RelationshipStatus } from '@ermine/models/user';
import { nextRelationship, type RelationshipAction } from './relationship-rules';

function rejects(action: RelationshipAction, mine: RelationshipStatus, type: string): void {
  assert.throws(() => nextRelationship(action, mine, 'None'), rejectsWith(type));
}

describe('add', () => {
  test('None sends a request; Incoming accepts it', () => {
    assert.deepEqual(nextRelationship('add', 'None', 'None'), {
      mine: 'Outgoing',
      theirs: 'Incoming',
    });
    assert.deepEqual(nextRelationship('add', 'Incoming', 'Outgoing'), {
      mine: 'Friend',
      theirs: 'Friend',
    });
  });

  test('every other state is an error', () => {
    rejects('add', 'User', 'NoEffect');
    rejects('add', 'Friend', 'AlreadyFriends');
    rejects('add', 'Outgoing', 'AlreadySentRequest');
    rejects('add', 'Blocked', 'Blocked');
    rejects('add', 'BlockedOther', 'BlockedByOther');
  });
});

describe('remove', () => {
  test('Friend, Outgoing and Incoming all become None on both sides', () => {
    for (const mine of ['Friend', 'Outgoing', 'Incoming'] as const) {
      assert.deepEqual(nextRelationship('remove', mine, 'None'), { mine: 'None', theirs: 'None' });
    }
  });

  test('otherwise NoEffect', () => {
    for (const mine of ['None', 'User', 'Blocked', 'BlockedOther'] as const) {
      rejects('remove', mine, 'NoEffect');
    }
  });
});

describe('block', () => {
  test('from None, Friend or a request: you Blocked, them BlockedOther', () => {
    for (const mine of ['None', 'Friend', 'Incoming', 'Outgoing'] as const) {
      assert.deepEqual(nextRelationship('block', mine, 'None'), {
        mine: 'Blocked',
        theirs: 'BlockedOther',
      });
    }
  });

  test('blocking someone who blocked you: both Blocked', () => {
    assert.deepEqual(nextRelationship('block', 'BlockedOther', 'Blocked'), {
      mine: 'Blocked',
      theirs: 'Blocked',
    });
  });

  test('yourself or already blocked: NoEffect', () => {
    rejects('block', 'User', 'NoEffect');
    rejects('block', 'Blocked', 'NoEffect');
  });
});

describe('unblock', () => {
  test('when both blocked: you BlockedOther, them Blocked', () => {
    assert.deepEqual(nextRelationship('unblock', 'Blocked', 'Blocked'), {
      mine: 'BlockedOther',
      theirs: 'Blocked',
    });
  });

  test('when only you blocked: both None', () => {
    assert.deepEqual(nextRelationship('unblock', 'Blocked', 'BlockedOther'), {
      mine: 'None',
      theirs: 'None',
    });
  });

  test('not blocked by you: NoEffect', () => {
    for (const mine of ['None', 'User', 'Friend', 'BlockedOther', 'Incoming'] as const) {
      rejects('unblock', mine, 'NoEffect');
    }
  });
});
