import type { StoredFile } from '../rows';

/** An allow/deny pair of permission bits (`a` allows, `d` denies). */
export interface PermissionOverride {
  a: number;
  d: number;
}

/** A channel category of a server; its id is chosen by the client. */
export interface ServerCategory {
  id: string;
  title: string;
  channels: string[];
}

/** The channels where a server posts its system messages. */
export interface ServerSystemMessages {
  userJoined?: string;
  userLeft?: string;
  userKicked?: string;
  userBanned?: string;
}

/** A server. Its roles live in their own rows ({@link RoleRow}). */
export interface ServerRow {
  id: string;
  ownerId: string;
  name: string;
  description: string | null;
  /** The server's channel ids in display order. */
  channels: string[];
  categories: ServerCategory[] | null;
  systemMessages: ServerSystemMessages | null;
  /** Permission bits every member has before roles. */
  defaultPermissions: number;
  icon: StoredFile | null;
  banner: StoredFile | null;
  flags: number;
  nsfw: boolean;
  analytics: boolean;
  discoverable: boolean;
}

/** Fields of a server that can change. */
export type ServerPatch = Partial<Omit<ServerRow, 'id'>>;

/** A role of a server; rank 0 is the highest. */
export interface RoleRow {
  id: string;
  serverId: string;
  name: string;
  permissions: PermissionOverride;
  colour: string | null;
  hoist: boolean;
  rank: number;
  icon: StoredFile | null;
}

/** Fields of a role that can change. */
export type RolePatch = Partial<Omit<RoleRow, 'id' | 'serverId'>>;

/** Servers and their roles. Deleting a server deletes everything stored under it. */
export interface ServerStore {
  /** Inserts a server; DuplicateKeyError when the id is taken. */
  create(row: ServerRow): Promise<void>;
  findById(id: string): Promise<ServerRow | null>;
  /** The servers among `ids` that exist, in `ids` order (duplicates collapsed). */
  findMany(ids: string[]): Promise<ServerRow[]>;
  /** Applies `patch`; returns false when no such server. */
  update(id: string, patch: ServerPatch): Promise<boolean>;
  /** Removes the server with its roles, channels, members, bans, invites and messages. */
  delete(id: string): Promise<boolean>;
  /** Inserts a role; DuplicateKeyError when the server already has this role id. */
  createRole(row: RoleRow): Promise<void>;
  findRole(serverId: string, roleId: string): Promise<RoleRow | null>;
  /** The server's roles, highest first (rank, then id). */
  listRoles(serverId: string): Promise<RoleRow[]>;
  /** The roles of many servers at once, keyed by server id (servers without roles absent). */
  listRolesOfServers(serverIds: string[]): Promise<Map<string, RoleRow[]>>;
  /** Applies `patch`; returns false when no such role. */
  updateRole(serverId: string, roleId: string, patch: RolePatch): Promise<boolean>;
  /** Removes the role; returns false when it did not exist. Members and channels keep the id. */
  deleteRole(serverId: string, roleId: string): Promise<boolean>;
  /**
   * Gives each role its index in `roleIds` as rank, atomically. Returns false (changing nothing)
   * unless `roleIds` names every role of the server exactly once.
   */
  setRoleRanks(serverId: string, roleIds: string[]): Promise<boolean>;
}
