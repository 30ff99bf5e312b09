import type { Selectable } from 'kysely';
import type { StoredFile } from '../rows';
import type { PermissionOverride } from '../servers/servers.store';
import type {
  ChannelPatch,
  ChannelRow,
  ChannelStore,
  ChannelVoice,
  DirectMessageRow,
  SavedMessagesRow,
  TextChannelRow,
} from './channels.store';
import { affected, atomic, uniqueWrite, type SqlContext } from '../sql/context';
import type { Bool, Int, Json } from '../sql/columns';

/** A row of `channels` as the SQL drivers see it; columns a type lacks are null. */
export interface ChannelsTable {
  id: string;
  channel_type: string;
  server_id: string | null;
  /** The owner of a saved-messages channel (unique). */
  user_id: string | null;
  owner_id: string | null;
  /** The sorted pair of a direct message's users (unique). */
  dm_key: string | null;
  name: string | null;
  description: string | null;
  icon: Json | null;
  last_message_id: string | null;
  active: Bool | null;
  permissions: Int | null;
  default_permissions: Json | null;
  role_permissions: Json | null;
  nsfw: Bool;
  voice: Json | null;
  slowmode: Int | null;
}

/** A row of `channel_recipients`: a user of a direct message or group, in joining order. */
export interface ChannelRecipientsTable {
  channel_id: string;
  user_id: string;
  position: Int;
}

/** The tables of the channels domain, keyed by SQL name. */
export interface ChannelsTables {
  channels: ChannelsTable;
  channel_recipients: ChannelRecipientsTable;
}

type Ctx = SqlContext<ChannelsTables>;

// Stays well under SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;

/** The key that makes one direct message per pair of users, whatever their order. */
function dmKey(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

function patchColumns(ctx: Ctx, patch: ChannelPatch): Partial<ChannelsTable> {
  const { codec } = ctx;
  const out: Partial<ChannelsTable> = {};
  if (patch.name !== undefined) out.name = patch.name;
  if (patch.ownerId !== undefined) out.owner_id = patch.ownerId;
  if (patch.description !== undefined) out.description = patch.description;
  if (patch.icon !== undefined) out.icon = codec.json(patch.icon);
  if (patch.active !== undefined) out.active = codec.bool(patch.active);
  if (patch.lastMessageId !== undefined) out.last_message_id = patch.lastMessageId;
  if (patch.permissions !== undefined) out.permissions = patch.permissions;
  if (patch.defaultPermissions !== undefined) {
    out.default_permissions = codec.json(patch.defaultPermissions);
  }
  if (patch.rolePermissions !== undefined) {
    out.role_permissions = codec.json(patch.rolePermissions);
  }
  if (patch.nsfw !== undefined) out.nsfw = codec.bool(patch.nsfw);
  if (patch.voice !== undefined) out.voice = codec.json(patch.voice);
  if (patch.slowmode !== undefined) out.slowmode = patch.slowmode;
  return out;
}

function rowColumns(ctx: Ctx, row: ChannelRow): ChannelsTable {
  const empty: ChannelsTable = {
    id: row.id,
    channel_type: row.channelType,
    server_id: null,
    user_id: null,
    owner_id: null,
    dm_key: null,
    name: null,
    description: null,
    icon: null,
    last_message_id: null,
    active: null,
    permissions: null,
    default_permissions: null,
    role_permissions: null,
    nsfw: ctx.codec.bool(false),
    voice: null,
    slowmode: null,
  };
  switch (row.channelType) {
    case 'SavedMessages':
      return { ...empty, user_id: row.userId };
    case 'DirectMessage': {
      const [a, b] = row.recipients;
      if (row.recipients.length !== 2 || a === undefined || b === undefined || a === b) {
        throw new RangeError('a direct message needs two different users');
      }
      const { active, lastMessageId } = row;
      return { ...empty, ...patchColumns(ctx, { active, lastMessageId }), dm_key: dmKey(a, b) };
    }
    case 'Group': {
      const { id: _id, channelType: _type, recipients: _recipients, ...patch } = row;
      return { ...empty, ...patchColumns(ctx, patch) };
    }
    case 'TextChannel': {
      const { id: _id, channelType: _type, serverId, ...patch } = row;
      return { ...empty, ...patchColumns(ctx, patch), server_id: serverId };
    }
  }
}

function toRow(ctx: Ctx, r: Selectable<ChannelsTable>, recipients: string[]): ChannelRow {
  const { codec } = ctx;
  const icon = codec.readJson<StoredFile | null>(r.icon);
  switch (r.channel_type) {
    case 'SavedMessages':
      return { channelType: 'SavedMessages', id: r.id, userId: r.user_id ?? '' };
    case 'DirectMessage':
      return {
        channelType: 'DirectMessage',
        id: r.id,
        active: codec.readBool(r.active),
        recipients,
        lastMessageId: r.last_message_id,
      };
    case 'Group':
      return {
        channelType: 'Group',
        id: r.id,
        name: r.name ?? '',
        ownerId: r.owner_id ?? '',
        description: r.description,
        recipients,
        icon,
        lastMessageId: r.last_message_id,
        permissions: codec.readNullableInt(r.permissions),
        nsfw: codec.readBool(r.nsfw),
      };
    case 'TextChannel':
      return {
        channelType: 'TextChannel',
        id: r.id,
        serverId: r.server_id ?? '',
        name: r.name ?? '',
        description: r.description,
        icon,
        lastMessageId: r.last_message_id,
        defaultPermissions: codec.readJson<PermissionOverride | null>(r.default_permissions),
        rolePermissions:
          codec.readJson<Record<string, PermissionOverride> | null>(r.role_permissions) ?? {},
        nsfw: codec.readBool(r.nsfw),
        voice: codec.readJson<ChannelVoice | null>(r.voice),
        slowmode: codec.readNullableInt(r.slowmode),
      };
    default:
      throw new TypeError(`unknown channel type ${r.channel_type}`);
  }
}

/** The recipients of these channels in joining order, by channel id. */
async function recipientsOf(ctx: Ctx, channelIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < channelIds.length; i += CHUNK) {
    const rows = await ctx.db
      .selectFrom('channel_recipients')
      .select(['channel_id', 'user_id'])
      .where('channel_id', 'in', channelIds.slice(i, i + CHUNK))
      .orderBy('channel_id')
      .orderBy('position')
      .orderBy('user_id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.channel_id) ?? [];
      list.push(r.user_id);
      out.set(r.channel_id, list);
    }
  }
  return out;
}

