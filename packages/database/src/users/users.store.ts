import type { EpochMs, StoredFile } from '../rows';

/** Stoat's presence values. */
export type Presence = 'Online' | 'Idle' | 'Focus' | 'Busy' | 'Invisible';

/** User-chosen status. */
export interface UserStatus {
  text?: string;
  presence?: Presence;
}

/** Profile shown by `/users/{id}/profile`. */
export interface UserProfile {
  content?: string;
  background?: StoredFile;
}

/** Bot marker on a user: who owns it. */
export interface UserBot {
  owner: string;
}

/** A user (id = account id for people, bot id for bots). */
export interface UserRow {
  id: string;
  username: string;
  /** "0002".."9998"; (lowercased username, discriminator) is unique. */
  discriminator: string;
  displayName: string | null;
  pronouns: string | null;
  avatar: StoredFile | null;
  badges: number;
  status: UserStatus | null;
  profile: UserProfile | null;
  flags: number;
  privileged: boolean;
  bot: UserBot | null;
  lastDiscriminatorChange: EpochMs | null;
  lastAcknowledgedPolicyChange: EpochMs | null;
  createdAt: EpochMs;
}

/** Fields of a user that can change. */
export type UserPatch = Partial<Omit<UserRow, 'id'>>;

/** Users. Username comparisons are case-insensitive (a lowercased copy is kept). */
export interface UserStore {
  /** Inserts a user; DuplicateKeyError when the id or username#discriminator is taken. */
  create(row: UserRow): Promise<void>;
  findById(id: string): Promise<UserRow | null>;
  /** The users among `ids` that exist (unknown ids skipped, duplicates collapsed), in `ids` order. */
  findMany(ids: string[]): Promise<UserRow[]>;
  /** Case-insensitive on `username`. */
  findByUsername(username: string, discriminator: string): Promise<UserRow | null>;
  /** Discriminators taken by this username (case-insensitive). */
  discriminatorsInUse(username: string): Promise<string[]>;
  /** Applies `patch`; returns false when no such user. DuplicateKeyError on a name clash. */
  update(id: string, patch: UserPatch): Promise<boolean>;
}

/** What a new user must be given; every other field starts empty. */
export type NewUserFields = Pick<UserRow, 'id' | 'username' | 'discriminator' | 'createdAt'> &
  Partial<UserRow>;

/** A new user's row: no display name, avatar, status, badges, flags or bot; not privileged. */
export function newUserRow(fields: NewUserFields): UserRow {
  return {
    displayName: null,
    pronouns: null,
    avatar: null,
    badges: 0,
    status: null,
    profile: null,
    flags: 0,
    privileged: false,
    bot: null,
    lastDiscriminatorChange: null,
    lastAcknowledgedPolicyChange: null,
    ...fields,
  };
}
