import { z } from 'zod';

/** One user's relation to another, as clients see it ("User" means yourself). */
export type RelationshipStatus =
  'None' | 'User' | 'Friend' | 'Outgoing' | 'Incoming' | 'Blocked' | 'BlockedOther';

export const PRESENCES = ['Online', 'Idle', 'Focus', 'Busy', 'Invisible'] as const;
/** A user's chosen presence. */
export type Presence = (typeof PRESENCES)[number];

/** Optional user fields that `remove` / `clear` can name. */
export const FIELDS_USER = [
  'Avatar',
  'StatusText',
  'StatusPresence',
  'ProfileContent',
  'ProfileBackground',
  'DisplayName',
  'Pronouns',
  'Internal',
] as const;
export type FieldsUser = (typeof FIELDS_USER)[number];

/** Badge bits of `User.badges`. */
export const UserBadges = {
  Developer: 1,
  Translator: 2,
  Supporter: 4,
  ResponsibleDisclosure: 8,
  Founder: 16,
  PlatformModeration: 32,
  ActiveSupporter: 64,
  Paw: 128,
  EarlyAdopter: 256,
  ReservedRelevantJokeBadge1: 512,
  ReservedRelevantJokeBadge2: 1024,
} as const;

/** Flag bits of `User.flags`. */
export const UserFlags = { SuspendedUntil: 1, Deleted: 2, Banned: 4, Spam: 8 } as const;

/** Media metadata of an Autumn file (tag `type`). */
export type FileMetadata =
  | { type: 'File' }
  | { type: 'Text' }
  | { type: 'Audio' }
  | {
      type: 'Image';
      width: number;
      height: number;
      thumbhash: number[] | null;
      animated: boolean | null;
    }
  | { type: 'Video'; width: number; height: number };

/** An Autumn file as embedded in other objects (avatar, background, attachment...). */
export interface AutumnFile {
  _id: string;
  tag: string;
  filename: string;
  metadata: FileMetadata;
  content_type: string;
  size: number;
  deleted?: boolean;
  reported?: boolean;
  message_id?: string;
  user_id?: string;
  server_id?: string;
  object_id?: string;
}

/** `User.status`: both keys omitted when empty. */
export interface UserStatus {
  text?: string;
  presence?: Presence;
}

/** An entry of the self view's `relations`. */
export interface Relationship {
  _id: string;
  status: RelationshipStatus;
}

/** `User.bot`. */
export interface BotInformation {
  owner: string;
}

/** Stoat's `User` on the wire; optional keys are omitted when empty. */
export interface User {
  _id: string;
  username: string;
  discriminator: string;
  display_name?: string;
  pronouns?: string;
  avatar?: AutumnFile;
  /** Only in the self view, omitted when empty. */
  relations?: Relationship[];
  badges?: number;
  status?: UserStatus;
  flags?: number;
  privileged?: true;
  bot?: BotInformation;
  /** The viewer's relation to this user. */
  relationship: RelationshipStatus;
  online: boolean;
}

/** The changed keys of a user in a `UserUpdate` event. */
export type PartialUser = Partial<Omit<User, '_id' | 'privileged'>> & { privileged?: boolean };

/** `GET /users/{id}/profile`. */
export interface UserProfile {
  content?: string;
  background?: AutumnFile;
}

/** `GET /users/{id}/flags`. */
export interface FlagResponse {
  flags: number;
}

/** `GET /users/{id}/mutual`. */
export interface MutualResponse {
  users: string[];
  servers: string[];
  channels: string[];
}

/** `GET /onboard/hello`. */
export interface OnboardingStatus {
  onboarding: boolean;
}

/** Stoat's username rule (Rust's `\d` is Unicode-aware, hence `\p{Nd}`). */
export const USERNAME_PATTERN = /^(\p{L}|[\p{Nd}_.-])+$/u;

/** Length in Unicode scalar values, as Rust's validator counts. */
export function charCount(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** A string whose length in characters (not UTF-16 units) is within bounds. */
function chars(min: number, max: number) {
  return z.string().refine((s) => charCount(s) >= min && charCount(s) <= max, {
    message: `length must be between ${min} and ${max}`,
  });
}

/** A username as submitted: 2–32 characters of letters, digits, `_`, `.` and `-`. */
export const usernameSchema = chars(2, 32).refine((s) => USERNAME_PATTERN.test(s), {
  message: 'username has characters that are not allowed',
});

/** `POST /onboard/complete`. */
export const DataOnboard = z.object({ username: usernameSchema });
export type DataOnboard = z.infer<typeof DataOnboard>;

/** `PATCH /users/@me/username`. */
export const DataChangeUsername = z.object({
  username: usernameSchema,
  password: chars(8, 1024),
});
export type DataChangeUsername = z.infer<typeof DataChangeUsername>;

/** `POST /users/friend`: `username` is `name#discriminator`. */
export const DataSendFriendRequest = z.object({ username: z.string() });
export type DataSendFriendRequest = z.infer<typeof DataSendFriendRequest>;

const DISPLAY_NAME_PATTERN = /^[^\u200B\n\r]+$/u;

/** `PATCH /users/{target}`; JSON `null` reads as absent, like Rust's `Option`. */
export const DataEditUser = z.object({
  display_name: chars(2, 32)
    .refine((s) => DISPLAY_NAME_PATTERN.test(s), {
      message: 'display name has characters that are not allowed',
    })
    .nullish(),
  pronouns: chars(1, 24).nullish(),
  avatar: chars(1, 128).nullish(),
  status: z
    .object({
      text: chars(0, 128).nullish(),
      presence: z.enum(PRESENCES).nullish(),
    })
    .nullish(),
  profile: z
    .object({
      content: chars(0, 2000).nullish(),
      background: chars(1, 128).nullish(),
    })
    .nullish(),
  badges: z.number().int().min(-2147483648).max(2147483647).nullish(),
  flags: z.number().int().min(-2147483648).max(2147483647).nullish(),
  remove: z.array(z.enum(FIELDS_USER)).nullish(),
});
export type DataEditUser = z.infer<typeof DataEditUser>;
