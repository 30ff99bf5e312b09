import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ulid } from 'ulid';
import { DuplicateKeyError } from '../errors';
import { withDatabase, type OpenDatabase } from '../fixtures';
import { createServer, createUsers } from '../servers/servers.fixtures';
import { memberRow } from './members.fixtures';

const sorted = (ids: string[]): string[] => [...ids].sort();

/** Contract of MemberStore, run once per driver. */
export function storeCases(open: OpenDatabase): void {
  test('members: create then find; every field round-trips; joining twice is a duplicate', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const [u] = (await createUsers(db, 1)) as [string];
      const row = memberRow(server.id, u, {
        joinedAt: 1_700_000_000_000,
        nickname: 'nick',
        pronouns: 'they',
        avatar: {
          id: 'a',
          tag: 'avatars',
          filename: 'a.png',
          metadata: { type: 'Image', width: 1, height: 1 },
          contentType: 'image/png',
          size: 1,
        },
        roles: ['r1', 'r2'],
        timeout: 1_800_000_000_000,
        canPublish: false,
        canReceive: false,
      });
      await db.members.create(row);
      assert.deepEqual(await db.members.find(server.id, u), row);
      assert.equal(await db.members.find(server.id, ulid()), null);
      await assert.rejects(db.members.create(memberRow(server.id, u)), DuplicateKeyError);
    }));

  test('members: a member needs an existing server and user', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const [u] = (await createUsers(db, 1)) as [string];
      await assert.rejects(db.members.create(memberRow(ulid(), u)));
      await assert.rejects(db.members.create(memberRow(server.id, ulid())));
    }));

  test('members: list by server and by user, findMany, count', () =>
    withDatabase(open, async (db) => {
      const s1 = await createServer(db);
      const s2 = await createServer(db);
      const [a, b, c] = (await createUsers(db, 3)) as [string, string, string];
      for (const u of [a, b, c]) await db.members.create(memberRow(s1.id, u));
      await db.members.create(memberRow(s2.id, a));
      assert.deepEqual(
        (await db.members.listByServer(s1.id)).map((m) => m.userId),
        sorted([a, b, c]),
      );
      assert.deepEqual(
        (await db.members.listByUser(a)).map((m) => m.serverId),
        sorted([s1.id, s2.id]),
      );
      assert.deepEqual(await db.members.listByUser(ulid()), []);
      assert.deepEqual(
        (await db.members.findMany(s1.id, [c, ulid(), a, c])).map((m) => m.userId),
        [c, a],
      );
      assert.deepEqual(await db.members.findMany(s2.id, []), []);
      assert.equal(await db.members.count(s1.id), 3);
      assert.equal(await db.members.count(s2.id), 1);
      assert.equal(await db.members.count(ulid()), 0);
    }));

  test('members: update sets and clears fields; false for a non-member', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const [u] = (await createUsers(db, 1)) as [string];
      const row = memberRow(server.id, u, { nickname: 'n', roles: ['r'] });
      await db.members.create(row);
      const patch = { nickname: null, roles: [], timeout: 5, canPublish: false, joinedAt: 7 };
      assert.equal(await db.members.update(server.id, u, patch), true);
      assert.deepEqual(await db.members.find(server.id, u), { ...row, ...patch });
      assert.equal(await db.members.update(server.id, u, {}), true);
      assert.equal(await db.members.update(server.id, ulid(), { nickname: 'x' }), false);
      assert.equal(await db.members.update(ulid(), u, {}), false);
    }));

  test('members: delete, and deleting the server removes its members', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const [a, b] = (await createUsers(db, 2)) as [string, string];
      await db.members.create(memberRow(server.id, a));
      await db.members.create(memberRow(server.id, b));
      assert.equal(await db.members.delete(server.id, a), true);
      assert.equal(await db.members.delete(server.id, a), false);
      assert.equal(await db.members.count(server.id), 1);
      await db.servers.delete(server.id);
      assert.deepEqual(await db.members.listByUser(b), []);
    }));
}
