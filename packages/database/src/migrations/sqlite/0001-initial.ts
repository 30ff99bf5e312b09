import type { Kysely, Migration } from 'kysely';
import { sql } from '../../sql/kysely';

// STRICT tables; JSON as TEXT, booleans as 0/1, times as integer epoch milliseconds.
const UP = [
  sql`create table accounts (
    id text primary key not null,
    email text not null,
    email_normalised text not null,
    password_hash text not null,
    disabled integer not null check (disabled in (0, 1)),
    verification text not null,
    verification_token text,
    password_reset text,
    password_reset_token text,
    deletion text,
    deletion_token text,
    deletion_after integer,
    lockout text,
    mfa text not null,
    created_at integer not null
  ) strict`,
  sql`create unique index accounts_email_normalised_key on accounts (email_normalised)`,
  sql`create index accounts_verification_token_idx on accounts (verification_token)`,
  sql`create index accounts_password_reset_token_idx on accounts (password_reset_token)`,
  sql`create index accounts_deletion_token_idx on accounts (deletion_token)`,
  sql`create index accounts_deletion_after_idx on accounts (deletion_after)`,
  sql`create table sessions (
    id text primary key not null,
    user_id text not null references accounts (id) on delete cascade,
    token_hash text not null,
    name text not null,
    last_seen integer not null,
    origin text,
    subscription text,
    created_at integer not null
  ) strict`,
  sql`create unique index sessions_token_hash_key on sessions (token_hash)`,
  sql`create index sessions_user_id_idx on sessions (user_id)`,
  sql`create table mfa_tickets (
    id text primary key not null,
    account_id text not null references accounts (id) on delete cascade,
    token_hash text not null,
    validated integer not null check (validated in (0, 1)),
    authorised integer not null check (authorised in (0, 1)),
    last_totp_code text,
    created_at integer not null
  ) strict`,
  sql`create unique index mfa_tickets_token_hash_key on mfa_tickets (token_hash)`,
  sql`create index mfa_tickets_account_id_idx on mfa_tickets (account_id)`,
  sql`create index mfa_tickets_created_at_idx on mfa_tickets (created_at)`,
  sql`create table users (
    id text primary key not null,
    username text not null,
    username_lower text not null,
    discriminator text not null,
    display_name text,
    pronouns text,
    avatar text,
    badges integer not null,
    status text,
    profile text,
    flags integer not null,
    privileged integer not null check (privileged in (0, 1)),
    bot text,
    bot_owner text,
    last_discriminator_change integer,
    last_acknowledged_policy_change integer,
    created_at integer not null
  ) strict`,
  sql`create unique index users_username_lower_discriminator_key
    on users (username_lower, discriminator)`,
  sql`create index users_bot_owner_idx on users (bot_owner)`,
  sql`create table relationships (
    user_id text not null references users (id) on delete cascade,
    other_id text not null references users (id) on delete cascade,
    status text not null
      check (status in ('Friend', 'Outgoing', 'Incoming', 'Blocked', 'BlockedOther')),
    primary key (user_id, other_id)
  ) strict, without rowid`,
  sql`create index relationships_other_id_idx on relationships (other_id)`,
];

const DOWN = ['relationships', 'users', 'mfa_tickets', 'sessions', 'accounts'];

/** Accounts, sessions, MFA tickets, users, relationships. */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of UP) await statement.execute(db);
  },
  async down(db: Kysely<unknown>) {
    for (const table of DOWN) await db.schema.dropTable(table).execute();
  },
};
