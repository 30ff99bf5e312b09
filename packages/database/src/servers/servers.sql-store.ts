import type { Selectable } from 'kysely';
import type { StoredFile } from '../rows';
import type {
  PermissionOverride,
  RolePatch,
  RoleRow,
  ServerCategory,
  ServerPatch,
  ServerRow,
  ServerStore,
  ServerSystemMessages,
} from './servers.store';
import { affected, atomic, uniqueWrite, type SqlContext } from '../sql/context';
import type { Bool, Int, Json } from '../sql/columns';

/** A row of `servers` as the SQL drivers see it. */
export interface ServersTable {
  id: string;
  owner_id: string;
  name: string;
  description: string | null;
  channels: Json;
  categories: Json | null;
  system_messages: Json | null;
  default_permissions: Int;
  icon: Json | null;
  banner: Json | null;
  flags: Int;
  nsfw: Bool;
  analytics: Bool;
  discoverable: Bool;
}

/** A row of `server_roles` as the SQL drivers see it. */
export interface ServerRolesTable {
  server_id: string;
  id: string;
  name: string;
  permissions: Json;
  colour: string | null;
  hoist: Bool;
  rank: Int;
  icon: Json | null;
}

/** The tables of the servers domain, keyed by SQL name. */
export interface ServersTables {
  servers: ServersTable;
  server_roles: ServerRolesTable;
}

type Ctx = SqlContext<ServersTables>;

// Stays well under SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;

function serverColumns(ctx: Ctx, patch: ServerPatch): Partial<ServersTable> {
  const { codec } = ctx;
  const out: Partial<ServersTable> = {};
  if (patch.ownerId !== undefined) out.owner_id = patch.ownerId;
  if (patch.name !== undefined) out.name = patch.name;
  if (patch.description !== undefined) out.description = patch.description;
  if (patch.channels !== undefined) out.channels = codec.json(patch.channels);
  if (patch.categories !== undefined) out.categories = codec.json(patch.categories);
  if (patch.systemMessages !== undefined) out.system_messages = codec.json(patch.systemMessages);
  if (patch.defaultPermissions !== undefined) out.default_permissions = patch.defaultPermissions;
  if (patch.icon !== undefined) out.icon = codec.json(patch.icon);
  if (patch.banner !== undefined) out.banner = codec.json(patch.banner);
  if (patch.flags !== undefined) out.flags = patch.flags;
  if (patch.nsfw !== undefined) out.nsfw = codec.bool(patch.nsfw);
  if (patch.analytics !== undefined) out.analytics = codec.bool(patch.analytics);
  if (patch.discoverable !== undefined) out.discoverable = codec.bool(patch.discoverable);
  return out;
}

function toServer(ctx: Ctx, r: Selectable<ServersTable>): ServerRow {
  const { codec } = ctx;
  return {
    id: r.id,
    ownerId: r.owner_id,
    name: r.name,
    description: r.description,
    channels: codec.readJson<string[]>(r.channels),
    categories: codec.readJson<ServerCategory[] | null>(r.categories),
    systemMessages: codec.readJson<ServerSystemMessages | null>(r.system_messages),
    defaultPermissions: codec.readInt(r.default_permissions),
    icon: codec.readJson<StoredFile | null>(r.icon),
    banner: codec.readJson<StoredFile | null>(r.banner),
    flags: codec.readInt(r.flags),
    nsfw: codec.readBool(r.nsfw),
    analytics: codec.readBool(r.analytics),
    discoverable: codec.readBool(r.discoverable),
  };
}

function roleColumns(ctx: Ctx, patch: RolePatch): Partial<ServerRolesTable> {
  const { codec } = ctx;
  const out: Partial<ServerRolesTable> = {};
  if (patch.name !== undefined) out.name = patch.name;
  if (patch.permissions !== undefined) out.permissions = codec.json(patch.permissions);
  if (patch.colour !== undefined) out.colour = patch.colour;
  if (patch.hoist !== undefined) out.hoist = codec.bool(patch.hoist);
  if (patch.rank !== undefined) out.rank = patch.rank;
  if (patch.icon !== undefined) out.icon = codec.json(patch.icon);
  return out;
}

function toRole(ctx: Ctx, r: Selectable<ServerRolesTable>): RoleRow {
  const { codec } = ctx;
  return {
    id: r.id,
    serverId: r.server_id,
    name: r.name,
    permissions: codec.readJson<PermissionOverride>(r.permissions),
    colour: r.colour,
    hoist: codec.readBool(r.hoist),
    rank: codec.readInt(r.rank),
    icon: codec.readJson<StoredFile | null>(r.icon),
  };
}

