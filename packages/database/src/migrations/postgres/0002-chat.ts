import type { Kysely, Migration } from 'kysely';
import { sql } from '../../sql/kysely';

// JSON as jsonb, booleans as boolean, times as bigint epoch milliseconds. Everything
// stored under a server goes with it (on delete cascade), everything under a channel likewise.
const UP = [
  sql`create table servers (
    id text primary key,
    owner_id text not null references users (id),
    name text not null,
    description text,
    channels jsonb not null,
    categories jsonb,
    system_messages jsonb,
    default_permissions bigint not null,
    icon jsonb,
    banner jsonb,
    flags bigint not null,
    nsfw boolean not null,
    analytics boolean not null,
    discoverable boolean not null
  )`,
  sql`create index servers_owner_id_idx on servers (owner_id)`,
  sql`create table server_roles (
    server_id text not null references servers (id) on delete cascade,
    id text not null,
    name text not null,
    permissions jsonb not null,
    colour text,
    hoist boolean not null,
    rank integer not null,
    icon jsonb,
    primary key (server_id, id)
  )`,
  sql`create table channels (
    id text primary key,
    channel_type text not null
      check (channel_type in ('SavedMessages', 'DirectMessage', 'Group', 'TextChannel')),
    server_id text references servers (id) on delete cascade,
    user_id text references users (id) on delete cascade,
    owner_id text,
    dm_key text,
    name text,
    description text,
    icon jsonb,
    last_message_id text,
    active boolean,
    permissions bigint,
    default_permissions jsonb,
    role_permissions jsonb,
    nsfw boolean not null,
    voice jsonb,
    slowmode integer
  )`,
  sql`create index channels_server_id_idx on channels (server_id)`,
  sql`create unique index channels_user_id_key on channels (user_id)`,
  sql`create unique index channels_dm_key_key on channels (dm_key)`,
  sql`create table channel_recipients (
    channel_id text not null references channels (id) on delete cascade,
    user_id text not null references users (id) on delete cascade,
    position integer not null,
    primary key (channel_id, user_id)
  )`,
  sql`create index channel_recipients_user_id_idx on channel_recipients (user_id)`,
  sql`create table members (
    server_id text not null references servers (id) on delete cascade,
    user_id text not null references users (id) on delete cascade,
    joined_at bigint not null,
    nickname text,
    pronouns text,
    avatar jsonb,
    roles jsonb not null,
    timeout bigint,
    can_publish boolean not null,
    can_receive boolean not null,
    primary key (server_id, user_id)
  )`,
  sql`create index members_user_id_idx on members (user_id)`,
  sql`create table bans (
    server_id text not null references servers (id) on delete cascade,
    user_id text not null references users (id) on delete cascade,
    reason text,
    primary key (server_id, user_id)
  )`,
  sql`create index bans_user_id_idx on bans (user_id)`,
  sql`create table invites (
    code text primary key,
    server_id text references servers (id) on delete cascade,
    channel_id text not null references channels (id) on delete cascade,
    creator_id text not null references users (id) on delete cascade
  )`,
  sql`create index invites_server_id_idx on invites (server_id)`,
  sql`create index invites_channel_id_idx on invites (channel_id)`,
  sql`create index invites_creator_id_idx on invites (creator_id)`,
  sql`create table messages (
    id text primary key,
    channel_id text not null references channels (id) on delete cascade,
    author_id text not null,
    webhook jsonb,
    content text,
    system jsonb,
    attachments jsonb,
    edited bigint,
    embeds jsonb,
    mentions jsonb,
    role_mentions jsonb,
    replies jsonb,
    interactions jsonb,
    masquerade jsonb,
    pinned boolean not null,
    flags bigint not null
  )`,
  sql`create index messages_channel_id_id_idx on messages (channel_id, id)`,
  sql`create table message_reactions (
    seq bigint generated always as identity primary key,
    message_id text not null references messages (id) on delete cascade,
    emoji text not null,
    user_id text not null
  )`,
  sql`create unique index message_reactions_key on message_reactions (message_id, emoji, user_id)`,
  sql`create table channel_unreads (
    user_id text not null references users (id) on delete cascade,
    channel_id text not null references channels (id) on delete cascade,
    last_id text,
    primary key (user_id, channel_id)
  )`,
  sql`create index channel_unreads_channel_id_idx on channel_unreads (channel_id)`,
  sql`create table channel_unread_mentions (
    user_id text not null references users (id) on delete cascade,
    channel_id text not null references channels (id) on delete cascade,
    message_id text not null references messages (id) on delete cascade,
    primary key (user_id, channel_id, message_id)
  )`,
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
