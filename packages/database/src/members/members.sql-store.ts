import type { Selectable } from 'kysely';
import type { StoredFile } from '../rows';
import type { MemberPatch, MemberRow, MemberStore } from './members.store';
import { affected, uniqueWrite, type SqlContext } from '../sql/context';
import type { Bool, Json, Millis } from '../sql/columns';

/** A row of `members` as the SQL drivers see it. */
export interface MembersTable {
  server_id: string;
  user_id: string;
  joined_at: Millis;
  nickname: string | null;
  pronouns: string | null;
  avatar: Json | null;
  roles: Json;
  timeout: Millis | null;
  can_publish: Bool;
  can_receive: Bool;
}

/** The table of the members domain, keyed by SQL name. */
export interface MembersTables {
  members: MembersTable;
}

type Ctx = SqlContext<MembersTables>;

// Stays well under SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;

function toColumns(ctx: Ctx, patch: MemberPatch): Partial<MembersTable> {
  const { codec } = ctx;
  const out: Partial<MembersTable> = {};
  if (patch.joinedAt !== undefined) out.joined_at = patch.joinedAt;
  if (patch.nickname !== undefined) out.nickname = patch.nickname;
  if (patch.pronouns !== undefined) out.pronouns = patch.pronouns;
  if (patch.avatar !== undefined) out.avatar = codec.json(patch.avatar);
  if (patch.roles !== undefined) out.roles = codec.json(patch.roles);
  if (patch.timeout !== undefined) out.timeout = patch.timeout;
  if (patch.canPublish !== undefined) out.can_publish = codec.bool(patch.canPublish);
  if (patch.canReceive !== undefined) out.can_receive = codec.bool(patch.canReceive);
  return out;
}

function toRow(ctx: Ctx, r: Selectable<MembersTable>): MemberRow {
  const { codec } = ctx;
  return {
    serverId: r.server_id,
    userId: r.user_id,
    joinedAt: codec.readInt(r.joined_at),
    nickname: r.nickname,
    pronouns: r.pronouns,
    avatar: codec.readJson<StoredFile | null>(r.avatar),
    roles: codec.readJson<string[]>(r.roles),
    timeout: codec.readNullableInt(r.timeout),
    canPublish: codec.readBool(r.can_publish),
    canReceive: codec.readBool(r.can_receive),
  };
}

/** MemberStore over Kysely, for both dialects. */
export function sqlMemberStore(ctx: Ctx): MemberStore {
  const find = async (serverId: string, userId: string): Promise<MemberRow | null> => {
    const r = await ctx.db
      .selectFrom('members')
      .selectAll()
      .where('server_id', '=', serverId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return r ? toRow(ctx, r) : null;
  };

  return {
    async create(row) {
      const { serverId, userId, ...rest } = row;
      const values = { server_id: serverId, user_id: userId, ...toColumns(ctx, rest) };
      await uniqueWrite(ctx, () =>
        ctx.db
          .insertInto('members')
          .values(values as MembersTable)
          .execute(),
      );
    },
    find,
    async findMany(serverId, userIds) {
      const unique = [...new Set(userIds)];
      const found = new Map<string, MemberRow>();
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await ctx.db
          .selectFrom('members')
          .selectAll()
          .where('server_id', '=', serverId)
          .where('user_id', 'in', unique.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) found.set(r.user_id, toRow(ctx, r));
      }
      return unique.flatMap((id) => found.get(id) ?? []);
    },
    async listByServer(serverId) {
      const rows = await ctx.db
        .selectFrom('members')
        .selectAll()
        .where('server_id', '=', serverId)
        .orderBy('user_id')
        .execute();
      return rows.map((r) => toRow(ctx, r));
    },
    async listByUser(userId) {
      const rows = await ctx.db
        .selectFrom('members')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('server_id')
        .execute();
      return rows.map((r) => toRow(ctx, r));
    },
    async count(serverId) {
      const r = await ctx.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('server_id', '=', serverId)
        .executeTakeFirstOrThrow();
      return ctx.codec.readInt(r.n);
    },
    async update(serverId, userId, patch) {
      const columns = toColumns(ctx, patch);
      if (Object.keys(columns).length === 0) return (await find(serverId, userId)) !== null;
      const result = await ctx.db
        .updateTable('members')
        .set(columns)
        .where('server_id', '=', serverId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return affected(result) > 0;
    },
    async delete(serverId, userId) {
      const result = await ctx.db
        .deleteFrom('members')
        .where('server_id', '=', serverId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return affected(result) > 0;
    },
  };
}
