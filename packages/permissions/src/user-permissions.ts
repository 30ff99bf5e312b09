import type { RelationshipStatus } from '@ermine/models/user';

/** Bits of what one user may do towards another. */
export const UserPermission = {
  Access: 1,
  ViewProfile: 2,
  SendMessage: 4,
  Invite: 8,
} as const;
export type UserPermissionName = keyof typeof UserPermission;

/** Every user permission bit. */
export const ALL_USER_PERMISSIONS =
  UserPermission.Access |
  UserPermission.ViewProfile |
  UserPermission.SendMessage |
  UserPermission.Invite;

/** What the calculation needs to know about a viewer and a target user. */
export interface UserPermissionInput {
  /** The viewer is a privileged (platform staff) user. */
  privileged: boolean;
  /**
   * The viewer's relationship to the target; "User" for the same user and for a bot's owner
   * looking at that bot.
   */
  relationship: RelationshipStatus;
  /** The two share a server or a group/DM channel. Only read when it can change the result. */
  mutualConnection: boolean;
  /** Either side is a bot. */
  eitherBot: boolean;
}

/** True when the result of {@link calculateUserPermissions} depends on `mutualConnection`. */
export function needsMutualConnection(
  input: Omit<UserPermissionInput, 'mutualConnection'>,
): boolean {
  if (input.privileged) return false;
  return ['None', 'Incoming', 'Outgoing'].includes(input.relationship);
}

/** Stoat's user permission calculation: the bits the viewer holds towards the target. */
export function calculateUserPermissions(input: UserPermissionInput): number {
  if (input.privileged) return ALL_USER_PERMISSIONS;
  switch (input.relationship) {
    case 'User':
    case 'Friend':
      return ALL_USER_PERMISSIONS;
    case 'Blocked':
    case 'BlockedOther':
      return UserPermission.Access;
    default:
      break;
  }
  const pending = input.relationship === 'Incoming' || input.relationship === 'Outgoing';
  if (input.mutualConnection) {
    const base = UserPermission.Access | UserPermission.ViewProfile;
    return input.eitherBot ? base | UserPermission.SendMessage : base;
  }
  return pending ? UserPermission.Access : 0;
}

/** True when `value` holds the named permission. */
export function hasUserPermission(value: number, permission: UserPermissionName): boolean {
  const bit = UserPermission[permission];
  return (value & bit) === bit;
}
