import type { Expression, ExpressionBuilder, Selectable, SqlBool } from 'kysely';
import { sql } from '../sql/kysely';
import type { StoredFile } from '../rows';
import type {
  JsonObject,
  MessageInteractions,
  MessageMasquerade,
  MessagePatch,
  MessageRow,
  MessageStore,
  MessageSystem,
  MessageWebhook,
} from './messages.store';
import { affected, uniqueWrite, type SqlContext } from '../sql/context';
import type { Bool, Int, Json, Millis } from '../sql/columns';

/** A row of `messages` as the SQL drivers see it. */
export interface MessagesTable {
  id: string;
  channel_id: string;
  author_id: string;
  webhook: Json | null;
  content: string | null;
  system: Json | null;
  attachments: Json | null;
  edited: Millis | null;
  embeds: Json | null;
  mentions: Json | null;
  role_mentions: Json | null;
  replies: Json | null;
  interactions: Json | null;
  masquerade: Json | null;
  pinned: Bool;
  flags: Int;
}

/** A row of `message_reactions`: one user's reaction; `seq` keeps the order they came in. */
export interface MessageReactionsTable {
  seq: Int;
  message_id: string;
  emoji: string;
  user_id: string;
}

/** The tables of the messages domain, keyed by SQL name. */
export interface MessagesTables {
  messages: MessagesTable;
  message_reactions: MessageReactionsTable;
}

type Ctx = SqlContext<MessagesTables>;
type Where = ExpressionBuilder<MessagesTables, 'messages'>;

// Stays well under SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;

function toColumns(ctx: Ctx, patch: MessagePatch): Partial<MessagesTable> {
  const { codec } = ctx;
  const out: Partial<MessagesTable> = {};
  if (patch.webhook !== undefined) out.webhook = codec.json(patch.webhook);
  if (patch.content !== undefined) out.content = patch.content;
  if (patch.system !== undefined) out.system = codec.json(patch.system);
  if (patch.attachments !== undefined) out.attachments = codec.json(patch.attachments);
  if (patch.edited !== undefined) out.edited = patch.edited;
  if (patch.embeds !== undefined) out.embeds = codec.json(patch.embeds);
  if (patch.mentions !== undefined) out.mentions = codec.json(patch.mentions);
  if (patch.roleMentions !== undefined) out.role_mentions = codec.json(patch.roleMentions);
  if (patch.replies !== undefined) out.replies = codec.json(patch.replies);
  if (patch.interactions !== undefined) out.interactions = codec.json(patch.interactions);
  if (patch.masquerade !== undefined) out.masquerade = codec.json(patch.masquerade);
  if (patch.pinned !== undefined) out.pinned = codec.bool(patch.pinned);
  if (patch.flags !== undefined) out.flags = patch.flags;
  return out;
}

function toRow(
  ctx: Ctx,
  r: Selectable<MessagesTable>,
  reactions: Record<string, string[]>,
): MessageRow {
  const { codec } = ctx;
  return {
    id: r.id,
    channelId: r.channel_id,
    authorId: r.author_id,
    webhook: codec.readJson<MessageWebhook | null>(r.webhook),
    content: r.content,
    system: codec.readJson<MessageSystem | null>(r.system),
    attachments: codec.readJson<StoredFile[] | null>(r.attachments),
    edited: codec.readNullableInt(r.edited),
    embeds: codec.readJson<JsonObject[] | null>(r.embeds),
    mentions: codec.readJson<string[] | null>(r.mentions),
    roleMentions: codec.readJson<string[] | null>(r.role_mentions),
    replies: codec.readJson<string[] | null>(r.replies),
    reactions,
    interactions: codec.readJson<MessageInteractions | null>(r.interactions),
    masquerade: codec.readJson<MessageMasquerade | null>(r.masquerade),
    pinned: codec.readBool(r.pinned),
    flags: codec.readInt(r.flags),
  };
}

/** Message rows with their reactions, in the given order. */
async function withReactions(ctx: Ctx, rows: Selectable<MessagesTable>[]): Promise<MessageRow[]> {
  const byMessage = new Map<string, Record<string, string[]>>();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const reactions = await ctx.db
      .selectFrom('message_reactions')
      .select(['message_id', 'emoji', 'user_id'])
      .where('message_id', 'in', ids.slice(i, i + CHUNK))
      .orderBy('seq')
      .execute();
    for (const r of reactions) {
      const map = byMessage.get(r.message_id) ?? {};
      (map[r.emoji] ??= []).push(r.user_id);
      byMessage.set(r.message_id, map);
    }
  }
  return rows.map((r) => toRow(ctx, r, byMessage.get(r.id) ?? {}));
}

