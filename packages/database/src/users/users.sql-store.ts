import type { Selectable } from 'kysely';
import type { StoredFile } from '../rows';
import type {
  UserBot,
  UserPatch,
  UserProfile,
  UserRow,
  UserStatus,
  UserStore,
} from './users.store';
import { affected, uniqueWrite, type SqlContext } from '../sql/context';
import type { Json, Bool, Millis, Int } from '../sql/columns';

/** A row of `users` as the SQL drivers see it. */
export interface UsersTable {
  id: string;
  username: string;
  username_lower: string;
  discriminator: string;
  display_name: string | null;
  pronouns: string | null;
  avatar: Json | null;
  badges: Int;
  status: Json | null;
  profile: Json | null;
  flags: Int;
  privileged: Bool;
  bot: Json | null;
  bot_owner: string | null;
  last_discriminator_change: Millis | null;
  last_acknowledged_policy_change: Millis | null;
  created_at: Millis;
}

/** The table of the users domain, keyed by SQL name. */
export interface UsersTables {
  users: UsersTable;
}

// Stays well under SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;

/** The case-insensitive key of a username. */
function lower(username: string): string {
  return username.toLowerCase();
}

function toColumns(ctx: SqlContext<UsersTables>, patch: UserPatch): Partial<UsersTable> {
  const { codec } = ctx;
  const out: Partial<UsersTable> = {};
  if (patch.username !== undefined) {
    out.username = patch.username;
    out.username_lower = lower(patch.username);
  }
  if (patch.discriminator !== undefined) out.discriminator = patch.discriminator;
  if (patch.displayName !== undefined) out.display_name = patch.displayName;
  if (patch.pronouns !== undefined) out.pronouns = patch.pronouns;
  if (patch.avatar !== undefined) out.avatar = codec.json(patch.avatar);
  if (patch.badges !== undefined) out.badges = patch.badges;
  if (patch.status !== undefined) out.status = codec.json(patch.status);
  if (patch.profile !== undefined) out.profile = codec.json(patch.profile);
  if (patch.flags !== undefined) out.flags = patch.flags;
  if (patch.privileged !== undefined) out.privileged = codec.bool(patch.privileged);
  if (patch.bot !== undefined) {
    out.bot = codec.json(patch.bot);
    out.bot_owner = patch.bot?.owner ?? null;
  }
  if (patch.lastDiscriminatorChange !== undefined) {
    out.last_discriminator_change = patch.lastDiscriminatorChange;
  }
  if (patch.lastAcknowledgedPolicyChange !== undefined) {
    out.last_acknowledged_policy_change = patch.lastAcknowledgedPolicyChange;
  }
  if (patch.createdAt !== undefined) out.created_at = patch.createdAt;
  return out;
}

function toRow(ctx: SqlContext<UsersTables>, r: Selectable<UsersTable>): UserRow {
  const { codec } = ctx;
  return {
    id: r.id,
    username: r.username,
    discriminator: r.discriminator,
    displayName: r.display_name,
    pronouns: r.pronouns,
    avatar: codec.readJson<StoredFile | null>(r.avatar),
    badges: codec.readInt(r.badges),
    status: codec.readJson<UserStatus | null>(r.status),
    profile: codec.readJson<UserProfile | null>(r.profile),
    flags: codec.readInt(r.flags),
    privileged: codec.readBool(r.privileged),
    bot: codec.readJson<UserBot | null>(r.bot),
    lastDiscriminatorChange: codec.readNullableInt(r.last_discriminator_change),
    lastAcknowledgedPolicyChange: codec.readNullableInt(r.last_acknowledged_policy_change),
    createdAt: codec.readInt(r.created_at),
  };
}

/** UserStore over Kysely, for both dialects. */
export function sqlUserStore(ctx: SqlContext<UsersTables>): UserStore {
  const findById = async (id: string): Promise<UserRow | null> => {
    const r = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toRow(ctx, r) : null;
  };

  return {
    async create(row) {
      const { id, ...rest } = row;
      const values = { id, ...toColumns(ctx, rest) } as UsersTable;
      await uniqueWrite(ctx, () => ctx.db.insertInto('users').values(values).execute());
    },
    findById,
    async findMany(ids) {
      const unique = [...new Set(ids)];
      const found = new Map<string, UserRow>();
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await ctx.db
          .selectFrom('users')
          .selectAll()
          .where('id', 'in', unique.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) found.set(r.id, toRow(ctx, r));
      }
      return unique.flatMap((id) => found.get(id) ?? []);
    },
    async findByUsername(username, discriminator) {
      const r = await ctx.db
        .selectFrom('users')
        .selectAll()
        .where('username_lower', '=', lower(username))
        .where('discriminator', '=', discriminator)
        .executeTakeFirst();
      return r ? toRow(ctx, r) : null;
    },
    async discriminatorsInUse(username) {
      const rows = await ctx.db
        .selectFrom('users')
        .select('discriminator')
        .where('username_lower', '=', lower(username))
        .orderBy('discriminator')
        .execute();
      return rows.map((r) => r.discriminator);
    },
    async update(id, patch) {
      const columns = toColumns(ctx, patch);
      if (Object.keys(columns).length === 0) return (await findById(id)) !== null;
      const result = await uniqueWrite(ctx, () =>
        ctx.db.updateTable('users').set(columns).where('id', '=', id).executeTakeFirst(),
      );
      return affected(result) > 0;
    },
  };
}
