import type { InviteRow, InviteStore } from './invites.store';
import { affected, uniqueWrite, type SqlContext } from '../sql/context';

/** A row of `invites` as the SQL drivers see it. */
export interface InvitesTable {
  code: string;
  server_id: string | null;
  channel_id: string;
  creator_id: string;
}

/** The table of the invites domain, keyed by SQL name. */
export interface InvitesTables {
  invites: InvitesTable;
}

function toRow(r: InvitesTable): InviteRow {
  return { code: r.code, serverId: r.server_id, channelId: r.channel_id, creatorId: r.creator_id };
}

/** InviteStore over Kysely, for both dialects. Codes are compared exactly (case-sensitive). */
export function sqlInviteStore(ctx: SqlContext<InvitesTables>): InviteStore {
  return {
    async create(row) {
      const values: InvitesTable = {
        code: row.code,
        server_id: row.serverId,
        channel_id: row.channelId,
        creator_id: row.creatorId,
      };
      await uniqueWrite(ctx, () => ctx.db.insertInto('invites').values(values).execute());
    },
    async find(code) {
      const r = await ctx.db
        .selectFrom('invites')
        .selectAll()
        .where('code', '=', code)
        .executeTakeFirst();
      return r ? toRow(r) : null;
    },
    async listByServer(serverId) {
      const rows = await ctx.db
        .selectFrom('invites')
        .selectAll()
        .where('server_id', '=', serverId)
        .orderBy('code')
        .execute();
      return rows.map(toRow);
    },
    async delete(code) {
      const result = await ctx.db.deleteFrom('invites').where('code', '=', code).executeTakeFirst();
      return affected(result) > 0;
    },
  };
}
