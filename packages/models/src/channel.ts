import type { OverrideField } from './permissions-override';
import type { AutumnFile } from './user';

/** `TextChannel.voice`: present (even as `{}`) on a voice-capable channel. */
export interface VoiceInformation {
  max_users?: number;
}

/** Personal "saved notes" channel of `user`. */
export interface SavedMessagesChannel {
  channel_type: 'SavedMessages';
  _id: string;
  user: string;
}

/** A direct message between two users; `active` while it is open on both sides. */
export interface DirectMessageChannel {
  channel_type: 'DirectMessage';
  _id: string;
  active: boolean;
  recipients: string[];
  last_message_id?: string;
}

/** A group of users; `permissions` applies to every member but the owner. */
export interface GroupChannel {
  channel_type: 'Group';
  _id: string;
  name: string;
  owner: string;
  description?: string;
  recipients: string[];
  icon?: AutumnFile;
  last_message_id?: string;
  permissions?: number;
  nsfw?: true;
}

/**
 * A channel of `server`. There is no separate voice channel type: a `TextChannel` with `voice`
 * set is voice-capable. `role_permissions` is omitted when empty, `slowmode` is in seconds.
 */
export interface TextChannel {
  channel_type: 'TextChannel';
  _id: string;
  server: string;
  name: string;
  description?: string;
  icon?: AutumnFile;
  last_message_id?: string;
  default_permissions?: OverrideField;
  role_permissions?: Record<string, OverrideField>;
  nsfw?: true;
  voice?: VoiceInformation;
  slowmode?: number;
}

/** Stoat's `Channel`, tagged by `channel_type`. */
export type Channel = SavedMessagesChannel | DirectMessageChannel | GroupChannel | TextChannel;

/** The changed keys of a channel in a `ChannelUpdate` event. */
export interface PartialChannel {
  name?: string;
  owner?: string;
  description?: string;
  icon?: AutumnFile;
  nsfw?: boolean;
  active?: boolean;
  permissions?: number;
  role_permissions?: Record<string, OverrideField>;
  default_permissions?: OverrideField;
  last_message_id?: string;
  voice?: VoiceInformation;
  slowmode?: number;
}

/** Optional channel fields that `remove` / `clear` can name. */
export const FIELDS_CHANNEL = [
  'Description',
  'Icon',
  'DefaultPermissions',
  'Voice',
  'Slowmode',
] as const;
export type FieldsChannel = (typeof FIELDS_CHANNEL)[number];

/** A user's unread state in a channel (`GET /sync/unreads`, Ready's `channel_unreads`). */
export interface ChannelUnread {
  _id: { channel: string; user: string };
  last_id?: string;
  mentions?: string[];
}

/** An active slowmode of the user in a channel; `duration` and `retry_after` in seconds. */
export interface ChannelSlowmode {
  channel_id: string;
  duration: number;
  retry_after: number;
}