/** ServerStore over Kysely, for both dialects. */
export function sqlServerStore(ctx: Ctx): ServerStore {
  const findById = async (id: string): Promise<ServerRow | null> => {
    const r = await ctx.db
      .selectFrom('servers')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toServer(ctx, r) : null;
  };
  const findRole = async (serverId: string, roleId: string): Promise<RoleRow | null> => {
    const r = await ctx.db
      .selectFrom('server_roles')
      .selectAll()
      .where('server_id', '=', serverId)
      .where('id', '=', roleId)
      .executeTakeFirst();
    return r ? toRole(ctx, r) : null;
  };
  const listRoles = async (c: Ctx, serverId: string): Promise<RoleRow[]> => {
    const rows = await c.db
      .selectFrom('server_roles')
      .selectAll()
      .where('server_id', '=', serverId)
      .orderBy('rank')
      .orderBy('id')
      .execute();
    return rows.map((r) => toRole(c, r));
  };

  return {
    async create(row) {
      const { id, ...rest } = row;
      const values = { id, ...serverColumns(ctx, rest) } as ServersTable;
      await uniqueWrite(ctx, () => ctx.db.insertInto('servers').values(values).execute());
    },
    findById,
    async findMany(ids) {
      const unique = [...new Set(ids)];
      const found = new Map<string, ServerRow>();
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await ctx.db
          .selectFrom('servers')
          .selectAll()
          .where('id', 'in', unique.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) found.set(r.id, toServer(ctx, r));
      }
      return unique.flatMap((id) => found.get(id) ?? []);
    },
    async update(id, patch) {
      const columns = serverColumns(ctx, patch);
      if (Object.keys(columns).length === 0) return (await findById(id)) !== null;
      const result = await ctx.db
        .updateTable('servers')
        .set(columns)
        .where('id', '=', id)
        .executeTakeFirst();
      return affected(result) > 0;
    },
    async delete(id) {
      const result = await ctx.db.deleteFrom('servers').where('id', '=', id).executeTakeFirst();
      return affected(result) > 0;
    },
    async createRole(row) {
      const { id, serverId, ...rest } = row;
      const values = { id, server_id: serverId, ...roleColumns(ctx, rest) } as ServerRolesTable;
      await uniqueWrite(ctx, () => ctx.db.insertInto('server_roles').values(values).execute());
    },
    findRole,
    listRoles: (serverId) => listRoles(ctx, serverId),
    async listRolesOfServers(serverIds) {
      const unique = [...new Set(serverIds)];
      const out = new Map<string, RoleRow[]>();
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await ctx.db
          .selectFrom('server_roles')
          .selectAll()
          .where('server_id', 'in', unique.slice(i, i + CHUNK))
          .orderBy('server_id')
          .orderBy('rank')
          .orderBy('id')
          .execute();
        for (const r of rows) {
          const list = out.get(r.server_id) ?? [];
          list.push(toRole(ctx, r));
          out.set(r.server_id, list);
        }
      }
      return out;
    },
    async updateRole(serverId, roleId, patch) {
      const columns = roleColumns(ctx, patch);
      if (Object.keys(columns).length === 0) return (await findRole(serverId, roleId)) !== null;
      const result = await ctx.db
        .updateTable('server_roles')
        .set(columns)
        .where('server_id', '=', serverId)
        .where('id', '=', roleId)
        .executeTakeFirst();
      return affected(result) > 0;
    },
    async deleteRole(serverId, roleId) {
      const result = await ctx.db
        .deleteFrom('server_roles')
        .where('server_id', '=', serverId)
        .where('id', '=', roleId)
        .executeTakeFirst();
      return affected(result) > 0;
    },
    setRoleRanks(serverId, roleIds) {
      return atomic(ctx, async (tx) => {
        const current = (await listRoles(tx, serverId)).map((r) => r.id);
        const wanted = new Set(roleIds);
        if (wanted.size !== roleIds.length || wanted.size !== current.length) return false;
        if (!current.every((id) => wanted.has(id))) return false;
        for (const [rank, id] of roleIds.entries()) {
          await tx.db
            .updateTable('server_roles')
            .set({ rank })
            .where('server_id', '=', serverId)
            .where('id', '=', id)
            .execute();
        }
        return true;
      });
    },
  };
}
