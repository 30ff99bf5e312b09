import type { Kysely, Migration } from 'kysely';
import { sql } from '../../sql/kysely';

// STRICT tables; JSON as TEXT, booleans as 0/1, times as integer epoch milliseconds. Everything
// stored under a server goes with it (on delete cascade), everything under a channel likewise.
const UP = [
  sql`create table servers (
    id text primary key not null,
    owner_id text not null references users (id),
    name text not null,
    description text,
    channels text not null,
    categories text,
    system_messages text,
    default_permissions integer not null,
    icon text,
    banner text,
    flags integer not null,
    nsfw integer not null check (nsfw in (0, 1)),
    analytics integer not null check (analytics in (0, 1)),
    discoverable integer not null check (discoverable in (0, 1))
  ) strict`,
  sql`create index servers_owner_id_idx on servers (owner_id)`,
  sql`create table server_roles (
    server_id text not null references servers (id) on delete cascade,
    id text not null,
    name text not null,
    permissions text not null,
    colour text,
    hoist integer not null check (hoist in (0, 1)),
    rank integer not null,
    icon text,
    primary key (server_id, id)
  ) strict, without rowid`,
  sql`create table channels (
    id text primary key not null,
    channel_type text not null
      check (channel_type in ('SavedMessages', 'DirectMessage', 'Group', 'TextChannel')),
    server_id text references servers (id) on delete cascade,
    user_id text references users (id) on delete cascade,
    owner_id text,
    dm_key text,
    name text,
    description text,
    icon text,
    last_message_id text,
    active integer check (active in (0, 1)),
    permissions integer,
    default_permissions text,
    role_permissions text,
    nsfw integer not null check (nsfw in (0, 1)),
    voice text,
    slowmode integer
  ) strict`,
  sql`create index channels_server_id_idx on channels (server_id)`,
  sql`create unique index channels_user_id_key on channels (user_id)`,
  sql`create unique index channels_dm_key_key on channels (dm_key)`,
  sql`create table channel_recipients (
    channel_id text not null references channels (id) on delete cascade,
    user_id text not null references users (id) on delete cascade,
    position integer not null,
    primary key (channel_id, user_id)
  ) strict, without rowid`,
  sql`create index channel_recipients_user_id_idx on channel_recipients (user_id)`,
  sql`create table members (
    server_id text not null references servers (id) on delete cascade,
    user_id text not null references users (id) on delete cascade,
    joined_at integer not null,
    nickname text,
    pronouns text,
    avatar text,
    roles text not null,
    timeout integer,
    can_publish integer not null check (can_publish in (0, 1)),
    can_receive integer not null check (can_receive in (0, 1)),
    primary key (server_id, user_id)
  ) strict, without rowid`,
  sql`create index members_user_id_idx on members (user_id)`,
  sql`create table bans (
    server_id text not null references servers (id) on delete cascade,
    user_id text not null references users (id) on delete cascade,
    reason text,
    primary key (server_id, user_id)
  ) strict, without rowid`,
  sql`create index bans_user_id_idx on bans (user_id)`,
  sql`create table invites (
    code text primary key not null,
    server_id text references servers (id) on delete cascade,
    channel_id text not null references channels (id) on delete cascade,
    creator_id text not null references users (id) on delete cascade
  ) strict`,
  sql`create index invites_server_id_idx on invites (server_id)`,
  sql`create index invites_channel_id_idx on invites (channel_id)`,
  sql`create index invites_creator_id_idx on invites (creator_id)`,
  sql`create table messages (
    id text primary key not null,
    channel_id text not null references channels (id) on delete cascade,
    author_id text not null,
    webhook text,
    content text,
    system text,
    attachments text,
    edited integer,
    embeds text,
    mentions text,
    role_mentions text,
    replies text,
    interactions text,
    masquerade text,
    pinned integer not null check (pinned in (0, 1)),
    flags integer not null
  ) strict`,
  sql`create index messages_channel_id_id_idx on messages (channel_id, id)`,
  sql`create table message_reactions (
    seq integer primary key autoincrement,
    message_id text not null references messages (id) on delete cascade,
    emoji text not null,
    user_id text not null
  ) strict`,
  sql`create unique index message_reactions_key on message_reactions (message_id, emoji, user_id)`,
  sql`create table channel_unreads (
    user_id text not null references users (id) on delete cascade,
    channel_id text not null references channels (id) on delete cascade,
    last_id text,
    primary key (user_id, channel_id)
  ) strict, without rowid`,
  sql`create index channel_unreads_channel_id_idx on channel_unreads (channel_id)`,
  sql`create table channel_unread_mentions (
    user_id text not null references users (id) on delete cascade,
    channel_id text not null references channels (id) on delete cascade,
    message_id text not null references messages (id) on delete cascade,
    primary key (user_id, channel_id, message_id)
  ) strict, without rowid`,
  sql`create index channel_unread_mentions_channel_id_idx on channel_unread_mentions (channel_id)`,
  sql`create index channel_unread_mentions_message_id_idx on channel_unread_mentions (message_id)`,
];

const DOWN = [
  'channel_unread_mentions',
  'channel_unreads',
  'message_reactions',
  'messages',
  'invites',
  'bans',
  'members',
  'channel_recipients',
  'channels',
  'server_roles',
  'servers',
];

/** Servers with roles, channels with recipients, members, bans, invites, messages, unreads. */
export const chat: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of UP) await statement.execute(db);
  },
  async down(db: Kysely<unknown>) {
    for (const table of DOWN) await db.schema.dropTable(table).execute();
  },
};
