import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ulid } from 'ulid';
import { DuplicateKeyError } from '../errors';
import { withDatabase, type OpenDatabase } from '../fixtures';
import type { StoredFile } from '../rows';
import { createServer, createUsers } from '../servers/servers.fixtures';
import type { DirectMessageRow, SavedMessagesRow } from './channels.store';
import { groupRow, textChannelRow } from './channels.fixtures';

const icon: StoredFile = {
  id: 'icon1',
  tag: 'icons',
  filename: 'i.png',
  metadata: { type: 'Image', width: 8, height: 8 },
  contentType: 'image/png',
  size: 10,
};

function dm(a: string, b: string, overrides: Partial<DirectMessageRow> = {}): DirectMessageRow {
  return {
    channelType: 'DirectMessage',
    id: ulid(),
    active: true,
    recipients: [a, b],
    lastMessageId: null,
    ...overrides,
  };
}

/** Rows ordered by id, as the list methods return them (ULIDs of one millisecond are unordered). */
function byId<T extends { id: string }>(rows: T[]): T[] {
  return [...rows].sort((x, y) => (x.id < y.id ? -1 : 1));
}

function saved(userId: string): SavedMessagesRow {
  return { channelType: 'SavedMessages', id: ulid(), userId };
}

/** Contract of ChannelStore, run once per driver. */
export function storeCases(open: OpenDatabase): void {
  test('channels: every type round-trips with all its fields', () =>
    withDatabase(open, async (db) => {
      const [a, b, c] = (await createUsers(db, 3)) as [string, string, string];
      const server = await createServer(db);
      const text = textChannelRow(server.id, {
        description: 'topic',
        icon,
        lastMessageId: ulid(),
        defaultPermissions: { a: 1, d: 2 ** 35 },
        rolePermissions: { r1: { a: 4, d: 0 } },
        nsfw: true,
        voice: { maxUsers: 5 },
        slowmode: 10,
      });
      const group = groupRow([b, a, c], {
        ownerId: b,
        description: 'd',
        icon,
        lastMessageId: ulid(),
        permissions: 2 ** 34,
        nsfw: true,
      });
      const direct = dm(c, a, { active: false, lastMessageId: ulid() });
      const notes = saved(a);
      for (const row of [text, group, direct, notes]) {
        await db.channels.create(row);
        assert.deepEqual(await db.channels.findById(row.id), row);
      }
      const voice = textChannelRow(server.id, { voice: {} });
      await db.channels.create(voice);
      assert.deepEqual(await db.channels.findById(voice.id), voice);
      assert.equal(await db.channels.findById(ulid()), null);
      assert.deepEqual(
        (await db.channels.findMany([group.id, ulid(), text.id, group.id])).map((x) => x.id),
        [group.id, text.id],
      );
      assert.deepEqual(await db.channels.findMany([]), []);
    }));

  test('channels: reused id, second saved messages and second DM of a pair are duplicates', () =>
    withDatabase(open, async (db) => {
      const [a, b] = (await createUsers(db, 2)) as [string, string];
      const first = dm(a, b);
      await db.channels.create(first);
      await assert.rejects(db.channels.create(dm(b, a)), DuplicateKeyError);
      await assert.rejects(
        db.channels.create(saved(a)).then(() => db.channels.create(saved(a))),
        DuplicateKeyError,
      );
      await assert.rejects(db.channels.create(groupRow([a], { id: first.id })), DuplicateKeyError);
      // A failed create leaves no recipients behind.
      assert.deepEqual(
        (await db.channels.listPrivate(b)).map((x) => x.id),
        [first.id],
      );
      await assert.rejects(db.channels.create(dm(a, a)), RangeError);
    }));

  test('channels: a duplicate DM inside a transaction leaves the transaction usable', () =>
    withDatabase(open, async (db) => {
      const [a, b, c] = (await createUsers(db, 3)) as [string, string, string];
      await db.channels.create(dm(a, b));
      const group = groupRow([a, c]);
      await db.transaction(async (tx) => {
        await assert.rejects(tx.channels.create(dm(b, a)), DuplicateKeyError);
        await tx.channels.create(group);
      });
      assert.deepEqual(await db.channels.findById(group.id), group);
    }));

  test('channels: a server channel needs its server; recipients need existing users', () =>
    withDatabase(open, async (db) => {
      await assert.rejects(db.channels.create(textChannelRow(ulid())));
      const [a] = (await createUsers(db, 1)) as [string];
      const group = groupRow([a, ulid()]);
      await assert.rejects(db.channels.create(group));
      assert.equal(await db.channels.findById(group.id), null);
    }));

  test('channels: lookups by server, DM pair, saved messages and private channels of a user', () =>
    withDatabase(open, async (db) => {
      const [a, b, c] = (await createUsers(db, 3)) as [string, string, string];
      const server = await createServer(db);
      const other = await createServer(db);
      const t1 = textChannelRow(server.id);
      const t2 = textChannelRow(server.id, { voice: {} });
      await db.channels.create(t1);
      await db.channels.create(t2);
      await db.channels.create(textChannelRow(other.id));
      assert.deepEqual(await db.channels.listByServer(server.id), byId([t1, t2]));
      assert.deepEqual(await db.channels.listByServer(ulid()), []);

      const ab = dm(a, b);
      const bc = dm(b, c);
      const group = groupRow([c, a]);
      const notesA = saved(a);
      for (const row of [ab, bc, group, notesA, saved(b)]) await db.channels.create(row);
      assert.deepEqual(await db.channels.findDirectMessage(b, a), ab);
      assert.deepEqual(await db.channels.findDirectMessage(a, b), ab);
      assert.equal(await db.channels.findDirectMessage(a, c), null);
      assert.deepEqual(await db.channels.findSavedMessages(a), notesA);
      assert.equal(await db.channels.findSavedMessages(c), null);
      assert.deepEqual(await db.channels.listPrivate(a), byId([ab, group, notesA]));
      assert.deepEqual(await db.channels.listPrivate(ulid()), []);
    }));

  test('channels: update sets and clears fields; false for an unknown channel', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const text = textChannelRow(server.id, { description: 'x', voice: {}, slowmode: 5 });
      await db.channels.create(text);
      const patch = {
        name: 'renamed',
        description: null,
        icon,
        defaultPermissions: { a: 1, d: 1 },
        rolePermissions: { r: { a: 2, d: 0 } },
        nsfw: true,
        voice: null,
        slowmode: null,
        lastMessageId: ulid(),
      };
      assert.equal(await db.channels.update(text.id, patch), true);
      assert.deepEqual(await db.channels.findById(text.id), { ...text, ...patch });
      assert.equal(await db.channels.update(text.id, {}), true);
      assert.equal(await db.channels.update(ulid(), { name: 'x' }), false);
      assert.equal(await db.channels.update(ulid(), {}), false);

      const [a, b] = (await createUsers(db, 2)) as [string, string];
      const group = groupRow([a, b]);
      await db.channels.create(group);
      await db.channels.update(group.id, { ownerId: b, permissions: 3 });
      assert.deepEqual(await db.channels.findById(group.id), {
        ...group,
        ownerId: b,
        permissions: 3,
      });
    }));

  test('channels: setRolePermission adds, replaces and removes one role; concurrent edits all land', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const text = textChannelRow(server.id, { rolePermissions: { keep: { a: 1, d: 0 } } });
      await db.channels.create(text);
      assert.equal(await db.channels.setRolePermission(text.id, 'r', { a: 2, d: 0 }), true);
      assert.equal(await db.channels.setRolePermission(text.id, 'r', { a: 0, d: 2 }), true);
      const read = async () =>
        ((await db.channels.findById(text.id)) as typeof text).rolePermissions;
      assert.deepEqual(await read(), { keep: { a: 1, d: 0 }, r: { a: 0, d: 2 } });
      assert.equal(await db.channels.setRolePermission(text.id, 'r', null), true);
      assert.deepEqual(await read(), { keep: { a: 1, d: 0 } });
      assert.equal(await db.channels.setRolePermission(ulid(), 'r', null), false);

      const roles = Array.from({ length: 8 }, (_, i) => `role${i}`);
      await Promise.all(
        roles.map((r, i) => db.channels.setRolePermission(text.id, r, { a: i, d: 0 })),
      );
      assert.equal(Object.keys(await read()).length, roles.length + 1);
    }));

  test('channels: advanceLastMessage only moves forward', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const text = textChannelRow(server.id);
      await db.channels.create(text);
      const [m1, m2] = [ulid(), ulid()].sort() as [string, string];
      assert.equal(await db.channels.advanceLastMessage(text.id, m1), true);
      assert.equal(await db.channels.advanceLastMessage(text.id, m2), true);
      assert.equal(await db.channels.advanceLastMessage(text.id, m1), false);
      assert.equal((await db.channels.findById(text.id))?.channelType, 'TextChannel');
      assert.equal(((await db.channels.findById(text.id)) as typeof text).lastMessageId, m2);
      assert.equal(await db.channels.advanceLastMessage(ulid(), m1), false);
    }));

  test('channels: group recipients are added at the end and removed; private lists follow', () =>
    withDatabase(open, async (db) => {
      const [a, b, c] = (await createUsers(db, 3)) as [string, string, string];
      const group = groupRow([a, b]);
      await db.channels.create(group);
      assert.equal(await db.channels.addRecipient(group.id, c), true);
      assert.equal(await db.channels.addRecipient(group.id, c), false);
      assert.deepEqual(((await db.channels.findById(group.id)) as typeof group).recipients, [
        a,
        b,
        c,
      ]);
      assert.deepEqual(
        (await db.channels.listPrivate(c)).map((x) => x.id),
        [group.id],
      );
      assert.equal(await db.channels.removeRecipient(group.id, a), true);
      assert.equal(await db.channels.removeRecipient(group.id, a), false);
      assert.deepEqual(((await db.channels.findById(group.id)) as typeof group).recipients, [b, c]);
      assert.deepEqual(await db.channels.listPrivate(a), []);
      assert.equal(await db.channels.addRecipient(group.id, a), true);
      assert.deepEqual(((await db.channels.findById(group.id)) as typeof group).recipients, [
        b,
        c,
        a,
      ]);
    }));

  test('channels: concurrent joins of one group all land, each at its own place', () =>
    withDatabase(open, async (db) => {
      const users = await createUsers(db, 9);
      const group = groupRow([users[0]!]);
      await db.channels.create(group);
      const joiners = users.slice(1);
      const added = await Promise.all(joiners.map((u) => db.channels.addRecipient(group.id, u)));
      assert.ok(added.every(Boolean));
      const recipients = ((await db.channels.findById(group.id)) as typeof group).recipients;
      assert.equal(recipients[0], users[0]);
      assert.deepEqual([...recipients].sort(), [...users].sort());
      await db.channels.removeRecipient(group.id, users[0]!);
      await db.channels.addRecipient(group.id, users[0]!);
      const after = ((await db.channels.findById(group.id)) as typeof group).recipients;
      assert.equal(after[after.length - 1], users[0]);
    }));

  test('channels: delete removes a channel; deleting its server removes its channels', () =>
    withDatabase(open, async (db) => {
      const [a, b] = (await createUsers(db, 2)) as [string, string];
      const group = groupRow([a, b]);
      await db.channels.create(group);
      assert.equal(await db.channels.delete(group.id), true);
      assert.equal(await db.channels.delete(group.id), false);
      assert.deepEqual(await db.channels.listPrivate(a), []);

      const server = await createServer(db);
      const text = textChannelRow(server.id);
      await db.channels.create(text);
      await db.servers.delete(server.id);
      assert.equal(await db.channels.findById(text.id), null);
    }));
}
