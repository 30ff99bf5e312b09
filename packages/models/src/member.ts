import type { AutumnFile } from './user';

/** A member's id: the server and the user. */
export interface MemberCompositeKey {
  server: string;
  user: string;
}

/**
 * Stoat's `Member`. `roles` is omitted when empty; `can_publish` / `can_receive` appear only
 * as `false` (server-muted / server-deafened).
 */
export interface Member {
  _id: MemberCompositeKey;
  joined_at: string;
  nickname?: string;
  pronouns?: string;
  avatar?: AutumnFile;
  roles?: string[];
  timeout?: string;
  can_publish?: false;
  can_receive?: false;
}

/** The changed keys of a member in a `ServerMemberUpdate` event. */
export interface PartialMember {
  joined_at?: string;
  nickname?: string;
  pronouns?: string;
  avatar?: AutumnFile;
  roles?: string[];
  timeout?: string;
  can_publish?: boolean;
  can_receive?: boolean;
}

/** Optional member fields that `remove` / `clear` can name. */
export const FIELDS_MEMBER = [
  'Nickname',
  'Pronouns',
  'Avatar',
  'Roles',
  'Timeout',
  'CanReceive',
  'CanPublish',
  'JoinedAt',
  'VoiceChannel',
] as const;
export type FieldsMember = (typeof FIELDS_MEMBER)[number];

/** Why a member left a server (`ServerMemberLeave.reason`). */
export type RemovalIntention = 'Leave' | 'Kick' | 'Ban';
