import type { Selectable } from 'kysely';
import type { PushSubscription, SessionPatch, SessionRow, SessionStore } from './sessions.store';
import { affected, uniqueWrite, type SqlContext } from '../sql/context';
import type { Json, Millis } from '../sql/columns';

/** A row of `sessions` as the SQL drivers see it. */
export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  name: string;
  last_seen: Millis;
  origin: string | null;
  subscription: Json | null;
  created_at: Millis;
}

/** The table of the sessions domain, keyed by SQL name. */
export interface SessionsTables {
  sessions: SessionsTable;
}

function toColumns(ctx: SqlContext<SessionsTables>, patch: SessionPatch): Partial<SessionsTable> {
  const out: Partial<SessionsTable> = {};
  if (patch.name !== undefined) out.name = patch.name;
  if (patch.lastSeen !== undefined) out.last_seen = patch.lastSeen;
  if (patch.subscription !== undefined) out.subscription = ctx.codec.json(patch.subscription);
  return out;
}

function toRow(ctx: SqlContext<SessionsTables>, r: Selectable<SessionsTable>): SessionRow {
  return {
    id: r.id,
    userId: r.user_id,
    tokenHash: r.token_hash,
    name: r.name,
    lastSeen: ctx.codec.readInt(r.last_seen),
    origin: r.origin,
    subscription: ctx.codec.readJson<PushSubscription | null>(r.subscription),
    createdAt: ctx.codec.readInt(r.created_at),
  };
}

/** SessionStore over Kysely, for both dialects. */
export function sqlSessionStore(ctx: SqlContext<SessionsTables>): SessionStore {
  const findBy = async (column: 'id' | 'token_hash', value: string) => {
    const r = await ctx.db
      .selectFrom('sessions')
      .selectAll()
      .where(column, '=', value)
      .executeTakeFirst();
    return r ? toRow(ctx, r) : null;
  };

  return {
    async create(row) {
      const values: SessionsTable = {
        id: row.id,
        user_id: row.userId,
        token_hash: row.tokenHash,
        name: row.name,
        last_seen: row.lastSeen,
        origin: row.origin,
        subscription: ctx.codec.json(row.subscription),
        created_at: row.createdAt,
      };
      await uniqueWrite(ctx, () => ctx.db.insertInto('sessions').values(values).execute());
    },
    findByTokenHash: (hash) => findBy('token_hash', hash),
    findById: (id) => findBy('id', id),
    async listByUser(userId) {
      const rows = await ctx.db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => toRow(ctx, r));
    },
    async listSubscribed(userIds) {
      if (userIds.length === 0) return [];
      const rows = await ctx.db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', 'in', [...new Set(userIds)])
        .where('subscription', 'is not', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => toRow(ctx, r));
    },
    async update(id, patch) {
      const columns = toColumns(ctx, patch);
      if (Object.keys(columns).length === 0) return (await findBy('id', id)) !== null;
      const result = await ctx.db
        .updateTable('sessions')
        .set(columns)
        .where('id', '=', id)
        .executeTakeFirst();
      return affected(result) > 0;
    },
    async delete(id) {
      const result = await ctx.db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
      return affected(result) > 0;
    },
    async deleteByUser(userId, options) {
      let query = ctx.db.deleteFrom('sessions').where('user_id', '=', userId);
      if (options?.exceptId !== undefined) query = query.where('id', '!=', options.exceptId);
      const rows = await query.returning('id').execute();
      return rows.map((r) => r.id);
    },
  };
}
