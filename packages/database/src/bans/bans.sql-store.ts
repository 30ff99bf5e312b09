import type { BanStore } from './bans.store';
import { affected, uniqueWrite, type SqlContext } from '../sql/context';

/** A row of `bans` as the SQL drivers see it. */
export interface BansTable {
  server_id: string;
  user_id: string;
  reason: string | null;
}

/** The table of the bans domain, keyed by SQL name. */
export interface BansTables {
  bans: BansTable;
}

const toRow = (r: BansTable) => ({ serverId: r.server_id, userId: r.user_id, reason: r.reason });

/** BanStore over Kysely, for both dialects. */
export function sqlBanStore(ctx: SqlContext<BansTables>): BanStore {
  return {
    async create(row) {
      const values = { server_id: row.serverId, user_id: row.userId, reason: row.reason };
      await uniqueWrite(ctx, () => ctx.db.insertInto('bans').values(values).execute());
    },
    async find(serverId, userId) {
      const r = await ctx.db
        .selectFrom('bans')
        .selectAll()
        .where('server_id', '=', serverId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return r ? toRow(r) : null;
    },
    async listByServer(serverId) {
      const rows = await ctx.db
        .selectFrom('bans')
        .selectAll()
        .where('server_id', '=', serverId)
        .orderBy('user_id')
        .execute();
      return rows.map(toRow);
    },
    async delete(serverId, userId) {
      const result = await ctx.db
        .deleteFrom('bans')
        .where('server_id', '=', serverId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return affected(result) > 0;
    },
  };
}
