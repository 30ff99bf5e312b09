import type { RelationshipStatus } from '@ermine/models/user';
import type { PermissionMember, PermissionServer } from '@ermine/permissions';
import type { CoreDeps } from '../deps';
import { hasMutualConnection } from '../users/user-mutual';

/** A user as the permission query reads them (a stored user row fits). */
export interface PermissionUser {
  id: string;
  privileged: boolean;
  /** Set on bots: who owns the bot. */
  bot: { owner: string } | null;
}

/** A server as the permission query reads it: the calculation's fields and its id. */
export type PermissionServerRecord = PermissionServer & { id: string };

/**
 * Where the permission query reads its inputs: a narrow view of the stores, so the
 * calculation can be fed by the database, a cache or a test.
 */
export interface PermissionSources {
  /** `userId`'s stored relationship to `otherId`, null when there is none. */
  relationship(userId: string, otherId: string): Promise<RelationshipStatus | null>;
  /** True when the two users share a server or a group/DM channel. */
  mutualConnection(a: string, b: string): Promise<boolean>;
  user(id: string): Promise<PermissionUser | null>;
  server(id: string): Promise<PermissionServerRecord | null>;
  /** `userId`'s membership of `serverId`, null when not a member. */
  member(serverId: string, userId: string): Promise<PermissionMember | null>;
  /** The current time in epoch ms, for timeouts. */
  now(): number;
}

/** The ports the permission query reads. */
export type PermissionDeps = Pick<CoreDeps, 'db' | 'clock'>;

/**
 * The sources over the core ports. The database has no server or member stores yet, so every
 * server is unknown (server channels give no permissions) until those domains exist.
 */
export function permissionSources(deps: PermissionDeps): PermissionSources {
  return {
    relationship: (userId, otherId) => deps.db.relationships.get(userId, otherId),
    mutualConnection: (a, b) => hasMutualConnection(deps, a, b),
    user: (id) => deps.db.users.findById(id),
    server: async () => null,
    member: async () => null,
    now: () => deps.clock.now(),
  };
}
