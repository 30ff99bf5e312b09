import type { PermissionActor, PermissionMember, PermissionServer } from './server-permissions';

/** The rank of the server owner and of privileged users: above every role. */
export const TOP_RANK = -Infinity;

/** The rank of a member without roles: below every role. */
export const NO_RANK = Infinity;

/** A member's rank: the smallest rank among their roles that still exist, else NO_RANK. */
export function memberRank(server: PermissionServer, member: PermissionMember): number {
  let rank = NO_RANK;
  for (const id of member.roles) {
    const role = server.roles[id];
    if (role !== undefined && role.rank < rank) rank = role.rank;
  }
  return rank;
}

/**
 * The rank an actor acts with: TOP_RANK for the owner and privileged users, else their rank as
 * a member (NO_RANK when not a member).
 */
export function actorRank(
  actor: PermissionActor,
  server: PermissionServer,
  member: PermissionMember | null,
): number {
  if (actor.privileged || server.owner === actor.id) return TOP_RANK;
  return member === null ? NO_RANK : memberRank(server, member);
}

/**
 * True when an actor of rank `actor` sits strictly above `rank`: needed to kick, ban or edit
 * a member (their member rank), to edit, delete or set the permissions of a role, and to give
 * a role to a member. Otherwise Stoat answers NotElevated.
 */
export function isRankedAbove(actor: number, rank: number): boolean {
  return actor < rank;
}

/**
 * True when an actor of rank `actor` may reorder the roles from `before` to `after` (role ids,
 * most powerful first): every role ranked at or above the actor keeps its position.
 */
export function canReorderRoles(
  server: PermissionServer,
  actor: number,
  before: readonly string[],
  after: readonly string[],
): boolean {
  return Object.entries(server.roles).every(
    ([id, role]) => isRankedAbove(actor, role.rank) || before.indexOf(id) === after.indexOf(id),
  );
}
