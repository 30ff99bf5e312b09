import type { SessionRow } from '@ermine/database';
import type { DeleteSessionEvent } from '@ermine/models/events/auth-events';
import { fail } from '@ermine/result';
import type { CoreDeps } from '../deps';
import { publishEvent } from '../events/publish';

/** Deletes one session and publishes `DeleteSession` to its user's private audience. */
export async function endSession(deps: CoreDeps, session: SessionRow): Promise<void> {
  if (!(await deps.db.sessions.delete(session.id))) return;
  const event: DeleteSessionEvent = {
    type: 'DeleteSession',
    user_id: session.userId,
    session_id: session.id,
  };
  await publishEvent(deps, { private: session.userId }, event);
}

/**
 * `DELETE /auth/session/{id}`: revokes one of the caller's sessions. Unknown id → 404
 * `UnknownUser` (Stoat's name); another account's session → 401 `InvalidToken`.
 */
export async function revokeSession(deps: CoreDeps, caller: SessionRow, id: string): Promise<void> {
  const target = await deps.db.sessions.findById(id);
  if (!target) throw fail('UnknownUser');
  if (target.userId !== caller.userId) throw fail('InvalidToken');
  await endSession(deps, target);
}
