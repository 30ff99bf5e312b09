import assert from 'node:assert/strict';
import { test } from 'node:test';
import { monotonicFactory, ulid } from 'ulid';
import { textChannelRow } from '../channels/channels.fixtures';
import type { Database } from '../database';
import { DuplicateKeyError } from '../errors';
import { withDatabase, type OpenDatabase } from '../fixtures';
import { createServer } from '../servers/servers.fixtures';
import { messageRow } from './messages.fixtures';
import type { NewMessageRow } from './messages.store';

/** A channel of a fresh server and an author. */
async function channelAndAuthor(db: Database): Promise<{ channel: string; author: string }> {
  const server = await createServer(db);
  const text = textChannelRow(server.id);
  await db.channels.create(text);
  return { channel: text.id, author: server.ownerId };
}

/** Creates `count` messages in id order (monotonic ids) and returns them oldest first. */
async function postMany(
  db: Database,
  channel: string,
  author: string,
  contents: string[],
): Promise<NewMessageRow[]> {
  const next = monotonicFactory();
  const rows = contents.map((content) => messageRow(channel, author, { id: next(), content }));
  for (const row of rows) await db.messages.create(row);
  return rows;
}

const ids = (rows: { id: string }[]): string[] => rows.map((r) => r.id);

/** Contract of MessageStore, run once per driver. */
export function storeCases(open: OpenDatabase): void {
  test('messages: create then find; every field round-trips; a reused id is a duplicate', () =>
    withDatabase(open, async (db) => {
      const { channel, author } = await channelAndAuthor(db);
      const row = messageRow(channel, author, {
        webhook: { name: 'hook', avatar: null },
        content: 'hi <@x>',
        system: { type: 'user_joined', id: author },
        attachments: [
          {
            id: 'f',
            tag: 'attachments',
            filename: 'f.txt',
            metadata: { type: 'File' },
            contentType: 'text/plain',
            size: 3,
          },
        ],
        edited: 1_700_000_000_123,
        embeds: [{ type: 'Text', title: 't' }],
        mentions: [author],
        roleMentions: ['r'],
        replies: [ulid()],
        interactions: { reactions: ['👍'], restrictReactions: true },
        masquerade: { name: 'M', colour: 'red' },
        pinned: true,
        flags: 5,
      });
      await db.messages.create(row);
      assert.deepEqual(await db.messages.findById(row.id), { ...row, reactions: {} });
      assert.equal(await db.messages.findById(ulid()), null);
      await assert.rejects(
        db.messages.create(messageRow(channel, author, { id: row.id })),
        DuplicateKeyError,
      );
      await assert.rejects(db.messages.create(messageRow(ulid(), author)));
    }));

  test('messages: findMany keeps the order of ids, skips unknown ones and collapses repeats', () =>
    withDatabase(open, async (db) => {
      const { channel, author } = await channelAndAuthor(db);
      const [a, b] = await postMany(db, channel, author, ['a', 'b']);
      assert.deepEqual(ids(await db.messages.findMany([b!.id, ulid(), a!.id, b!.id])), [
        b!.id,
        a!.id,
      ]);
      assert.deepEqual(await db.messages.findMany([]), []);
    }));

  test('messages: list pages by before/after, sorts both ways, honours limit and channel', () =>
    withDatabase(open, async (db) => {
      const { channel, author } = await channelAndAuthor(db);
      const other = await channelAndAuthor(db);
      const rows = await postMany(db, channel, author, ['0', '1', '2', '3', '4', '5']);
      await postMany(db, other.channel, other.author, ['x']);
      const all = ids(rows);
      assert.deepEqual(ids(await db.messages.list(channel, { limit: 10 })), [...all].reverse());
      assert.deepEqual(ids(await db.messages.list(channel, { limit: 10, sort: 'Oldest' })), all);
      assert.deepEqual(ids(await db.messages.list(channel, { limit: 2 })), [all[5], all[4]]);
      assert.deepEqual(ids(await db.messages.list(channel, { limit: 2, before: all[4] })), [
        all[3],
        all[2],
      ]);
      assert.deepEqual(
        ids(await db.messages.list(channel, { limit: 2, after: all[1], sort: 'Oldest' })),
        [all[2], all[3]],
      );
      assert.deepEqual(
        ids(await db.messages.list(channel, { limit: 10, after: all[1], before: all[4] })),
        [all[3], all[2]],
      );
      assert.deepEqual(await db.messages.list(channel, { limit: 0 }), []);
      assert.deepEqual(await db.messages.list(ulid(), { limit: 5 }), []);
    }));

  test('messages: list nearby returns the message and limit/2 on each side, oldest first', () =>
    withDatabase(open, async (db) => {
      const { channel, author } = await channelAndAuthor(db);
      const all = ids(
        await postMany(db, channel, author, ['0', '1', '2', '3', '4', '5', '6', '7']),
      );
      assert.deepEqual(
        ids(await db.messages.list(channel, { limit: 4, nearby: all[4], sort: 'Latest' })),
        all.slice(2, 7),
      );
      assert.deepEqual(
        ids(await db.messages.list(channel, { limit: 4, nearby: all[0] })),
        all.slice(0, 3),
      );
      assert.deepEqual(
        ids(await db.messages.list(channel, { limit: 4, nearby: all[7] })),
        all.slice(5, 8),
      );
    }));

  test('messages: search matches every word case-insensitively, literally, pinned filter, pages', () =>
    withDatabase(open, async (db) => {
      const { channel, author } = await channelAndAuthor(db);
      const other = await channelAndAuthor(db);
      const rows = await postMany(db, channel, author, [
        'Hello World',
        'hello there',
        'world peace',
        '100% sure_thing',
        '1000 sureXthing',
      ]);
      await postMany(db, other.channel, other.author, ['hello world']);
      const all = ids(rows);
      await db.messages.setPinned(all[1]!, true);
      const search = (q: Parameters<typeof db.messages.search>[1]) =>
        db.messages.search(channel, q).then(ids);
      assert.deepEqual(await search({ query: 'HELLO', limit: 10 }), [all[1], all[0]]);
      assert.deepEqual(await search({ query: 'hello', limit: 10, sort: 'Oldest' }), [
        all[0],
        all[1],
      ]);
      assert.deepEqual(await search({ query: 'world hello', limit: 10, sort: 'Relevance' }), [
        all[0],
      ]);
      assert.deepEqual(await search({ query: '0%', limit: 10 }), [all[3]]);
      assert.deepEqual(await search({ query: 'e_t', limit: 10 }), [all[3]]);
      assert.deepEqual(await search({ query: 'hello', pinned: true, limit: 10 }), [all[1]]);
      assert.deepEqual(await search({ pinned: true, limit: 10 }), [all[1]]);
      assert.deepEqual(await search({ query: 'hello', pinned: false, limit: 10 }), [all[0]]);
      assert.deepEqual(await search({ query: 'e', limit: 2 }), [all[4], all[3]]);
      assert.deepEqual(await search({ query: 'e', limit: 10, before: all[2], after: all[0] }), [
        all[1],
      ]);
      assert.deepEqual(await search({ query: 'nothing', limit: 10 }), []);
      assert.deepEqual(await search({ query: '  ', limit: 10, sort: 'Oldest' }), all);
    }));

  test('messages: update sets and clears fields; setPinned reports a change only', () =>
    withDatabase(open, async (db) => {
      const { channel, author } = await channelAndAuthor(db);
      const row = messageRow(channel, author, { embeds: [{ type: 'None' }], mentions: ['u'] });
      await db.messages.create(row);
      const patch = { content: 'edited', edited: 42, embeds: null, mentions: [], flags: 2 };
      assert.equal(await db.messages.update(row.id, patch), true);
      assert.deepEqual(await db.messages.findById(row.id), { ...row, ...patch, reactions: {} });
      assert.equal(await db.messages.update(row.id, {}), true);
      assert.equal(await db.messages.update(ulid(), { content: 'x' }), false);
      assert.equal(await db.messages.update(ulid(), {}), false);

      assert.equal(await db.messages.setPinned(row.id, true), true);
      assert.equal(await db.messages.setPinned(row.id, true), false);
      assert.equal((await db.messages.findById(row.id))?.pinned, true);
      assert.equal(await db.messages.setPinned(row.id, false), true);
      assert.equal(await db.messages.setPinned(row.id, false), false);
      assert.equal(await db.messages.setPinned(ulid(), true), false);
    }));

  test('messages: delete, deleteMany within one channel only, channel delete removes them', () =>
    withDatabase(open, async (db) => {
      const { channel, author } = await channelAndAuthor(db);
      const other = await channelAndAuthor(db);
      const all = ids(await postMany(db, channel, author, ['0', '1', '2', '3']));
      const [foreign] = ids(await postMany(db, other.channel, other.author, ['x']));
      assert.equal(await db.messages.delete(all[0]!), true);
      assert.equal(await db.messages.delete(all[0]!), false);
      const removed = await db.messages.deleteMany(channel, [
        all[2]!,
        all[1]!,
        all[0]!,
        foreign!,
        all[1]!,
      ]);
      assert.deepEqual(removed, [all[1], all[2]]);
      assert.deepEqual(await db.messages.deleteMany(channel, []), []);
      assert.deepEqual(ids(await db.messages.list(channel, { limit: 10 })), [all[3]]);
      assert.ok(await db.messages.findById(foreign!));
      await db.channels.delete(channel);
      assert.equal(await db.messages.findById(all[3]!), null);
    }));

  test('messages: reactions add, remove and clear, in the order they came', () =>
    withDatabase(open, async (db) => {
      const { channel, author } = await channelAndAuthor(db);
      const [m] = ids(await postMany(db, channel, author, ['react']));
      const [u1, u2, u3] = ['u1', 'u2', 'u3'];
      assert.equal(await db.messages.addReaction(m!, '👍', u2!), true);
      assert.equal(await db.messages.addReaction(m!, '👍', u1!), true);
      assert.equal(await db.messages.addReaction(m!, '🎉', u3!), true);
      assert.equal(await db.messages.addReaction(m!, '👍', u2!), false);
      assert.equal(await db.messages.addReaction(ulid(), '👍', u2!), false);
      const read = async () => (await db.messages.findById(m!))?.reactions;
      assert.deepEqual(await read(), { '👍': [u2, u1], '🎉': [u3] });
      assert.deepEqual(Object.keys((await read()) ?? {}), ['👍', '🎉']);
      assert.deepEqual((await db.messages.list(channel, { limit: 1 }))[0]?.reactions, await read());

      assert.equal(await db.messages.removeReaction(m!, '👍', u2!), true);
      assert.equal(await db.messages.removeReaction(m!, '👍', u2!), false);
      assert.deepEqual(await read(), { '👍': [u1], '🎉': [u3] });
      await db.messages.addReaction(m!, '🎉', u1!);
      assert.deepEqual(await db.messages.clearReaction(m!, '🎉'), [u3, u1]);
      assert.deepEqual(await db.messages.clearReaction(m!, '🎉'), []);
      assert.deepEqual(await read(), { '👍': [u1] });
      await db.messages.delete(m!);
      assert.equal(await db.messages.addReaction(m!, '👍', u2!), false);
    }));

  test('messages: concurrent reaction adds each land once', () =>
    withDatabase(open, async (db) => {
      const { channel, author } = await channelAndAuthor(db);
      const [m] = ids(await postMany(db, channel, author, ['busy']));
      const users = Array.from({ length: 16 }, (_, i) => `user${i}`);
      const results = await Promise.all(
        [...users, ...users].map((u) => db.messages.addReaction(m!, '🔥', u)),
      );
      assert.equal(results.filter(Boolean).length, users.length);
      const reacted = (await db.messages.findById(m!))?.reactions['🔥'] ?? [];
      assert.deepEqual([...reacted].sort(), [...users].sort());
    }));
}
