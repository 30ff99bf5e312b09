import { GRANT_ALL_SAFE, hasPermission } from './permission-bits';
import {
  DEFAULT_PERMISSION_DIRECT_MESSAGE,
  DEFAULT_PERMISSION_SAVED_MESSAGES,
  DEFAULT_PERMISSION_VIEW_ONLY,
} from './permission-defaults';
import {
  EMPTY_OVERRIDE,
  applyOverride,
  applyOverrides,
  type OverrideField,
} from './permission-overrides';
import { union } from './permission-value';
import {
  restrictMember,
  rolesInApplyOrder,
  serverRoleOverrides,
  type PermissionActor,
  type PermissionMember,
  type PermissionServer,
} from './server-permissions';
import { hasUserPermission } from './user-permissions';

/** A saved messages channel: `user` owns it. */
export interface PermissionSavedMessages {
  channelType: 'SavedMessages';
  user: string;
}

/** A direct message channel between two users. */
export interface PermissionDirectMessage {
  channelType: 'DirectMessage';
  recipients: readonly string[];
}

/** A group: its owner, members and the permissions of members who don't own it. */
export interface PermissionGroup {
  channelType: 'Group';
  owner: string;
  recipients: readonly string[];
  /** Absent or null: DEFAULT_PERMISSION_DIRECT_MESSAGE. */
  permissions?: number | null;
}

/** A server channel (text, with or without voice). */
export interface PermissionServerChannel {
  channelType: 'TextChannel';
  /** The server's id. */
  server: string;
  defaultPermissions?: OverrideField | null;
  /** Overrides by role id. */
  rolePermissions?: Readonly<Record<string, OverrideField>> | null;
}

/** A channel as the calculation needs it. */
export type PermissionChannel =
  PermissionSavedMessages | PermissionDirectMessage | PermissionGroup | PermissionServerChannel;

/** What {@link calculateChannelPermissions} reads beyond the channel. */
export interface ChannelPermissionContext {
  /** The current time in epoch ms, for timeouts. */
  now: number;
  /**
   * DMs: the user permission bits the actor holds towards the other recipient. Absent counts
   * as none, as when Stoat cannot find that user.
   */
  recipientPermissions?: number;
  /** Server channels: the channel's server; absent or null gives nothing. */
  server?: PermissionServer | null;
  /** Server channels: the actor's membership; absent or null when not a member. */
  member?: PermissionMember | null;
}

/** Saved messages: everything for their owner, nothing for anyone else. */
export function savedMessagesPermissions(
  actor: PermissionActor,
  channel: PermissionSavedMessages,
): number {
  return channel.user === actor.id ? DEFAULT_PERMISSION_SAVED_MESSAGES : 0;
}

/**
 * A DM: nothing for non-recipients; messaging (DEFAULT_PERMISSION_DIRECT_MESSAGE) when the
 * actor holds the user permission SendMessage towards the other recipient, else view only.
 */
export function directMessagePermissions(
  actor: PermissionActor,
  channel: PermissionDirectMessage,
  recipientPermissions: number,
): number {
  if (!channel.recipients.includes(actor.id)) return 0;
  return hasUserPermission(recipientPermissions, 'SendMessage')
    ? DEFAULT_PERMISSION_DIRECT_MESSAGE
    : DEFAULT_PERMISSION_VIEW_ONLY;
}

/** A group: everything for its owner; view only plus the group's permissions for members. */
export function groupPermissions(actor: PermissionActor, channel: PermissionGroup): number {
  if (channel.owner === actor.id) return GRANT_ALL_SAFE;
  if (!channel.recipients.includes(actor.id)) return 0;
  return union(
    DEFAULT_PERMISSION_VIEW_ONLY,
    channel.permissions ?? DEFAULT_PERMISSION_DIRECT_MESSAGE,
  );
}

/**
 * A server channel, in Stoat's current order: the server's default permissions, the channel's
 * default override, the member's server role overrides, then the channel's overrides for the
 * member's roles (both least powerful role first), then mute, deafen and timeout limits.
 * Without ViewChannel the result is nothing. The owner holds everything; non-members nothing.
 */
export function serverChannelPermissions(
  actor: PermissionActor,
  channel: PermissionServerChannel,
  server: PermissionServer,
  member: PermissionMember | null,
  now: number,
): number {
  if (server.owner === actor.id) return GRANT_ALL_SAFE;
  if (member === null) return 0;
  let value = applyOverride(
    server.defaultPermissions,
    channel.defaultPermissions ?? EMPTY_OVERRIDE,
  );
  value = applyOverrides(value, serverRoleOverrides(server, member));
  value = applyOverrides(value, rolesInApplyOrder(server, member, channel.rolePermissions ?? {}));
  value = restrictMember(value, member, now);
  return hasPermission(value, 'ViewChannel') ? value : 0;
}

/** Stoat's channel permission calculation for any channel; privileged users hold everything. */
export function calculateChannelPermissions(
  actor: PermissionActor,
  channel: PermissionChannel,
  context: ChannelPermissionContext,
): number {
  if (actor.privileged) return GRANT_ALL_SAFE;
  switch (channel.channelType) {
    case 'SavedMessages':
      return savedMessagesPermissions(actor, channel);
    case 'DirectMessage':
      return directMessagePermissions(actor, channel, context.recipientPermissions ?? 0);
    case 'Group':
      return groupPermissions(actor, channel);
    case 'TextChannel':
      if (!context.server) return 0;
      return serverChannelPermissions(
        actor,
        channel,
        context.server,
        context.member ?? null,
        context.now,
      );
  }
}
