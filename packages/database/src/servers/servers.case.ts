import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ulid } from 'ulid';
import { DuplicateKeyError } from '../errors';
import { withDatabase, type OpenDatabase } from '../fixtures';
import type { StoredFile } from '../rows';
import { textChannelRow } from '../channels/channels.fixtures';
import { memberRow } from '../members/members.fixtures';
import { messageRow } from '../messages/messages.fixtures';
import { createServer, createUsers, roleRow, serverRow } from './servers.fixtures';

const icon: StoredFile = {
  id: 'icon1',
  tag: 'icons',
  filename: 'i.png',
  metadata: { type: 'Image', width: 64, height: 64 },
  contentType: 'image/png',
  size: 100,
};

/** Contract of ServerStore, run once per driver. */
export function storeCases(open: OpenDatabase): void {
  test('servers: create then find; every field round-trips; a reused id is a duplicate', () =>
    withDatabase(open, async (db) => {
      const [owner] = (await createUsers(db, 1)) as [string];
      const row = serverRow(owner, {
        description: 'about',
        channels: [ulid(), ulid()],
        categories: [{ id: 'cat', title: 'Talk', channels: ['a'] }],
        systemMessages: { userJoined: 'a', userBanned: 'b' },
        defaultPermissions: 2 ** 40 + 5,
        icon,
        banner: icon,
        flags: 3,
        nsfw: true,
        analytics: true,
        discoverable: true,
      });
      await db.servers.create(row);
      assert.deepEqual(await db.servers.findById(row.id), row);
      assert.equal(await db.servers.findById(ulid()), null);
      await assert.rejects(db.servers.create(serverRow(owner, { id: row.id })), DuplicateKeyError);
    }));

  test('servers: a server needs an existing owner', () =>
    withDatabase(open, async (db) => {
      await assert.rejects(db.servers.create(serverRow(ulid())));
    }));

  test('servers: findMany keeps the order of ids, skips unknown ones and collapses repeats', () =>
    withDatabase(open, async (db) => {
      const a = await createServer(db);
      const b = await createServer(db);
      const found = await db.servers.findMany([b.id, ulid(), a.id, b.id]);
      assert.deepEqual(
        found.map((s) => s.id),
        [b.id, a.id],
      );
      assert.deepEqual(await db.servers.findMany([]), []);
    }));

  test('servers: update sets and clears fields; false for an unknown server', () =>
    withDatabase(open, async (db) => {
      const row = await createServer(db, { description: 'x', icon });
      const [other] = (await createUsers(db, 1)) as [string];
      const patch = {
        ownerId: other,
        name: 'Renamed',
        description: null,
        icon: null,
        channels: ['c1'],
        categories: [],
        systemMessages: { userLeft: 'c1' },
        defaultPermissions: 7,
        flags: 1,
        nsfw: true,
        discoverable: true,
      };
      assert.equal(await db.servers.update(row.id, patch), true);
      assert.deepEqual(await db.servers.findById(row.id), { ...row, ...patch });
      assert.equal(await db.servers.update(row.id, {}), true);
      assert.equal(await db.servers.update(ulid(), { name: 'x' }), false);
      assert.equal(await db.servers.update(ulid(), {}), false);
    }));

  test('servers: roles round-trip, list by rank then id, update, delete', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const other = await createServer(db);
      const low = roleRow(server.id, {
        name: 'Low',
        rank: 2,
        permissions: { a: 2 ** 33, d: 4 },
        colour: '#ff0000',
        hoist: true,
        icon,
      });
      const high = roleRow(server.id, { name: 'High', rank: 0 });
      const mid = roleRow(server.id, { name: 'Mid', rank: 1 });
      for (const r of [low, high, mid]) await db.servers.createRole(r);
      await db.servers.createRole(roleRow(other.id));
      assert.deepEqual(await db.servers.findRole(server.id, low.id), low);
      assert.equal(await db.servers.findRole(other.id, low.id), null);
      assert.deepEqual(await db.servers.listRoles(server.id), [high, mid, low]);
      await assert.rejects(
        db.servers.createRole(roleRow(server.id, { id: low.id })),
        DuplicateKeyError,
      );

      const byServer = await db.servers.listRolesOfServers([server.id, other.id, ulid()]);
      assert.deepEqual(byServer.get(server.id), [high, mid, low]);
      assert.equal(byServer.get(other.id)?.length, 1);
      assert.equal(byServer.size, 2);
      assert.equal((await db.servers.listRolesOfServers([])).size, 0);

      const patch = {
        name: 'Lower',
        colour: null,
        hoist: false,
        icon: null,
        permissions: { a: 1, d: 0 },
      };
      assert.equal(await db.servers.updateRole(server.id, low.id, patch), true);
      assert.deepEqual(await db.servers.findRole(server.id, low.id), { ...low, ...patch });
      assert.equal(await db.servers.updateRole(server.id, low.id, {}), true);
      assert.equal(await db.servers.updateRole(other.id, low.id, { name: 'x' }), false);
      assert.equal(await db.servers.updateRole(server.id, ulid(), {}), false);

      assert.equal(await db.servers.deleteRole(server.id, mid.id), true);
      assert.equal(await db.servers.deleteRole(server.id, mid.id), false);
      assert.deepEqual(
        (await db.servers.listRoles(server.id)).map((r) => r.id),
        [high.id, low.id],
      );
    }));

  test('servers: setRoleRanks ranks every role by its index, or changes nothing', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const [a, b, c] = [0, 1, 2].map((rank) => roleRow(server.id, { rank }));
      for (const r of [a!, b!, c!]) await db.servers.createRole(r);
      assert.equal(await db.servers.setRoleRanks(server.id, [c!.id, a!.id, b!.id]), true);
      const ranked = await db.servers.listRoles(server.id);
      assert.deepEqual(
        ranked.map((r) => [r.id, r.rank]),
        [
          [c!.id, 0],
          [a!.id, 1],
          [b!.id, 2],
        ],
      );
      for (const bad of [
        [a!.id, b!.id],
        [a!.id, b!.id, c!.id, ulid()],
        [a!.id, a!.id, b!.id],
      ]) {
        assert.equal(await db.servers.setRoleRanks(server.id, bad), false);
      }
      assert.deepEqual(await db.servers.listRoles(server.id), ranked);
    }));

  test('servers: delete removes the server and its roles', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      await db.servers.createRole(roleRow(server.id));
      assert.equal(await db.servers.delete(server.id), true);
      assert.equal(await db.servers.delete(server.id), false);
      assert.equal(await db.servers.findById(server.id), null);
      assert.deepEqual(await db.servers.listRoles(server.id), []);
    }));

  test('servers: delete takes every channel, member, ban, invite, message and unread with it', () =>
    withDatabase(open, async (db) => {
      const server = await createServer(db);
      const [u] = (await createUsers(db, 1)) as [string];
      const text = textChannelRow(server.id);
      await db.channels.create(text);
      await db.members.create(memberRow(server.id, u));
      await db.bans.create({ serverId: server.id, userId: server.ownerId, reason: null });
      const invite = { code: 'c0de', serverId: server.id, channelId: text.id, creatorId: u };
      await db.invites.create(invite);
      const message = messageRow(text.id, u);
      await db.messages.create(message);
      await db.messages.addReaction(message.id, '👍', u);
      await db.channelUnreads.addMentions(text.id, message.id, [u]);
      await db.channelUnreads.ack(server.ownerId, text.id, message.id);

      assert.equal(await db.servers.delete(server.id), true);
      assert.equal(await db.channels.findById(text.id), null);
      assert.deepEqual(await db.members.listByUser(u), []);
      assert.deepEqual(await db.bans.listByServer(server.id), []);
      assert.equal(await db.invites.find(invite.code), null);
      assert.equal(await db.messages.findById(message.id), null);
      assert.deepEqual(await db.channelUnreads.listByUser(u), []);
      assert.deepEqual(await db.channelUnreads.listByUser(server.ownerId), []);
      // The users stay.
      assert.ok(await db.users.findById(u));
    }));
}
