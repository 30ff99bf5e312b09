import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DuplicateKeyError } from '../errors';
import { randomHex, withDatabase, type OpenDatabase } from '../fixtures';
import { userRow } from './users.fixtures';
import type { UserRow } from './users.store';

/** Contract of UserStore, run once per driver. */
export function storeCases(open: OpenDatabase): void {
  test('users: create then findById, every field round-trips', () =>
    withDatabase(open, async (db) => {
      const owner = userRow();
      await db.users.create(owner);
      const row: UserRow = userRow({
        username: 'Zoë_Bot',
        discriminator: '4242',
        displayName: 'Zoë “the” bot',
        pronouns: 'it/its',
        avatar: {
          id: randomHex(21),
          tag: 'avatars',
          filename: 'me.png',
          metadata: {
            type: 'Image',
            width: 256,
            height: 128,
            thumbhash: [1, 2, 3],
            animated: false,
          },
          contentType: 'image/png',
          size: 12345,
          userId: owner.id,
        },
        badges: 2 ** 31 + 1,
        status: { text: 'busy 🛠', presence: 'Busy' },
        profile: {
          content: 'line 1\nline 2 "quoted" \\ backslash',
          background: {
            id: randomHex(21),
            tag: 'backgrounds',
            filename: 'bg.webm',
            metadata: { type: 'Video', width: 1920, height: 1080 },
            contentType: 'video/webm',
            size: 1,
          },
        },
        flags: 2,
        privileged: true,
        bot: { owner: owner.id },
        lastDiscriminatorChange: 1_700_000_000_123,
        lastAcknowledgedPolicyChange: 1_700_000_000_456,
        createdAt: 1_690_000_000_000,
      });
      await db.users.create(row);
      assert.deepEqual(await db.users.findById(row.id), row);
      assert.deepEqual(await db.users.findById(owner.id), owner);
      assert.equal(await db.users.findById(userRow().id), null);
    }));

  test('users: username#discriminator is unique regardless of case', () =>
    withDatabase(open, async (db) => {
      const row = userRow({ username: `Alice_${randomHex(4)}`, discriminator: '1000' });
      await db.users.create(row);
      const clash = userRow({ username: row.username.toUpperCase(), discriminator: '1000' });
      await assert.rejects(db.users.create(clash), DuplicateKeyError);
      await assert.rejects(db.users.create(userRow({ id: row.id })), DuplicateKeyError);
      await db.users.create(
        userRow({ username: row.username.toUpperCase(), discriminator: '1001' }),
      );
      assert.equal(await db.users.findById(clash.id), null);
    }));

  test('users: findByUsername and discriminatorsInUse ignore case but not accents', () =>
    withDatabase(open, async (db) => {
      const base = `Élan_${randomHex(4)}`;
      const a = userRow({ username: base, discriminator: '0420' });
      const b = userRow({ username: base.toLowerCase(), discriminator: '0069' });
      const accentless = userRow({ username: base.replace('É', 'E'), discriminator: '0777' });
      for (const u of [a, b, accentless]) await db.users.create(u);

      assert.deepEqual(await db.users.findByUsername(base.toUpperCase(), '0420'), a);
      assert.deepEqual(await db.users.findByUsername(base.toLowerCase(), '0069'), b);
      assert.equal(await db.users.findByUsername(base, '0777'), null);
      assert.equal(await db.users.findByUsername(base, '9999'), null);
      assert.deepEqual(await db.users.discriminatorsInUse(base.toUpperCase()), ['0069', '0420']);
      assert.deepEqual(await db.users.discriminatorsInUse(base.replace('É', 'e')), ['0777']);
      assert.deepEqual(await db.users.discriminatorsInUse(`nobody_${randomHex(4)}`), []);
    }));

  test('users: update re-derives the lowercased username and keeps other fields', () =>
    withDatabase(open, async (db) => {
      const row = userRow({ username: `Old_${randomHex(4)}`, status: { text: 'hi' } });
      await db.users.create(row);
      const renamed = `New_${randomHex(4)}`;
      assert.equal(await db.users.update(row.id, { username: renamed }), true);
      assert.equal(await db.users.findByUsername(row.username, row.discriminator), null);
      const found = await db.users.findByUsername(renamed.toUpperCase(), row.discriminator);
      assert.deepEqual(found, { ...row, username: renamed });
      assert.deepEqual(await db.users.discriminatorsInUse(row.username), []);

      // A case-only change keeps the same (username, discriminator) key: no clash with itself.
      await db.users.update(row.id, { username: renamed.toLowerCase() });
      assert.equal((await db.users.findById(row.id))?.username, renamed.toLowerCase());

      await db.users.update(row.id, { status: null, avatar: null, privileged: true, badges: 5 });
      assert.deepEqual(await db.users.findById(row.id), {
        ...row,
        username: renamed.toLowerCase(),
        status: null,
        privileged: true,
        badges: 5,
      });
      assert.equal(await db.users.update(row.id, {}), true);
      assert.equal(await db.users.update(userRow().id, { flags: 1 }), false);
      assert.equal(await db.users.update(userRow().id, {}), false);
    }));

  test('users: an update onto a taken name throws DuplicateKeyError and changes nothing', () =>
    withDatabase(open, async (db) => {
      const a = userRow({ username: `Taken_${randomHex(4)}`, discriminator: '1111' });
      const b = userRow({ discriminator: '1111' });
      await db.users.create(a);
      await db.users.create(b);
      await assert.rejects(
        db.users.update(b.id, { username: a.username.toLowerCase() }),
        DuplicateKeyError,
      );
      assert.deepEqual(await db.users.findById(b.id), b);
      await db.users.update(b.id, { username: a.username, discriminator: '2222' });
      assert.equal((await db.users.findByUsername(a.username, '2222'))?.id, b.id);
    }));

  test('users: findMany returns the known ids in request order, whatever that order', () =>
    withDatabase(open, async (db) => {
      const rows = [userRow(), userRow(), userRow(), userRow()];
      for (const r of rows) await db.users.create(r);
      const ids = rows.map((r) => r.id);
      assert.deepEqual(await db.users.findMany(ids), rows);
      const reversed = [...ids].reverse();
      assert.deepEqual(
        (await db.users.findMany(reversed)).map((r) => r.id),
        reversed,
      );
      const missing = userRow().id;
      const mixed = [ids[2]!, missing, ids[0]!, ids[2]!];
      assert.deepEqual(
        (await db.users.findMany(mixed)).map((r) => r.id),
        [ids[2], ids[0]],
      );
      assert.deepEqual(await db.users.findMany([]), []);
    }));

  test('users: findMany handles more ids than one query may bind', () =>
    withDatabase(open, async (db) => {
      const created = [];
      for (let i = 0; i < 3; i++) {
        const r = userRow();
        await db.users.create(r);
        created.push(r.id);
      }
      const many = Array.from({ length: 1200 }, () => userRow().id);
      many.splice(10, 0, created[0]!);
      many.splice(700, 0, created[1]!);
      many.push(created[2]!);
      assert.deepEqual(
        (await db.users.findMany(many)).map((r) => r.id),
        created,
      );
    }));
}
