import type { StoredFile } from '../rows';
import type { PermissionOverride } from '../servers/servers.store';

/** A user's personal "saved notes" channel; one per user. */
export interface SavedMessagesRow {
  channelType: 'SavedMessages';
  id: string;
  userId: string;
}

/** A direct message between two users; one per pair. */
export interface DirectMessageRow {
  channelType: 'DirectMessage';
  id: string;
  active: boolean;
  /** The two users, in the order given at creation. */
  recipients: string[];
  lastMessageId: string | null;
}

/** A group of users. */
export interface GroupRow {
  channelType: 'Group';
  id: string;
  name: string;
  ownerId: string;
  description: string | null;
  /** Members in the order they joined. */
  recipients: string[];
  icon: StoredFile | null;
  lastMessageId: string | null;
  /** Permission bits of every member but the owner. */
  permissions: number | null;
  nsfw: boolean;
}

/** Voice settings of a voice-capable text channel. */
export interface ChannelVoice {
  maxUsers?: number;
}

/** A channel of a server; voice-capable when `voice` is set (there is no voice channel type). */
export interface TextChannelRow {
  channelType: 'TextChannel';
  id: string;
  serverId: string;
  name: string;
  description: string | null;
  icon: StoredFile | null;
  lastMessageId: string | null;
  defaultPermissions: PermissionOverride | null;
  /** Overrides by role id; empty when none. */
  rolePermissions: Record<string, PermissionOverride>;
  nsfw: boolean;
  voice: ChannelVoice | null;
  /** Seconds between two messages of one user; null when off. */
  slowmode: number | null;
}

/** A channel, tagged by `channelType`. */
export type ChannelRow = SavedMessagesRow | DirectMessageRow | GroupRow | TextChannelRow;

/** Fields of a channel that can change (each applies only to the types that have it). */
export interface ChannelPatch {
  name?: string;
  ownerId?: string;
  description?: string | null;
  icon?: StoredFile | null;
  active?: boolean;
  lastMessageId?: string | null;
  permissions?: number | null;
  defaultPermissions?: PermissionOverride | null;
  rolePermissions?: Record<string, PermissionOverride>;
  nsfw?: boolean;
  voice?: ChannelVoice | null;
  slowmode?: number | null;
}

/** Channels of every type. Deleting one deletes its messages, invites and unreads. */
export interface ChannelStore {
  /**
   * Inserts a channel; DuplicateKeyError when the id is taken, the user already has saved
   * messages or the two users already have a direct message (whatever the recipients' order).
   */
  create(row: ChannelRow): Promise<void>;
  findById(id: string): Promise<ChannelRow | null>;
  /** The channels among `ids` that exist, in `ids` order (duplicates collapsed). */
  findMany(ids: string[]): Promise<ChannelRow[]>;
  /** The channels of a server, by id. */
  listByServer(serverId: string): Promise<TextChannelRow[]>;
  /** The direct message between two users (either order), or null. */
  findDirectMessage(userA: string, userB: string): Promise<DirectMessageRow | null>;
  findSavedMessages(userId: string): Promise<SavedMessagesRow | null>;
  /** The user's saved messages, direct messages (active or not) and groups, by id. */
  listPrivate(userId: string): Promise<ChannelRow[]>;
  /** Applies `patch`; returns false when no such channel. */
  update(id: string, patch: ChannelPatch): Promise<boolean>;
  /** Sets (or with null removes) one role's override atomically; false when no such channel. */
  setRolePermission(
    id: string,
    roleId: string,
    override: PermissionOverride | null,
  ): Promise<boolean>;
  /** Moves `lastMessageId` forward to `messageId` (never back); false when nothing changed. */
  advanceLastMessage(id: string, messageId: string): Promise<boolean>;
  /** Adds a group member at the end; false when already a member. */
  addRecipient(id: string, userId: string): Promise<boolean>;
  /** Removes a group member; false when not a member. */
  removeRecipient(id: string, userId: string): Promise<boolean>;
  /** Removes the channel; returns false when it did not exist. */
  delete(id: string): Promise<boolean>;
}
