import type { UserSettings } from '../sync';
import type { FieldsUser, PartialUser, User } from '../user';

/**
 * A user changed: `data` holds the new values, `clear` the fields removed. `event_id` lets a
 * receiver drop the copies of one change that reach it through several topics; Stoat's socket
 * sends it as null.
 */
export interface UserUpdateEvent {
  type: 'UserUpdate';
  id: string;
  data: PartialUser;
  clear: FieldsUser[];
  event_id: string | null;
}

/**
 * A relationship changed. Sent to each side: `id` is the receiver's id and `user` is the other
 * user as the receiver sees them (its `relationship` is the receiver's new status).
 */
export interface UserRelationshipEvent {
  type: 'UserRelationship';
  id: string;
  user: User;
}

/** Settings of user `id` changed on another device: `update` holds the changed keys. */
export interface UserSettingsUpdateEvent {
  type: 'UserSettingsUpdate';
  id: string;
  update: UserSettings;
}

/**
 * A user was banned from the platform or deleted: clients drop their messages, DMs,
 * relationships and memberships. `flags` says why (user flag bits).
 */
export interface UserPlatformWipeEvent {
  type: 'UserPlatformWipe';
  user_id: string;
  flags: number;
}

/** Every user event. */
export type UserEvent =
  UserUpdateEvent | UserRelationshipEvent | UserSettingsUpdateEvent | UserPlatformWipeEvent;
