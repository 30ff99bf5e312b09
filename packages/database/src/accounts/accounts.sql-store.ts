import type { Selectable } from 'kysely';
import type {
  AccountDeletion,
  AccountLockout,
  AccountPasswordReset,
  AccountPatch,
  AccountRow,
  AccountStore,
  AccountVerification,
} from './accounts.store';
import { affected, atomic, uniqueWrite, type SqlContext } from '../sql/context';
import type { Json, Bool, Millis } from '../sql/columns';

/** A row of `accounts` as the SQL drivers see it. */
export interface AccountsTable {
  id: string;
  email: string;
  email_normalised: string;
  password_hash: string;
  disabled: Bool;
  verification: Json;
  verification_token: string | null;
  password_reset: Json | null;
  password_reset_token: string | null;
  deletion: Json | null;
  deletion_token: string | null;
  deletion_after: Millis | null;
  lockout: Json | null;
  mfa: Json;
  created_at: Millis;
}

/** The table of the accounts domain, keyed by SQL name. */
export interface AccountsTables {
  accounts: AccountsTable;
}

type Columns = Partial<AccountsTable>;

function verificationToken(v: AccountVerification): string | null {
  return v.status === 'Verified' ? null : v.token;
}

function deletionToken(d: AccountDeletion | null): string | null {
  return d?.status === 'WaitingForVerification' ? d.token : null;
}

function deletionAfter(d: AccountDeletion | null): number | null {
  return d?.status === 'Scheduled' ? d.after : null;
}

// Token and schedule columns are copies of fields inside the JSON columns, kept for indexed lookups.
function toColumns(ctx: SqlContext<AccountsTables>, patch: AccountPatch): Columns {
  const { codec } = ctx;
  const out: Columns = {};
  if (patch.email !== undefined) out.email = patch.email;
  if (patch.emailNormalised !== undefined) out.email_normalised = patch.emailNormalised;
  if (patch.passwordHash !== undefined) out.password_hash = patch.passwordHash;
  if (patch.disabled !== undefined) out.disabled = codec.bool(patch.disabled);
  if (patch.verification !== undefined) {
    out.verification = codec.json(patch.verification);
    out.verification_token = verificationToken(patch.verification);
  }
  if (patch.passwordReset !== undefined) {
    out.password_reset = codec.json(patch.passwordReset);
    out.password_reset_token = patch.passwordReset?.token ?? null;
  }
  if (patch.deletion !== undefined) {
    out.deletion = codec.json(patch.deletion);
    out.deletion_token = deletionToken(patch.deletion);
    out.deletion_after = deletionAfter(patch.deletion);
  }
  if (patch.lockout !== undefined) out.lockout = codec.json(patch.lockout);
  if (patch.mfa !== undefined) out.mfa = codec.json(patch.mfa);
  if (patch.createdAt !== undefined) out.created_at = patch.createdAt;
  return out;
}

function toRow(ctx: SqlContext<AccountsTables>, r: Selectable<AccountsTable>): AccountRow {
  const { codec } = ctx;
  return {
    id: r.id,
    email: r.email,
    emailNormalised: r.email_normalised,
    passwordHash: r.password_hash,
    disabled: codec.readBool(r.disabled),
    verification: codec.readJson<AccountVerification>(r.verification),
    passwordReset: codec.readJson<AccountPasswordReset | null>(r.password_reset),
    deletion: codec.readJson<AccountDeletion | null>(r.deletion),
    lockout: codec.readJson<AccountRow['lockout']>(r.lockout),
    mfa: codec.readJson<AccountRow['mfa']>(r.mfa),
    createdAt: codec.readInt(r.created_at),
  };
}

/** AccountStore over Kysely, for both dialects. */
export function sqlAccountStore(ctx: SqlContext<AccountsTables>): AccountStore {
  const findBy = async (
    column:
      'id' | 'email_normalised' | 'verification_token' | 'password_reset_token' | 'deletion_token',
    value: string,
  ): Promise<AccountRow | null> => {
    const r = await ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where(column, '=', value)
      .executeTakeFirst();
    return r ? toRow(ctx, r) : null;
  };

  return {
    async create(row) {
      const { id, ...rest } = row;
      const values = { id, ...toColumns(ctx, rest) } as AccountsTable;
      await uniqueWrite(ctx, () => ctx.db.insertInto('accounts').values(values).execute());
    },
    findById: (id) => findBy('id', id),
    findByEmail: (email) => findBy('email_normalised', email),
    findByVerificationToken: (token) => findBy('verification_token', token),
    findByPasswordResetToken: (token) => findBy('password_reset_token', token),
    findByDeletionToken: (token) => findBy('deletion_token', token),
    async listDueDeletions(nowMs) {
      const rows = await ctx.db
        .selectFrom('accounts')
        .select('id')
        .where('deletion_after', '<=', nowMs)
        .orderBy('deletion_after')
        .execute();
      return rows.map((r) => r.id);
    },
    async update(id, patch) {
      const columns = toColumns(ctx, patch);
      if (Object.keys(columns).length === 0) return (await findBy('id', id)) !== null;
      const result = await uniqueWrite(ctx, () =>
        ctx.db.updateTable('accounts').set(columns).where('id', '=', id).executeTakeFirst(),
      );
      return affected(result) > 0;
    },
    takeLoginAttempt(id, nowMs, next) {
      return atomic(ctx, async (tx) => {
        // SQLite runs one write transaction at a time (`begin immediate`); PostgreSQL needs the
        // row lock so that concurrent attempts read each other's count.
        let query = tx.db.selectFrom('accounts').select('lockout').where('id', '=', id);
        if (tx.dialect === 'postgres') query = query.forUpdate();
        const r = await query.executeTakeFirst();
        if (!r) return null;
        const previous = tx.codec.readJson<AccountLockout | null>(r.lockout);
        if (previous?.expiry != null && previous.expiry > nowMs) {
          return { allowed: false, lockout: previous };
        }
        const lockout = next(previous);
        await tx.db
          .updateTable('accounts')
          .set({ lockout: tx.codec.json(lockout) })
          .where('id', '=', id)
          .execute();
        return { allowed: true, lockout };
      });
    },
    async delete(id) {
      const result = await ctx.db.deleteFrom('accounts').where('id', '=', id).executeTakeFirst();
      return affected(result) > 0;
    },
  };
}
