/**
 * A session ended (logout or revoke). The socket of that session turns it into `Logout`; the
 * user's other sessions receive it as is. (Older protocol docs wrap these in an `Auth` event
 * with `event_type`; Stoat's server sends them at the top level, and so does Ermine.)
 */
export interface DeleteSessionEvent {
  type: 'DeleteSession';
  user_id: string;
  session_id: string;
}

/**
 * Every session of the user ended, except `exclude_session_id` when set. Stoat sends
 * `exclude_session_id: null` when no session was kept.
 */
export interface DeleteAllSessionsEvent {
  type: 'DeleteAllSessions';
  user_id: string;
  exclude_session_id: string | null;
}

/** Every auth event the API publishes. */
export type AuthEvent = DeleteSessionEvent | DeleteAllSessionsEvent;
