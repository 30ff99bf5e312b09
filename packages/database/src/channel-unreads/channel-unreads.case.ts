import assert from 'node:assert/strict';
import { test } from 'node:test';
import { monotonicFactory, ulid } from 'ulid';
import { textChannelRow } from '../channels/channels.fixtures';
import type { Database } from '../database';
import { withDatabase, type OpenDatabase } from '../fixtures';
import { messageRow } from '../messages/messages.fixtures';
import { createServer, createUsers } from '../servers/servers.fixtures';

/** Two channels of a fresh server, a reader, and `count` messages in the first (oldest first). */
async function setUp(db: Database, count: number) {
  const server = await createServer(db);
  const [c1, c2] = [textChannelRow(server.id), textChannelRow(server.id)];
  await db.channels.create(c1);
  await db.channels.create(c2);
  const [reader] = (await createUsers(db, 1)) as [string];
  const next = monotonicFactory();
  const messages: string[] = [];
  for (let i = 0; i < count; i++) {
    const row = messageRow(c1.id, server.ownerId, { id: next() });
    await db.messages.create(row);
    messages.push(row.id);
  }
  return { c1: c1.id, c2: c2.id, reader, owner: server.ownerId, messages };
}

/** Contract of ChannelUnreadStore, run once per driver. */
export function storeCases(open: OpenDatabase): void {
  test('channel unreads: ack records the last read id and never moves it back', () =>
    withDatabase(open, async (db) => {
      const { c1, reader, messages } = await setUp(db, 3);
      assert.equal(await db.channelUnreads.find(reader, c1), null);
      await db.channelUnreads.ack(reader, c1, messages[1]!);
      assert.deepEqual(await db.channelUnreads.find(reader, c1), {
        userId: reader,
        channelId: c1,
        lastId: messages[1],
        mentions: [],
      });
      await db.channelUnreads.ack(reader, c1, messages[0]!);
      assert.equal((await db.channelUnreads.find(reader, c1))?.lastId, messages[1]);
      await db.channelUnreads.ack(reader, c1, messages[2]!);
      assert.equal((await db.channelUnreads.find(reader, c1))?.lastId, messages[2]);
    }));

  test('channel unreads: mentions accumulate once each and an ack drops those it covers', () =>
    withDatabase(open, async (db) => {
      const { c1, reader, owner, messages } = await setUp(db, 3);
      for (const m of messages) await db.channelUnreads.addMentions(c1, m, [reader, reader, owner]);
      await db.channelUnreads.addMentions(c1, messages[0]!, [reader]);
      await db.channelUnreads.addMentions(c1, messages[0]!, []);
      assert.deepEqual(await db.channelUnreads.find(reader, c1), {
        userId: reader,
        channelId: c1,
        lastId: null,
        mentions: messages,
      });
      await db.channelUnreads.ack(reader, c1, messages[1]!);
      assert.deepEqual((await db.channelUnreads.find(reader, c1))?.mentions, [messages[2]]);
      assert.deepEqual((await db.channelUnreads.find(owner, c1))?.mentions, messages);
      await db.messages.delete(messages[2]!);
      assert.deepEqual((await db.channelUnreads.find(reader, c1))?.mentions, []);
    }));

  test('channel unreads: listByUser and ackMany cover several channels; they go with the channel', () =>
    withDatabase(open, async (db) => {
      const { c1, c2, reader, messages } = await setUp(db, 2);
      const later = messages[1]!;
      await db.channelUnreads.addMentions(c1, messages[0]!, [reader]);
      await db.channelUnreads.ackMany(reader, [{ channelId: c2, messageId: later }]);
      const expected = [
        { userId: reader, channelId: c1, lastId: null, mentions: [messages[0]] },
        { userId: reader, channelId: c2, lastId: later, mentions: [] },
      ].sort((a, b) => (a.channelId < b.channelId ? -1 : 1));
      assert.deepEqual(await db.channelUnreads.listByUser(reader), expected);
      await db.channelUnreads.ackMany(reader, [
        { channelId: c1, messageId: messages[1]! },
        { channelId: c2, messageId: messages[0]! },
      ]);
      assert.deepEqual(await db.channelUnreads.find(reader, c1), {
        userId: reader,
        channelId: c1,
        lastId: messages[1],
        mentions: [],
      });
      assert.equal((await db.channelUnreads.find(reader, c2))?.lastId, later);
      await db.channelUnreads.ackMany(reader, []);
      await db.channels.delete(c1);
      assert.deepEqual(
        (await db.channelUnreads.listByUser(reader)).map((u) => u.channelId),
        [c2],
      );
      assert.deepEqual(await db.channelUnreads.listByUser(ulid()), []);
    }));

  test('channel unreads: concurrent acks keep the newest id', () =>
    withDatabase(open, async (db) => {
      const { c1, reader, messages } = await setUp(db, 6);
      await Promise.all([...messages].reverse().map((m) => db.channelUnreads.ack(reader, c1, m)));
      assert.equal((await db.channelUnreads.find(reader, c1))?.lastId, messages[5]);
    }));
}