/** Channel rows with their recipients. */
async function withRecipients(ctx: Ctx, rows: Selectable<ChannelsTable>[]): Promise<ChannelRow[]> {
  const withUsers = rows
    .filter((r) => r.channel_type === 'DirectMessage' || r.channel_type === 'Group')
    .map((r) => r.id);
  const recipients = withUsers.length > 0 ? await recipientsOf(ctx, withUsers) : new Map();
  return rows.map((r) => toRow(ctx, r, recipients.get(r.id) ?? []));
}

/** ChannelStore over Kysely, for both dialects. */
export function sqlChannelStore(ctx: Ctx): ChannelStore {
  const findById = async (id: string): Promise<ChannelRow | null> => {
    const r = await ctx.db
      .selectFrom('channels')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? ((await withRecipients(ctx, [r]))[0] ?? null) : null;
  };

  return {
    async create(row) {
      const values = rowColumns(ctx, row);
      await uniqueWrite(ctx, () =>
        atomic(ctx, async (tx) => {
          await tx.db.insertInto('channels').values(values).execute();
          if (row.channelType !== 'DirectMessage' && row.channelType !== 'Group') return;
          const recipients = [...new Set(row.recipients)];
          if (recipients.length === 0) return;
          await tx.db
            .insertInto('channel_recipients')
            .values(
              recipients.map((userId, position) => ({
                channel_id: row.id,
                user_id: userId,
                position,
              })),
            )
            .execute();
        }),
      );
    },
    findById,
    async findMany(ids) {
      const unique = [...new Set(ids)];
      const found = new Map<string, ChannelRow>();
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await ctx.db
          .selectFrom('channels')
          .selectAll()
          .where('id', 'in', unique.slice(i, i + CHUNK))
          .execute();
        for (const c of await withRecipients(ctx, rows)) found.set(c.id, c);
      }
      return unique.flatMap((id) => found.get(id) ?? []);
    },
    async listByServer(serverId) {
      const rows = await ctx.db
        .selectFrom('channels')
        .selectAll()
        .where('server_id', '=', serverId)
        .orderBy('id')
        .execute();
      return rows.map((r) => toRow(ctx, r, []) as TextChannelRow);
    },
    async findDirectMessage(userA, userB) {
      const r = await ctx.db
        .selectFrom('channels')
        .selectAll()
        .where('dm_key', '=', dmKey(userA, userB))
        .executeTakeFirst();
      return r ? ((await withRecipients(ctx, [r]))[0] as DirectMessageRow) : null;
    },
    async findSavedMessages(userId) {
      const r = await ctx.db
        .selectFrom('channels')
        .selectAll()
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return r ? (toRow(ctx, r, []) as SavedMessagesRow) : null;
    },
    async listPrivate(userId) {
      const rows = await ctx.db
        .selectFrom('channels')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('user_id', '=', userId),
            eb(
              'id',
              'in',
              eb
                .selectFrom('channel_recipients')
                .select('channel_id')
                .where('channel_recipients.user_id', '=', userId),
            ),
          ]),
        )
        .orderBy('id')
        .execute();
      return withRecipients(ctx, rows);
    },
    async update(id, patch) {
      const columns = patchColumns(ctx, patch);
      if (Object.keys(columns).length === 0) return (await findById(id)) !== null;
      const result = await ctx.db
        .updateTable('channels')
        .set(columns)
        .where('id', '=', id)
        .executeTakeFirst();
      return affected(result) > 0;
    },
    setRolePermission(id, roleId, override) {
      return atomic(ctx, async (tx) => {
        let query = tx.db.selectFrom('channels').select('role_permissions').where('id', '=', id);
        // Two editors of one channel must not lose each other's role (SQLite locks at BEGIN).
        if (tx.dialect === 'postgres') query = query.forUpdate();
        const r = await query.executeTakeFirst();
        if (!r) return false;
        const current =
          tx.codec.readJson<Record<string, PermissionOverride> | null>(r.role_permissions) ?? {};
        const { [roleId]: _old, ...rest } = current;
        const next = override === null ? rest : { ...rest, [roleId]: override };
        await tx.db
          .updateTable('channels')
          .set({ role_permissions: tx.codec.json(next) })
          .where('id', '=', id)
          .execute();
        return true;
      });
    },
    async advanceLastMessage(id, messageId) {
      const result = await ctx.db
        .updateTable('channels')
        .set({ last_message_id: messageId })
        .where('id', '=', id)
        .where((eb) =>
          eb.or([eb('last_message_id', 'is', null), eb('last_message_id', '<', messageId)]),
        )
        .executeTakeFirst();
      return affected(result) > 0;
    },
    addRecipient(id, userId) {
      return atomic(ctx, async (tx) => {
        // Concurrent joiners of one group take positions one after the other.
        if (tx.dialect === 'postgres') {
          await tx.db
            .selectFrom('channels')
            .select('id')
            .where('id', '=', id)
            .forUpdate()
            .execute();
        }
        const result = await tx.db
          .insertInto('channel_recipients')
          .columns(['channel_id', 'user_id', 'position'])
          .expression((eb) =>
            eb
              .selectFrom('channel_recipients')
              .select([
                eb.val(id).as('channel_id'),
                eb.val(userId).as('user_id'),
                eb(eb.fn.coalesce(eb.fn.max('position'), eb.val(-1)), '+', 1).as('position'),
              ])
              .where('channel_id', '=', id),
          )
          .onConflict((oc) => oc.columns(['channel_id', 'user_id']).doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
      });
    },
    async removeRecipient(id, userId) {
      const result = await ctx.db
        .deleteFrom('channel_recipients')
        .where('channel_id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return affected(result) > 0;
    },
    async delete(id) {
      const result = await ctx.db.deleteFrom('channels').where('id', '=', id).executeTakeFirst();
      return affected(result) > 0;
    },
  };
}
