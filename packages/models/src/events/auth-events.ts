/** A session ended (logout or revoke). Published on the user id's topic. */
export interface DeleteSessionEvent {
  type: 'DeleteSession';
  user_id: string;
  session_id: string;
}

/**
 * Every session of the user ended, except `exclude_session_id` when set. Published on the user
 * id's topic; Stoat sends `exclude_session_id: null` when no session was kept.
 */
export interface DeleteAllSessionsEvent {
  type: 'DeleteAllSessions';
  user_id: string;
  exclude_session_id: string | null;
}

/** Every auth event the API publishes. */
export type AuthEvent = DeleteSessionEvent | DeleteAllSessionsEvent;
