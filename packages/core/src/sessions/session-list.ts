import type { SessionRow } from '@ermine/database';
import type { CoreDeps } from '../deps';

/** `GET /auth/session/all`: every session of the user, oldest first. */
export function listSessions(deps: CoreDeps, userId: string): Promise<SessionRow[]> {
  return deps.db.sessions.listByUser(userId);
}
