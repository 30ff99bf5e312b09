import type { SessionRow } from '@ermine/database';
import type { ResponseLogin, Session, SessionInfo } from '@ermine/models/session';
import { isoTime } from '@ermine/models/time';
import type { LoginOutcome } from './session-login';

/** A stored session and its plain token as Stoat's full `Session`. */
export function presentSession(row: SessionRow, token: string): Session {
  const session: Session = {
    _id: row.id,
    user_id: row.userId,
    token,
    name: row.name,
    last_seen: isoTime(row.lastSeen),
  };
  if (row.origin !== null) session.origin = row.origin;
  if (row.subscription !== null) session.subscription = { ...row.subscription };
  return session;
}

/** A stored session as `SessionInfo` (`{_id, name}`). */
export function presentSessionInfo(row: SessionRow): SessionInfo {
  return { _id: row.id, name: row.name };
}

/** A login outcome as Stoat's `ResponseLogin` (tag `result`). */
export function presentLoginOutcome(outcome: LoginOutcome): ResponseLogin {
  switch (outcome.result) {
    case 'Success':
      return { result: 'Success', ...presentSession(outcome.session, outcome.token) };
    case 'MFA':
      return { result: 'MFA', ticket: outcome.ticket, allowed_methods: outcome.allowedMethods };
    case 'Disabled':
      return { result: 'Disabled', user_id: outcome.userId };
  }
}
