import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ulid } from 'ulid';
import { DuplicateKeyError } from '../errors';
import { withDatabase, type OpenDatabase } from '../fixtures';
import { createServer, createUsers } from '../servers/servers.fixtures';

/** Contract of BanStore, run once per driver. */
export function storeCases(open: OpenDatabase): void {
  test('bans: create, find, list by server, banning twice is a duplicate', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const other = await createServer(db);
      const [a, b] = (await createUsers(db, 2)) as [string, string];
      const banA = { serverId: server.id, userId: a, reason: 'spam' };
      const banB = { serverId: server.id, userId: b, reason: null };
      await db.bans.create(banA);
      await db.bans.create(banB);
      await db.bans.create({ serverId: other.id, userId: a, reason: null });
      assert.deepEqual(await db.bans.find(server.id, a), banA);
      assert.deepEqual(await db.bans.find(server.id, b), banB);
      assert.equal(await db.bans.find(server.id, ulid()), null);
      assert.deepEqual(
        await db.bans.listByServer(server.id),
        [banA, banB].sort((x, y) => (x.userId < y.userId ? -1 : 1)),
      );
      assert.deepEqual(await db.bans.listByServer(ulid()), []);
      await assert.rejects(
        db.bans.create({ serverId: server.id, userId: a, reason: 'again' }),
        DuplicateKeyError,
      );
    }));

  test('bans: a ban needs an existing server and user', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const [a] = (await createUsers(db, 1)) as [string];
      await assert.rejects(db.bans.create({ serverId: ulid(), userId: a, reason: null }));
      await assert.rejects(db.bans.create({ serverId: server.id, userId: ulid(), reason: null }));
    }));

  test('bans: delete lifts a ban; deleting the server removes its bans', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const [a, b] = (await createUsers(db, 2)) as [string, string];
      await db.bans.create({ serverId: server.id, userId: a, reason: null });
      await db.bans.create({ serverId: server.id, userId: b, reason: null });
      assert.equal(await db.bans.delete(server.id, a), true);
      assert.equal(await db.bans.delete(server.id, a), false);
      assert.equal(await db.bans.find(server.id, a), null);
      await db.servers.delete(server.id);
      assert.deepEqual(await db.bans.listByServer(server.id), []);
    }));
}
