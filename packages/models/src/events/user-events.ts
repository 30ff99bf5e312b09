import type { FieldsUser, PartialUser, User } from '../user';

/** A user changed: `data` holds the new values, `clear` the fields removed. */
export interface UserUpdateEvent {
  type: 'UserUpdate';
  id: string;
  data: PartialUser;
  clear: FieldsUser[];
  event_id?: string;
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

/** Every user event the API publishes. */
export type UserEvent = UserUpdateEvent | UserRelationshipEvent;
