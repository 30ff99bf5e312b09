import { holds } from './permission-value';

/**
 * Stoat's channel and server permission bits, by name. The names are what
 * `MissingPermission.permission` carries. Bits 5 and 14–19 are reserved, 41–52 are free and
 * 53–63 are never used (see permission-value.ts).
 */
export const Permission = {
  ManageChannel: 2 ** 0,
  ManageServer: 2 ** 1,
  ManagePermissions: 2 ** 2,
  ManageRole: 2 ** 3,
  ManageCustomisation: 2 ** 4,
  KickMembers: 2 ** 6,
  BanMembers: 2 ** 7,
  TimeoutMembers: 2 ** 8,
  AssignRoles: 2 ** 9,
  ChangeNickname: 2 ** 10,
  ManageNicknames: 2 ** 11,
  ChangeAvatar: 2 ** 12,
  RemoveAvatars: 2 ** 13,
  ViewChannel: 2 ** 20,
  ReadMessageHistory: 2 ** 21,
  SendMessage: 2 ** 22,
  ManageMessages: 2 ** 23,
  ManageWebhooks: 2 ** 24,
  InviteOthers: 2 ** 25,
  SendEmbeds: 2 ** 26,
  UploadFiles: 2 ** 27,
  Masquerade: 2 ** 28,
  React: 2 ** 29,
  Connect: 2 ** 30,
  Speak: 2 ** 31,
  Video: 2 ** 32,
  MuteMembers: 2 ** 33,
  DeafenMembers: 2 ** 34,
  MoveMembers: 2 ** 35,
  Listen: 2 ** 36,
  MentionEveryone: 2 ** 37,
  MentionRoles: 2 ** 38,
  BypassSlowmode: 2 ** 39,
  ViewAuditLogs: 2 ** 40,
} as const;

/** The name of one channel or server permission. */
export type PermissionName = keyof typeof Permission;

/** Every permission name, lowest bit first. */
export const PERMISSION_NAMES = (Object.keys(Permission) as PermissionName[]).sort(
  (a, b) => Permission[a] - Permission[b],
);

/** Stoat's GrantAllSafe: bits 0–51, what owners, privileged users and saved messages get. */
export const GRANT_ALL_SAFE = 2 ** 52 - 1;

/** True when `value` holds the named permission. */
export function hasPermission(value: number, permission: PermissionName): boolean {
  return holds(value, Permission[permission]);
}

/** The first of `permissions` that `value` lacks, or null when it holds them all. */
export function firstMissing(
  value: number,
  permissions: readonly PermissionName[],
): PermissionName | null {
  return permissions.find((name) => !hasPermission(value, name)) ?? null;
}

/** The names of the known permissions `value` holds, lowest bit first. */
export function permissionNames(value: number): PermissionName[] {
  return PERMISSION_NAMES.filter((name) => hasPermission(value, name));
}
