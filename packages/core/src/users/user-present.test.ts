import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredFile, UserRow } from '@ermine/database';
import { userRow } from '@ermine/database/users/users.fixtures';
import { newId } from '@ermine/models/ids';
import { presentFile, presentProfile, presentStatus, presentUser } from './user-present';

function row(patch: Partial<UserRow> = {}): UserRow {
  const createdAt = 1_700_000_000_000;
  return userRow({
    id: newId(createdAt),
    username: 'alice',
    discriminator: '0042',
    createdAt,
    ...patch,
  });
}

const avatar: StoredFile = {
  id: 'f'.repeat(42),
  tag: 'avatars',
  filename: 'me.png',
  metadata: { type: 'Image', width: 64, height: 64 },
  contentType: 'image/png',
  size: 1234,
};

const seen = { relationship: 'None', showPresence: true, online: true } as const;

describe('presentUser', () => {
  test('a bare user has only the always-present keys', () => {
    const r = row();
    assert.deepEqual(presentUser(r, { ...seen, online: false }), {
      _id: r.id,
      username: 'alice',
      discriminator: '0042',
      relationship: 'None',
      online: false,
    });
  });

  test('every optional field, in Stoat order', () => {
    const owner = newId();
    const r = row({
      displayName: 'Alice',
      pronouns: 'she/her',
      avatar,
      badges: 1,
      status: { text: 'hi', presence: 'Busy' },
      flags: 4,
      privileged: true,
      bot: { owner },
    });
    const user = presentUser(r, {
      relationship: 'User',
      showPresence: true,
      online: true,
      relations: [{ id: owner, status: 'Friend' }],
    });
    assert.deepEqual(Object.keys(user), [
      '_id',
      'username',
      'discriminator',
      'display_name',
      'pronouns',
      'avatar',
      'relations',
      'badges',
      'status',
      'flags',
      'privileged',
      'bot',
      'relationship',
      'online',
    ]);
    assert.deepEqual(user.relations, [{ _id: owner, status: 'Friend' }]);
    assert.deepEqual(user.status, { text: 'hi', presence: 'Busy' });
    assert.deepEqual(user.bot, { owner });
    assert.equal(user.privileged, true);
    assert.equal(user.online, true);
  });

  test('Invisible is stripped and reads as offline, even for yourself', () => {
    const r = row({ status: { text: 'away', presence: 'Invisible' } });
    const user = presentUser(r, { relationship: 'User', showPresence: true, online: true });
    assert.deepEqual(user.status, { text: 'away' });
    assert.equal(user.online, false);
    const bare = presentUser(row({ status: { presence: 'Invisible' } }), seen);
    assert.equal('status' in bare, false);
  });

  test('without ViewProfile neither status nor online is shown', () => {
    const user = presentUser(row({ status: { text: 'x', presence: 'Online' } }), {
      ...seen,
      showPresence: false,
    });
    assert.equal('status' in user, false);
    assert.equal(user.online, false);
  });

  test('empty relations are omitted', () => {
    const user = presentUser(row(), {
      relationship: 'User',
      showPresence: true,
      online: false,
      relations: [],
    });
    assert.equal('relations' in user, false);
  });

  test('EarlyAdopter is computed from the id time and the cutoff', () => {
    const r = row({ badges: 1 });
    assert.equal(presentUser(r, { ...seen, earlyAdopterCutoff: 1_800_000_000_000 }).badges, 257);
    assert.equal(presentUser(r, { ...seen, earlyAdopterCutoff: 1_600_000_000_000 }).badges, 1);
    assert.equal('badges' in presentUser(row(), { ...seen, earlyAdopterCutoff: 1 }), false);
  });
});

test('presentFile renames keys and always sends thumbhash/animated for images', () => {
  assert.deepEqual(presentFile(avatar), {
    _id: avatar.id,
    tag: 'avatars',
    filename: 'me.png',
    metadata: { type: 'Image', width: 64, height: 64, thumbhash: null, animated: null },
    content_type: 'image/png',
    size: 1234,
  });
  assert.deepEqual(
    presentFile({ ...avatar, metadata: { type: 'File' }, userId: 'u', deleted: true }),
    {
      _id: avatar.id,
      tag: 'avatars',
      filename: 'me.png',
      metadata: { type: 'File' },
      content_type: 'image/png',
      size: 1234,
      deleted: true,
      user_id: 'u',
    },
  );
});

test('presentStatus keeps Invisible only when asked and drops empty statuses', () => {
  assert.equal(presentStatus(null), null);
  assert.equal(presentStatus({}), null);
  assert.deepEqual(presentStatus({ presence: 'Invisible' }, true), { presence: 'Invisible' });
  assert.equal(presentStatus({ presence: 'Invisible' }), null);
});

test('presentProfile', () => {
  assert.deepEqual(presentProfile(row()), {});
  const p = presentProfile(row({ profile: { content: 'about me', background: avatar } }));
  assert.equal(p.content, 'about me');
  assert.equal(p.background?._id, avatar.id);
});
