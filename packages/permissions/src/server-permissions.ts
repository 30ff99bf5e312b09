import { GRANT_ALL_SAFE, Permission } from './permission-bits';
import { ALLOW_IN_TIMEOUT } from './permission-defaults';
import { applyOverrides, type OverrideField } from './permission-overrides';
import { intersect, union, without } from './permission-value';

/** The user whose permissions are calculated. */
export interface PermissionActor {
  id: string;
  /** Platform staff: every permission everywhere. */
  privileged: boolean;
}

/** A server role as the calculation needs it. */
export interface PermissionRole {
  /** Smaller ranks are more powerful; 0 is the top. */
  rank: number;
  permissions: OverrideField;
}

/** A server as the calculation needs it. */
export interface PermissionServer {
  owner: string;
  /** What every member starts with. */
  defaultPermissions: number;
  /** The server's roles by id. */
  roles: Readonly<Record<string, PermissionRole>>;
}

/** A member as the calculation needs it. */
export interface PermissionMember {
  /** Role ids; ids of deleted roles are ignored. */
  roles: readonly string[];
  /** Epoch ms until which the member is timed out; null or absent when not. */
  timeout?: number | null;
  /** False when a moderator stopped the member publishing (removes Speak and Video). */
  canPublish?: boolean;
  /** False when a moderator deafened the member (removes Listen). */
  canReceive?: boolean;
}

/** What {@link calculateServerPermissions} reads. */
export interface ServerPermissionInput {
  actor: PermissionActor;
  server: PermissionServer;
  /** The actor's membership, or null when they are not a member. */
  member: PermissionMember | null;
  /** The current time in epoch ms, for timeouts. */
  now: number;
}

/** True when the member's timeout lies in the future. */
export function isTimedOut(member: PermissionMember, now: number): boolean {
  return member.timeout != null && member.timeout > now;
}

/**
 * The member's role entries in the order they apply: least powerful first (rank descending),
 * so the top role is applied last and wins. Stoat leaves equal ranks in no defined order;
 * here they apply in id order (the newer role wins).
 */
export function rolesInApplyOrder<T>(
  server: PermissionServer,
  member: PermissionMember,
  entries: Readonly<Record<string, T>>,
): T[] {
  const held = new Set(member.roles);
  return Object.keys(entries)
    .filter((id) => held.has(id) && server.roles[id] !== undefined)
    .sort((x, y) => server.roles[y]!.rank - server.roles[x]!.rank || (x < y ? -1 : 1))
    .map((id) => entries[id]!);
}

/** The member's server role overrides, least powerful first. */
export function serverRoleOverrides(
  server: PermissionServer,
  member: PermissionMember,
): OverrideField[] {
  return rolesInApplyOrder(server, member, server.roles).map((role) => role.permissions);
}

/** The moderation limits applied after every override: mute, deafen, then timeout. */
export function restrictMember(value: number, member: PermissionMember, now: number): number {
  let result = value;
  if (member.canPublish === false) {
    result = without(result, union(Permission.Speak, Permission.Video));
  }
  if (member.canReceive === false) result = without(result, Permission.Listen);
  if (isTimedOut(member, now)) result = intersect(result, ALLOW_IN_TIMEOUT);
  return result;
}

/**
 * Stoat's server permission calculation: privileged users and the owner hold everything,
 * non-members nothing; members start from the server's default permissions, then their roles
 * apply from the least to the most powerful, then mute, deafen and timeout limits.
 */
export function calculateServerPermissions(input: ServerPermissionInput): number {
  const { actor, server, member } = input;
  if (actor.privileged || server.owner === actor.id) return GRANT_ALL_SAFE;
  if (member === null) return 0;
  const value = applyOverrides(server.defaultPermissions, serverRoleOverrides(server, member));
  return restrictMember(value, member, input.now);
}
