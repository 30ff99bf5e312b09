import type { ChannelUnreadRow, ChannelUnreadStore } from './channel-unreads.store';
import { atomic, type SqlContext } from '../sql/context';

/** A row of `channel_unreads`: how far a user has read a channel. */
export interface ChannelUnreadsTable {
  user_id: string;
  channel_id: string;
  last_id: string | null;
}

/** A row of `channel_unread_mentions`: an unacknowledged message mentioning the user. */
export interface ChannelUnreadMentionsTable {
  user_id: string;
  channel_id: string;
  message_id: string;
}

/** The tables of the channel unreads domain, keyed by SQL name. */
export interface ChannelUnreadsTables {
  channel_unreads: ChannelUnreadsTable;
  channel_unread_mentions: ChannelUnreadMentionsTable;
}

type Ctx = SqlContext<ChannelUnreadsTables>;

async function ackOne(ctx: Ctx, userId: string, channelId: string, messageId: string) {
  await ctx.db
    .insertInto('channel_unreads')
    .values({ user_id: userId, channel_id: channelId, last_id: messageId })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'channel_id'])
        .doUpdateSet({ last_id: messageId })
        .where((eb) =>
          eb.or([
            eb('channel_unreads.last_id', 'is', null),
            eb('channel_unreads.last_id', '<', messageId),
          ]),
        ),
    )
    .execute();
  await ctx.db
    .deleteFrom('channel_unread_mentions')
    .where('user_id', '=', userId)
    .where('channel_id', '=', channelId)
    .where('message_id', '<=', messageId)
    .execute();
}

/** The user's states, optionally in one channel, by channel id. */
async function statesOf(ctx: Ctx, userId: string, channelId?: string): Promise<ChannelUnreadRow[]> {
  let reads = ctx.db
    .selectFrom('channel_unreads')
    .select(['channel_id', 'last_id'])
    .where('user_id', '=', userId);
  let mentions = ctx.db
    .selectFrom('channel_unread_mentions')
    .select(['channel_id', 'message_id'])
    .where('user_id', '=', userId);
  if (channelId !== undefined) {
    reads = reads.where('channel_id', '=', channelId);
    mentions = mentions.where('channel_id', '=', channelId);
  }
  const byChannel = new Map<string, ChannelUnreadRow>();
  const state = (id: string): ChannelUnreadRow => {
    let row = byChannel.get(id);
    if (!row) byChannel.set(id, (row = { userId, channelId: id, lastId: null, mentions: [] }));
    return row;
  };
  for (const r of await reads.execute()) state(r.channel_id).lastId = r.last_id;
  for (const m of await mentions.orderBy('message_id').execute()) {
    state(m.channel_id).mentions.push(m.message_id);
  }
  return [...byChannel.values()].sort((a, b) => (a.channelId < b.channelId ? -1 : 1));
}

/** ChannelUnreadStore over Kysely, for both dialects. */
export function sqlChannelUnreadStore(ctx: Ctx): ChannelUnreadStore {
  return {
    async find(userId, channelId) {
      return (await statesOf(ctx, userId, channelId))[0] ?? null;
    },
    listByUser: (userId) => statesOf(ctx, userId),
    ack: (userId, channelId, messageId) =>
      atomic(ctx, (tx) => ackOne(tx, userId, channelId, messageId)),
    ackMany: (userId, acks) =>
      atomic(ctx, async (tx) => {
        for (const a of acks) await ackOne(tx, userId, a.channelId, a.messageId);
      }),
    async addMentions(channelId, messageId, userIds) {
      const unique = [...new Set(userIds)];
      // Stays well under SQLite's and PostgreSQL's bound-parameter limits.
      for (let i = 0; i < unique.length; i += 200) {
        await ctx.db
          .insertInto('channel_unread_mentions')
          .values(
            unique
              .slice(i, i + 200)
              .map((userId) => ({ user_id: userId, channel_id: channelId, message_id: messageId })),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },
  };
}
