import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { UserRow } from '@ermine/database';
import { rejectsWith } from '@ermine/testing/errors';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { seedUser } from '@ermine/testing/users';
import { applyRelationshipAction } from './relationship-apply';
import { addFriend, sendFriendRequest } from './friend-add';
import { blockUser, unblockUser } from './user-block';
import { removeFriend } from './friend-remove';

const HOUR = 3_600_000;
let stack: TestStack;

before(async () => {
  stack = await createTestStack();
});
after(async () => {
  await stack.close();
});

async function statuses(a: UserRow, b: UserRow) {
  const { relationships } = stack.deps.db;
  return [await relationships.get(a.id, b.id), await relationships.get(b.id, a.id)];
}

describe('applyRelationshipAction', () => {
  test('request then accept, with a UserRelationship event to each side', async () => {
    const a = await seedUser(stack.deps.db);
    const b = await seedUser(stack.deps.db);
    const aEvents = await stack.record({ user: a.id });
    const bEvents = await stack.record({ user: b.id });

    const seen = await applyRelationshipAction(stack.deps, a, b, 'add');
    assert.equal(seen._id, b.id);
    assert.equal(seen.relationship, 'Outgoing');
    assert.deepEqual(await statuses(a, b), ['Outgoing', 'Incoming']);
    assert.deepEqual(await bEvents.waitFor(() => true), {
      type: 'UserRelationship',
      id: b.id,
      user: {
        _id: a.id,
        username: a.username,
        discriminator: a.discriminator,
        relationship: 'Incoming',
        online: false,
      },
    });
    const toA = (await aEvents.waitFor(() => true)) as {
      id: string;
      user: { _id: string; relationship: string };
    };
    assert.equal(toA.id, a.id);
    assert.equal(toA.user._id, b.id);
    assert.equal(toA.user.relationship, 'Outgoing');

    const accepted = await applyRelationshipAction(stack.deps, b, a, 'add');
    assert.equal(accepted.relationship, 'Friend');
    assert.deepEqual(await statuses(a, b), ['Friend', 'Friend']);
    assert.equal(aEvents.events.length, 2);
    assert.equal(bEvents.events.length, 2);
  });

  test('friends see each other as such, and removing clears both sides', async () => {
    const a = await seedUser(stack.deps.db);
    const b = await seedUser(stack.deps.db);
    await applyRelationshipAction(stack.deps, a, b, 'add');
    await assert.rejects(
      applyRelationshipAction(stack.deps, a, b, 'add'),
      rejectsWith('AlreadySentRequest'),
    );
    await applyRelationshipAction(stack.deps, b, a, 'add');
    await assert.rejects(
      applyRelationshipAction(stack.deps, a, b, 'add'),
      rejectsWith('AlreadyFriends'),
    );
    const seen = await removeFriend(stack.deps, a, b.id);
    assert.equal(seen.relationship, 'None');
    assert.deepEqual(await statuses(a, b), [null, null]);
    await assert.rejects(removeFriend(stack.deps, a, b.id), rejectsWith('NoEffect'));
  });

  test('block, block back, unblock twice', async () => {
    const a = await seedUser(stack.deps.db);
    const b = await seedUser(stack.deps.db);
    await applyRelationshipAction(stack.deps, a, b, 'add');
    await blockUser(stack.deps, a, b.id);
    assert.deepEqual(await statuses(a, b), ['Blocked', 'BlockedOther']);
    await assert.rejects(addFriend(stack.deps, a, b.id), rejectsWith('Blocked'));
    await assert.rejects(addFriend(stack.deps, b, a.id), rejectsWith('BlockedByOther'));
    await assert.rejects(blockUser(stack.deps, a, b.id), rejectsWith('NoEffect'));
    await blockUser(stack.deps, b, a.id);
    assert.deepEqual(await statuses(a, b), ['Blocked', 'Blocked']);
    await unblockUser(stack.deps, a, b.id);
    assert.deepEqual(await statuses(a, b), ['BlockedOther', 'Blocked']);
    await assert.rejects(unblockUser(stack.deps, a, b.id), rejectsWith('NoEffect'));
    await unblockUser(stack.deps, b, a.id);
    assert.deepEqual(await statuses(a, b), [null, null]);
  });

  test('acting on yourself has no effect', async () => {
    const a = await seedUser(stack.deps.db);
    for (const action of ['add', 'remove', 'block', 'unblock'] as const) {
      await assert.rejects(
        applyRelationshipAction(stack.deps, a, a, action),
        rejectsWith('NoEffect'),
      );
    }
    await assert.rejects(addFriend(stack.deps, a, '@me'), rejectsWith('NoEffect'));
  });

  test('two users adding each other at once end up friends', async () => {
    const a = await seedUser(stack.deps.db);
    const b = await seedUser(stack.deps.db);
    await Promise.all([
      applyRelationshipAction(stack.deps, a, b, 'add'),
      applyRelationshipAction(stack.deps, b, a, 'add'),
    ]);
    assert.deepEqual(await statuses(a, b), ['Friend', 'Friend']);
  });
});

