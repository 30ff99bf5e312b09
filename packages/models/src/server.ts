import type { OverrideField } from './permissions-override';
import type { AutumnFile } from './user';

/** A channel category of a server; `id` is chosen by the client (1–32 characters). */
export interface Category {
  id: string;
  title: string;
  channels: string[];
}

/** Where a server posts its system messages (channel ids). */
export interface SystemMessageChannels {
  user_joined?: string;
  user_left?: string;
  user_kicked?: string;
  user_banned?: string;
}

/** A server role; `rank` 0 is the highest, `hoist` and `colour` omitted when unset. */
export interface Role {
  _id: string;
  name: string;
  permissions: OverrideField;
  colour?: string;
  hoist?: true;
  rank: number;
  icon?: AutumnFile;
}

/** The changed keys of a role in a `ServerRoleUpdate` event. */
export interface PartialRole {
  name?: string;
  permissions?: OverrideField;
  colour?: string;
  hoist?: boolean;
  rank?: number;
  icon?: AutumnFile;
}

/**
 * Stoat's `Server`. `roles` is omitted when empty, `flags` when 0 and the booleans unless
 * true; `approximate_member_count` is always present.
 */
export interface Server {
  _id: string;
  owner: string;
  name: string;
  description?: string;
  channels: string[];
  categories?: Category[];
  system_messages?: SystemMessageChannels;
  roles?: Record<string, Role>;
  default_permissions: number;
  icon?: AutumnFile;
  banner?: AutumnFile;
  flags?: number;
  nsfw?: true;
  analytics?: true;
  discoverable?: true;
  approximate_member_count: number;
}

/** The changed keys of a server in a `ServerUpdate` event. */
export interface PartialServer {
  owner?: string;
  name?: string;
  description?: string;
  channels?: string[];
  categories?: Category[];
  system_messages?: SystemMessageChannels;
  roles?: Record<string, Role>;
  default_permissions?: number;
  icon?: AutumnFile;
  banner?: AutumnFile;
  flags?: number;
  nsfw?: boolean;
  analytics?: boolean;
  discoverable?: boolean;
  approximate_member_count?: number;
}

/** Optional server fields that `remove` / `clear` can name. */
export const FIELDS_SERVER = [
  'Description',
  'Categories',
  'SystemMessages',
  'Icon',
  'Banner',
] as const;
export type FieldsServer = (typeof FIELDS_SERVER)[number];

/** Optional role fields that `remove` / `clear` can name. */
export const FIELDS_ROLE = ['Colour', 'Icon'] as const;
export type FieldsRole = (typeof FIELDS_ROLE)[number];