/** `%word%` for LIKE, with LIKE's wildcards and the escape character taken literally. */
function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** MessageStore over Kysely, for both dialects. */
export function sqlMessageStore(ctx: Ctx): MessageStore {
  const page = async (
    channelId: string,
    options: { before?: string; after?: string; newestFirst: boolean; limit: number },
    filter?: (eb: Where) => Expression<SqlBool>,
  ) => {
    let query = ctx.db.selectFrom('messages').selectAll().where('channel_id', '=', channelId);
    if (options.before !== undefined) query = query.where('id', '<', options.before);
    if (options.after !== undefined) query = query.where('id', '>', options.after);
    if (filter) query = query.where(filter);
    return query
      .orderBy('id', options.newestFirst ? 'desc' : 'asc')
      .limit(Math.max(0, Math.floor(options.limit)))
      .execute();
  };

  const findById = async (id: string): Promise<MessageRow | null> => {
    const r = await ctx.db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? ((await withReactions(ctx, [r]))[0] ?? null) : null;
  };

  return {
    async create(row) {
      const { id, channelId, authorId, ...rest } = row;
      const values = {
        id,
        channel_id: channelId,
        author_id: authorId,
        ...toColumns(ctx, rest),
      } as MessagesTable;
      await uniqueWrite(ctx, () => ctx.db.insertInto('messages').values(values).execute());
    },
    findById,
    async findMany(ids) {
      const unique = [...new Set(ids)];
      const found = new Map<string, MessageRow>();
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await ctx.db
          .selectFrom('messages')
          .selectAll()
          .where('id', 'in', unique.slice(i, i + CHUNK))
          .execute();
        for (const m of await withReactions(ctx, rows)) found.set(m.id, m);
      }
      return unique.flatMap((id) => found.get(id) ?? []);
    },
    async list(channelId, query) {
      if (query.nearby !== undefined) {
        const half = Math.floor(query.limit / 2);
        const newer = await page(channelId, { newestFirst: false, limit: half + 1 }, (eb) =>
          eb.and([eb('id', '>=', query.nearby!)]),
        );
        const older = await page(channelId, {
          before: query.nearby,
          newestFirst: true,
          limit: half,
        });
        return withReactions(ctx, [...older.reverse(), ...newer]);
      }
      const rows = await page(channelId, {
        before: query.before,
        after: query.after,
        newestFirst: query.sort !== 'Oldest',
        limit: query.limit,
      });
      return withReactions(ctx, rows);
    },
    async search(channelId, search) {
      const words = (search.query ?? '').split(/\s+/).filter((w) => w.length > 0);
      // SQLite's LIKE folds ASCII case only; PostgreSQL's ILIKE folds every letter.
      const op = ctx.dialect === 'postgres' ? sql.raw('ilike') : sql.raw('like');
      const rows = await page(
        channelId,
        {
          before: search.before,
          after: search.after,
          newestFirst: search.sort !== 'Oldest',
          limit: search.limit,
        },
        (eb) =>
          eb.and([
            ...words.map(
              (w) => sql<boolean>`${eb.ref('content')} ${op} ${containsPattern(w)} escape '\\'`,
            ),
            ...(search.pinned === undefined
              ? []
              : [eb('pinned', '=', ctx.codec.bool(search.pinned))]),
          ]),
      );
      return withReactions(ctx, rows);
    },
    async update(id, patch) {
      const columns = toColumns(ctx, patch);
      if (Object.keys(columns).length === 0) return (await findById(id)) !== null;
      const result = await ctx.db
        .updateTable('messages')
        .set(columns)
        .where('id', '=', id)
        .executeTakeFirst();
      return affected(result) > 0;
    },
    async setPinned(id, pinned) {
      const value = ctx.codec.bool(pinned);
      const result = await ctx.db
        .updateTable('messages')
        .set({ pinned: value })
        .where('id', '=', id)
        .where('pinned', '!=', value)
        .executeTakeFirst();
      return affected(result) > 0;
    },
    async delete(id) {
      const result = await ctx.db.deleteFrom('messages').where('id', '=', id).executeTakeFirst();
      return affected(result) > 0;
    },
    async deleteMany(channelId, ids) {
      const unique = [...new Set(ids)];
      const removed: string[] = [];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await ctx.db
          .deleteFrom('messages')
          .where('channel_id', '=', channelId)
          .where('id', 'in', unique.slice(i, i + CHUNK))
          .returning('id')
          .execute();
        removed.push(...rows.map((r) => r.id));
      }
      return removed.sort();
    },
    async addReaction(id, emoji, userId) {
      // One statement: a concurrent add of the same reaction or a deleted message is a no-op.
      const result = await ctx.db
        .insertInto('message_reactions')
        .columns(['message_id', 'emoji', 'user_id'])
        .expression((eb) =>
          eb
            .selectFrom('messages')
            .select([
              eb.val(id).as('message_id'),
              eb.val(emoji).as('emoji'),
              eb.val(userId).as('user_id'),
            ])
            .where('messages.id', '=', id),
        )
        .onConflict((oc) => oc.columns(['message_id', 'emoji', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async removeReaction(id, emoji, userId) {
      const result = await ctx.db
        .deleteFrom('message_reactions')
        .where('message_id', '=', id)
        .where('emoji', '=', emoji)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return affected(result) > 0;
    },
    async clearReaction(id, emoji) {
      const rows = await ctx.db
        .deleteFrom('message_reactions')
        .where('message_id', '=', id)
        .where('emoji', '=', emoji)
        .returning(['user_id', 'seq'])
        .execute();
      return rows
        .sort((a, b) => ctx.codec.readInt(a.seq) - ctx.codec.readInt(b.seq))
        .map((r) => r.user_id);
    },
  };
}