describe('outgoing request limit', () => {
  test('new users get the new_user tier, older users the default tier', async () => {
    const { config, clock } = stack.deps;
    const fresh = await seedUser(stack.deps.db, { createdAt: clock.now() - HOUR });
    const old = await seedUser(stack.deps.db, { createdAt: clock.now() - 73 * HOUR });
    const newMax = config.features.limits.new_user.outgoing_friend_requests;
    const oldMax = config.features.limits.default.outgoing_friend_requests;
    assert.ok(newMax < oldMax);

    for (let i = 0; i < newMax; i++) {
      await applyRelationshipAction(stack.deps, fresh, await seedUser(stack.deps.db), 'add');
    }
    const extra = await seedUser(stack.deps.db);
    await assert.rejects(
      applyRelationshipAction(stack.deps, fresh, extra, 'add'),
      rejectsWith('TooManyPendingFriendRequests', { max: newMax }),
    );
    assert.deepEqual(await statuses(fresh, extra), [null, null]);
    // Accepting an incoming request is not a new outgoing one.
    await applyRelationshipAction(stack.deps, extra, fresh, 'add');
    await applyRelationshipAction(stack.deps, fresh, extra, 'add');

    for (let i = 0; i < oldMax; i++) {
      await applyRelationshipAction(stack.deps, old, await seedUser(stack.deps.db), 'add');
    }
    await assert.rejects(
      applyRelationshipAction(stack.deps, old, await seedUser(stack.deps.db), 'add'),
      rejectsWith('TooManyPendingFriendRequests', { max: oldMax }),
    );
  });
});

describe('friend requests by name', () => {
  test('name#discriminator, case-insensitive; bad tags and bots refused', async () => {
    const a = await seedUser(stack.deps.db);
    const b = await seedUser(stack.deps.db, { username: 'CaseName', discriminator: '0777' });
    const seen = await sendFriendRequest(stack.deps, a, 'casename#0777');
    assert.equal(seen._id, b.id);
    assert.equal(seen.relationship, 'Outgoing');
    await assert.rejects(
      sendFriendRequest(stack.deps, a, 'casename'),
      rejectsWith('InvalidProperty'),
    );
    await assert.rejects(sendFriendRequest(stack.deps, a, 'nobody#0001'), rejectsWith('NotFound'));
    const bot = await seedUser(stack.deps.db, { bot: { owner: a.id } });
    await assert.rejects(addFriend(stack.deps, a, bot.id), rejectsWith('IsBot'));
    await assert.rejects(
      sendFriendRequest(stack.deps, bot, `${b.username}#${b.discriminator}`),
      rejectsWith('IsBot'),
    );
  });
});
