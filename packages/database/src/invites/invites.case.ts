import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ulid } from 'ulid';
import { groupRow, textChannelRow } from '../channels/channels.fixtures';
import { DuplicateKeyError } from '../errors';
import { randomHex, withDatabase, type OpenDatabase } from '../fixtures';
import { createServer, createUsers } from '../servers/servers.fixtures';

/** Contract of InviteStore, run once per driver. */
export function storeCases(open: OpenDatabase): void {
  test('invites: server and group invites round-trip; a taken code is a duplicate', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const [a, b] = (await createUsers(db, 2)) as [string, string];
      const text = textChannelRow(server.id);
      const group = groupRow([a, b]);
      await db.channels.create(text);
      await db.channels.create(group);
      const toServer = {
        code: `ab${randomHex(4)}`, // letters in it, so upper case is another code
        serverId: server.id,
        channelId: text.id,
        creatorId: a,
      };
      const toGroup = { code: randomHex(4), serverId: null, channelId: group.id, creatorId: b };
      await db.invites.create(toServer);
      await db.invites.create(toGroup);
      assert.deepEqual(await db.invites.find(toServer.code), toServer);
      assert.deepEqual(await db.invites.find(toGroup.code), toGroup);
      assert.equal(await db.invites.find(toServer.code.toUpperCase()), null);
      assert.equal(await db.invites.find('missing'), null);
      await assert.rejects(
        db.invites.create({ ...toGroup, code: toServer.code }),
        DuplicateKeyError,
      );
    }));

  test('invites: an invite needs an existing channel and creator', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const [a] = (await createUsers(db, 1)) as [string];
      const text = textChannelRow(server.id);
      await db.channels.create(text);
      const base = { code: randomHex(4), serverId: server.id, channelId: text.id, creatorId: a };
      await assert.rejects(db.invites.create({ ...base, channelId: ulid() }));
      await assert.rejects(db.invites.create({ ...base, creatorId: ulid() }));
    }));

  test('invites: list by server in code order; delete; they go with their channel and server', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const [a] = (await createUsers(db, 1)) as [string];
      const t1 = textChannelRow(server.id);
      const t2 = textChannelRow(server.id);
      await db.channels.create(t1);
      await db.channels.create(t2);
      const invites = ['b0', 'a0', 'c0'].map((p, i) => ({
        code: `${p}${randomHex(3)}`,
        serverId: server.id,
        channelId: i === 2 ? t2.id : t1.id,
        creatorId: a,
      }));
      for (const i of invites) await db.invites.create(i);
      const byCode = [...invites].sort((x, y) => (x.code < y.code ? -1 : 1));
      assert.deepEqual(await db.invites.listByServer(server.id), byCode);
      assert.deepEqual(await db.invites.listByServer(ulid()), []);

      assert.equal(await db.invites.delete(invites[0]!.code), true);
      assert.equal(await db.invites.delete(invites[0]!.code), false);
      await db.channels.delete(t2.id);
      assert.deepEqual(await db.invites.listByServer(server.id), [invites[1]]);
      await db.servers.delete(server.id);
      assert.equal(await db.invites.find(invites[1]!.code), null);
    }));
}
