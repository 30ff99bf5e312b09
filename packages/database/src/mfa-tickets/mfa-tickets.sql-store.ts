import type { Selectable } from 'kysely';
import type { MfaTicketPatch, MfaTicketRow, MfaTicketStore } from './mfa-tickets.store';
import { affected, uniqueWrite, type SqlContext } from '../sql/context';
import type { Bool, Millis } from '../sql/columns';

/** A row of `mfa_tickets` as the SQL drivers see it. */
export interface MfaTicketsTable {
  id: string;
  account_id: string;
  token_hash: string;
  validated: Bool;
  authorised: Bool;
  last_totp_code: string | null;
  created_at: Millis;
}

/** The table of the MFA tickets domain, keyed by SQL name. */
export interface MfaTicketsTables {
  mfa_tickets: MfaTicketsTable;
}

function toColumns(
  ctx: SqlContext<MfaTicketsTables>,
  patch: MfaTicketPatch,
): Partial<MfaTicketsTable> {
  const out: Partial<MfaTicketsTable> = {};
  if (patch.validated !== undefined) out.validated = ctx.codec.bool(patch.validated);
  if (patch.authorised !== undefined) out.authorised = ctx.codec.bool(patch.authorised);
  if (patch.lastTotpCode !== undefined) out.last_totp_code = patch.lastTotpCode;
  return out;
}

function toRow(ctx: SqlContext<MfaTicketsTables>, r: Selectable<MfaTicketsTable>): MfaTicketRow {
  return {
    id: r.id,
    accountId: r.account_id,
    tokenHash: r.token_hash,
    validated: ctx.codec.readBool(r.validated),
    authorised: ctx.codec.readBool(r.authorised),
    lastTotpCode: r.last_totp_code,
    createdAt: ctx.codec.readInt(r.created_at),
  };
}

/** MfaTicketStore over Kysely, for both dialects. */
export function sqlMfaTicketStore(ctx: SqlContext<MfaTicketsTables>): MfaTicketStore {
  return {
    async create(row) {
      const values: MfaTicketsTable = {
        id: row.id,
        account_id: row.accountId,
        token_hash: row.tokenHash,
        validated: ctx.codec.bool(row.validated),
        authorised: ctx.codec.bool(row.authorised),
        last_totp_code: row.lastTotpCode,
        created_at: row.createdAt,
      };
      await uniqueWrite(ctx, () => ctx.db.insertInto('mfa_tickets').values(values).execute());
    },
    async findByTokenHash(tokenHash) {
      const r = await ctx.db
        .selectFrom('mfa_tickets')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return r ? toRow(ctx, r) : null;
    },
    async update(id, patch) {
      const columns = toColumns(ctx, patch);
      if (Object.keys(columns).length === 0) {
        const r = await ctx.db
          .selectFrom('mfa_tickets')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst();
        return r !== undefined;
      }
      const result = await ctx.db
        .updateTable('mfa_tickets')
        .set(columns)
        .where('id', '=', id)
        .executeTakeFirst();
      return affected(result) > 0;
    },
    async delete(id) {
      const result = await ctx.db.deleteFrom('mfa_tickets').where('id', '=', id).executeTakeFirst();
      return affected(result) > 0;
    },
    async deleteExpired(beforeMs) {
      const result = await ctx.db
        .deleteFrom('mfa_tickets')
        .where('created_at', '<', beforeMs)
        .executeTakeFirst();
      return affected(result);
    },
  };
}
