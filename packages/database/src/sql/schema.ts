// Column types as the SQL drivers see them. JSON columns hold TEXT in SQLite and jsonb in
// PostgreSQL; booleans are 0/1 in SQLite; epoch-millisecond columns may come back as strings
// from some drivers. `codec.ts` turns these into row values.
type Json = unknown;
type Bool = number | boolean;
type Millis = number | string | bigint;
type Int = number | string | bigint;

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

export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  name: string;
  last_seen: Millis;
  origin: string | null;
  subscription: Json | null;
  created_at: Millis;
}

export interface MfaTicketsTable {
  id: string;
  account_id: string;
  token_hash: string;
  validated: Bool;
  authorised: Bool;
  last_totp_code: string | null;
  created_at: Millis;
}

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

export interface RelationshipsTable {
  user_id: string;
  other_id: string;
  status: string;
}

/** Every table Ermine stores, keyed by SQL name. */
export interface Schema {
  accounts: AccountsTable;
  sessions: SessionsTable;
  mfa_tickets: MfaTicketsTable;
  users: UsersTable;
  relationships: RelationshipsTable;
}
