import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { UserRow } from '@ermine/database';
import type { UserUpdateEvent } from '@ermine/models/events/user-events';
import { rejectsWith } from '@ermine/testing/errors';
import { createTestStack, type TestStack } from '@ermine/testing/stack';
import { seedUser } from '@ermine/testing/users';
import { applyRelationshipAction } from '../relationships/relationship-apply';
import { markConnectionOnline } from './presence';
import { editUser } from './user-edit';

let stack: TestStack;
before(async () => {
  stack = await createTestStack();
});
after(async () => {
  await stack.close();
});

async function friends(a: UserRow, b: UserRow): Promise<void> {
  await applyRelationshipAction(stack.deps, a, b, 'add');
  await applyRelationshipAction(stack.deps, b, a, 'add');
}

async function reload(user: UserRow): Promise<UserRow> {
  const row = await stack.deps.db.users.findById(user.id);
  assert.ok(row);
  return row;
}

describe('editUser', () => {
  test('sets fields, merges status and profile, publishes UserUpdate', async () => {
    const a = await seedUser(stack.deps.db);
    const b = await seedUser(stack.deps.db);
    await friends(a, b);
    const mine = await stack.record({ user: a.id });
    const theirs = await stack.record({ user: b.id });

    const user = await editUser(stack.deps, a, '@me', {
      display_name: 'Ally',
      pronouns: 'they/them',
      status: { text: 'hello', presence: 'Busy' },
      profile: { content: 'about' },
    });
    assert.equal(user.display_name, 'Ally');
    assert.equal(user.pronouns, 'they/them');
    assert.deepEqual(user.status, { text: 'hello', presence: 'Busy' });
    assert.equal(user.relationship, 'User');
    assert.deepEqual(user.relations, [{ _id: b.id, status: 'Friend' }]);

    const event = (await mine.waitFor(
      (e) => (e as UserUpdateEvent).type === 'UserUpdate',
    )) as UserUpdateEvent;
    assert.equal(event.id, a.id);
    assert.deepEqual(event.data, {
      display_name: 'Ally',
      pronouns: 'they/them',
      status: { text: 'hello', presence: 'Busy' },
    });
    assert.deepEqual(event.clear, []);
    assert.equal(typeof event.event_id, 'string');
    assert.deepEqual(
      await theirs.waitFor((e) => (e as UserUpdateEvent).type === 'UserUpdate'),
      event,
    );

    // Only the presence changes; the text stays. The profile keeps its content.
    await editUser(stack.deps, await reload(a), '@me', {
      status: { presence: 'Idle' },
      profile: {},
    });
    let row = await reload(a);
    assert.deepEqual(row.status, { text: 'hello', presence: 'Idle' });
    assert.deepEqual(row.profile, { content: 'about' });

    // Removal happens before the merge.
    await editUser(stack.deps, row, a.id, {
      status: { presence: 'Online' },
      remove: ['StatusText', 'ProfileContent', 'DisplayName', 'Pronouns'],
    });
    row = await reload(a);
    assert.deepEqual(row.status, { presence: 'Online' });
    assert.equal(row.profile, null);
    assert.equal(row.displayName, null);
    assert.equal(row.pronouns, null);
    const last = mine.events.at(-1) as UserUpdateEvent;
    assert.deepEqual(last.data, { status: { presence: 'Online' } });
    assert.deepEqual(last.clear, ['StatusText', 'ProfileContent', 'DisplayName', 'Pronouns']);
  });

  test('going Invisible is shown to others as going offline', async () => {
    const a = await seedUser(stack.deps.db);
    const friend = await seedUser(stack.deps.db);
    const pending = await seedUser(stack.deps.db);
    await friends(a, friend);
    await applyRelationshipAction(stack.deps, pending, a, 'add');
    await markConnectionOnline(stack.deps.cache, a.id, 'socket-1');
    const mine = await stack.record({ user: a.id });
    const friendSees = await stack.record({ user: friend.id });
    const pendingSees = await stack.record({ user: pending.id });

    await editUser(stack.deps, a, '@me', { status: { text: 'shh', presence: 'Invisible' } });
    const own = (await mine.waitFor(() => true)) as UserUpdateEvent;
    assert.deepEqual(own.data, { status: { text: 'shh', presence: 'Invisible' } });
    const other = (await friendSees.waitFor(() => true)) as UserUpdateEvent;
    assert.deepEqual(other.data, { status: { text: 'shh' }, online: false });
    assert.deepEqual(other.clear, ['StatusPresence']);
    assert.equal(other.event_id, own.event_id);
    // A pending request does not see presence at all, so nothing changed for them.
    assert.equal(pendingSees.events.length, 0);
    await editUser(stack.deps, await reload(a), '@me', { display_name: 'Quiet' });
    const named = (await pendingSees.waitFor(() => true)) as UserUpdateEvent;
    assert.deepEqual(named.data, { display_name: 'Quiet' });

    await editUser(stack.deps, await reload(a), '@me', { status: { presence: 'Online' } });
    const back = friendSees.events.at(-1) as UserUpdateEvent;
    assert.deepEqual(back.data, { status: { text: 'shh', presence: 'Online' }, online: true });
  });

  test('badges and flags need privileged; privileged users may edit anyone', async () => {
    const a = await seedUser(stack.deps.db);
    const b = await seedUser(stack.deps.db);
    await assert.rejects(
      editUser(stack.deps, a, '@me', { badges: 1 }),
      rejectsWith('NotPrivileged'),
    );
    await assert.rejects(
      editUser(stack.deps, a, '@me', { flags: 4 }),
      rejectsWith('NotPrivileged'),
    );
    await assert.rejects(
      editUser(stack.deps, a, b.id, { display_name: 'hacked' }),
      rejectsWith('NotPrivileged'),
    );
    const admin = await seedUser(stack.deps.db, { privileged: true });
    const edited = await editUser(stack.deps, admin, b.id, { badges: 5, flags: 8 });
    assert.equal(edited._id, b.id);
    assert.equal(edited.badges, 5);
    assert.equal(edited.flags, 8);
    await assert.rejects(
      editUser(stack.deps, admin, 'NOSUCHUSER', { badges: 1 }),
      rejectsWith('NotFound'),
    );
  });

  test('a bot owner may edit the bot', async () => {
    const owner = await seedUser(stack.deps.db);
    const other = await seedUser(stack.deps.db);
    const bot = await seedUser(stack.deps.db, { bot: { owner: owner.id } });
    const edited = await editUser(stack.deps, owner, bot.id, { display_name: 'Robo' });
    assert.equal(edited._id, bot.id);
    assert.equal(edited.display_name, 'Robo');
    await assert.rejects(
      editUser(stack.deps, other, bot.id, { display_name: 'x1' }),
      rejectsWith('NotPrivileged'),
    );
  });

  test('an unknown file aborts the edit; an empty edit changes nothing', async () => {
    const a = await seedUser(stack.deps.db);
    const events = await stack.record({ user: a.id });
    await assert.rejects(
      editUser(stack.deps, a, '@me', { display_name: 'Nope', avatar: 'missing-file' }),
      rejectsWith('UnknownAttachment'),
    );
    await assert.rejects(
      editUser(stack.deps, a, '@me', { profile: { background: 'missing-file' } }),
      rejectsWith('UnknownAttachment'),
    );
    assert.equal((await reload(a)).displayName, null);
    const same = await editUser(stack.deps, a, '@me', { remove: [] });
    assert.equal(same._id, a.id);
    assert.equal(events.events.length, 0);
  });
});
